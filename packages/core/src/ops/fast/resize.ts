/**
 * Image resizing with TensorFlow's sampling conventions (`tf.image.resize`, which Keras 3 resizes with).
 * Bicubic, area, Lanczos, Gaussian, Mitchell-cubic and antialiased resizes are separable resampling
 * matrices applied with matMuls (resize-kernels.ts). Bilinear and nearest neighbour have a backward
 * pass Stratum owns. tfjs 4.22's resize gradients ignore `halfPixelCenters` on every backend (cpu and
 * webgl compute the legacy-sampling adjoint; wasm's ResizeBilinearGrad also returns a wrongly shaped
 * result for non-square images), yet `halfPixelCenters: true` is what Keras 3 resizes with
 * (keras/src/backend/tensorflow/image.py: `tf.image.resize`). Both resizes are separable, so the
 * gradient is the adjoint of a 1-D resampling along height and then width: a scatter-add of the output
 * gradient's rows, weighted by the interpolation weights, into the input rows (`scatterRows`, chosen per
 * backend). The forward pass is tfjs's kernel, which agrees with TensorFlow on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {scatterRows} from './gather.js';
import {resample} from './resize-kernels.js';
import type {MatrixMethod} from './resize-kernels.js';
import {splitGradients} from './split-grad.js';

/** The interpolations of `resize`: TensorFlow's `tf.image.resize` methods. */
export type ResizeInterpolation = 'nearest' | MatrixMethod;

const INTERPOLATIONS: readonly ResizeInterpolation[] = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];

/** How `resize` samples the input. */
export interface ResizeOptions {
  /**
   * 'bilinear' (default), 'nearest', 'bicubic' (Keys' cubic, a = -0.5), 'area', 'lanczos3', 'lanczos5',
   * 'gaussian' or 'mitchellcubic', weighted as TensorFlow's `tf.image.resize` does.
   */
  interpolation?: ResizeInterpolation;
  /**
   * When downsampling, widen the kernel by the downscale factor so that it filters as well as
   * interpolates (TensorFlow's scale_and_translate with `antialias`); default false. Ignored by
   * 'nearest' and 'area', as in TensorFlow.
   */
  antialias?: boolean;
  /** Corner pixels of input and output aligned (TF1 `align_corners`); default false. Bilinear and nearest only. */
  alignCorners?: boolean;
  /**
   * Pixel centres at +0.5 (TF2 and Keras 3); default true. Cannot be combined with `alignCorners`;
   * false (legacy sampling) only for bilinear and nearest.
   */
  halfPixelCenters?: boolean;
}

/** Where each output position along one axis reads: two source indices and the weight of the second. */
export interface AxisSampling {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

/**
 * The sampling along one axis, as TensorFlow's resize kernels compute it: the source coordinate of
 * output `o` is `o * scale` (legacy), `(o + 0.5) * scale - 0.5` (bilinear, half-pixel) or
 * `(o + 0.5) * scale` (nearest, half-pixel), with `scale = (in - 1) / (out - 1)` for aligned corners and
 * `in / out` otherwise. Nearest rounds (aligned corners) or floors it; bilinear interpolates between the
 * floor and the ceiling, both clamped into the input.
 */
export function axisSampling(inSize: number, outSize: number, opts: {interpolation: 'bilinear' | 'nearest'; alignCorners: boolean; halfPixelCenters: boolean}): AxisSampling {
  const scale = opts.alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    if (opts.interpolation === 'nearest') {
      const src = opts.halfPixelCenters ? (o + 0.5) * scale : o * scale;
      const i = Math.max(0, Math.min(inSize - 1, opts.alignCorners ? Math.round(src) : Math.floor(src)));
      lo[o] = i;
      hi[o] = i;
    } else {
      const src = opts.halfPixelCenters ? (o + 0.5) * scale - 0.5 : o * scale;
      const f = Math.floor(src);
      lo[o] = Math.max(f, 0);
      hi[o] = Math.min(Math.ceil(src), inSize - 1);
      frac[o] = src - f;
    }
  }
  return {lo, hi, frac};
}

/** The adjoint of resampling axis 0 of `g` [out, rest]: a weighted scatter-add into [inSize, rest]. */
function axisAdjoint(g: tf.Tensor2D, s: AxisSampling, inSize: number, nearest: boolean): tf.Tensor2D {
  const lo = tf.tensor1d(s.lo, 'int32');
  if (nearest) return scatterRows(lo, g, inSize);
  const w = tf.tensor2d(s.frac, [s.frac.length, 1]);
  const toLo = scatterRows(lo, tf.mul(g, tf.sub(1, w)), inSize);
  return tf.add(toLo, scatterRows(tf.tensor1d(s.hi, 'int32'), tf.mul(g, w), inSize));
}

/** d(images) from dy [b, oh, ow, c]: the height adjoint, then the width adjoint. */
function resizeBackward(dy: tf.Tensor, inShape: number[], sh: AxisSampling, sw: AxisSampling, nearest: boolean): tf.Tensor {
  const [b, ih, iw, c] = inShape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const byRows = tf.reshape(tf.transpose(dy, [1, 0, 2, 3]), [oh, b * ow * c]) as tf.Tensor2D;
  const h = tf.reshape(axisAdjoint(byRows, sh, ih, nearest), [ih, b, ow, c]);
  const byCols = tf.reshape(tf.transpose(h, [2, 1, 0, 3]), [ow, b * ih * c]) as tf.Tensor2D;
  const w = tf.reshape(axisAdjoint(byCols, sw, iw, nearest), [iw, b, ih, c]);
  return tf.transpose(w, [1, 2, 0, 3]);
}

/**
 * Resizes a batch of images [batch, height, width, channels] to [batch, size[0], size[1], channels].
 * Differentiable with respect to float32 images on every backend (the gradient is exact for the
 * sampling used, half-pixel centres included). Like `tf.image.resize`, the result is float32 except
 * for 'nearest', which keeps the input's dtype.
 *
 * @throws ShapeError unless `images` has rank 4; ValueError for a size that is not two positive
 *   integers, an unknown interpolation, `alignCorners` with `halfPixelCenters`, or aligned corners or
 *   legacy sampling with an interpolation other than bilinear and nearest (without antialias).
 */
export function resize(images: tf.Tensor, size: readonly [number, number], options: ResizeOptions = {}): tf.Tensor4D {
  const opts: Required<ResizeOptions> = {
    interpolation: options.interpolation ?? 'bilinear', antialias: options.antialias ?? false,
    alignCorners: options.alignCorners ?? false, halfPixelCenters: options.halfPixelCenters ?? true,
  };
  if (images.rank !== 4) throw new ShapeError(`resize: images must be [batch, height, width, channels], received shape [${images.shape}]`);
  if (size.length !== 2 || !size.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`resize: size must be two positive integers [height, width], received ${describe(size)}`);
  }
  const interpolation = opts.interpolation;
  if (!INTERPOLATIONS.includes(interpolation)) {
    throw new ValueError(`resize: interpolation must be one of ${INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}, received ${describe(interpolation)}`);
  }
  if (opts.alignCorners && opts.halfPixelCenters) {
    throw new ValueError('resize: alignCorners and halfPixelCenters cannot both be true');
  }
  const x = images as tf.Tensor4D;
  // Antialiased bilinear is a kernel resize too; nearest ignores antialias (tf.image.resize does).
  if (interpolation !== 'nearest' && (interpolation !== 'bilinear' || opts.antialias)) {
    if (opts.alignCorners || !opts.halfPixelCenters) {
      throw new ValueError(`resize: alignCorners and halfPixelCenters false apply only to 'bilinear' (without antialias) and 'nearest', received interpolation ${describe(interpolation)}${opts.antialias ? ' with antialias' : ''}`);
    }
    return tf.tidy(() => resample(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), size, interpolation, opts.antialias));
  }
  const [, ih, iw] = x.shape;
  const nearest = interpolation === 'nearest';
  const forward = (): tf.Tensor => (nearest
    ? tf.image.resizeNearestNeighbor(x, [size[0], size[1]], opts.alignCorners, opts.halfPixelCenters)
    : tf.image.resizeBilinear(x, [size[0], size[1]], opts.alignCorners, opts.halfPixelCenters));
  const sampling = {...opts, interpolation};
  const sh = axisSampling(ih, size[0], sampling);
  const sw = axisSampling(iw, size[1], sampling);
  if (x.dtype !== 'float32') {
    // Nearest keeps the dtype exactly (wasm's kernel would go through float32): it only picks pixels.
    if (nearest) return tf.tidy(() => tf.gather(tf.gather(x, tf.tensor1d(sh.lo, 'int32'), 1), tf.tensor1d(sw.lo, 'int32'), 2)) as tf.Tensor4D;
    return forward() as tf.Tensor4D;
  }
  return tf.tidy(() => splitGradients(
    forward,
    [{inputs: [x], keep: [], backward: (g) => [resizeBackward(g, x.shape, sh, sw, nearest)]}],
    null,
  )) as tf.Tensor4D;
}
