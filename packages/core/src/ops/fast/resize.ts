/**
 * Image resizing (bilinear and nearest neighbour) with TensorFlow's sampling conventions and a backward
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
import {splitGradients} from './split-grad.js';

/** How `resize` samples the input. */
export interface ResizeOptions {
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Corner pixels of input and output aligned (TF1 `align_corners`); default false. */
  alignCorners?: boolean;
  /** Pixel centres at +0.5 (TF2 and Keras 3); default true. Cannot be combined with `alignCorners`. */
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
export function axisSampling(inSize: number, outSize: number, opts: Required<ResizeOptions>): AxisSampling {
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
 * Differentiable with respect to the images on every backend (the gradient is exact for the sampling
 * used, half-pixel centres included).
 *
 * @throws ShapeError unless `images` has rank 4; ValueError for a size that is not two positive
 *   integers, or for `alignCorners` with `halfPixelCenters`.
 */
export function resize(images: tf.Tensor, size: readonly [number, number], options: ResizeOptions = {}): tf.Tensor4D {
  const opts: Required<ResizeOptions> = {interpolation: 'bilinear', alignCorners: false, halfPixelCenters: true, ...options};
  if (images.rank !== 4) throw new ShapeError(`resize: images must be [batch, height, width, channels], received shape [${images.shape}]`);
  if (size.length !== 2 || !size.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`resize: size must be two positive integers [height, width], received ${describe(size)}`);
  }
  if (opts.interpolation !== 'bilinear' && opts.interpolation !== 'nearest') {
    throw new ValueError(`resize: interpolation must be 'bilinear' or 'nearest', received ${describe(opts.interpolation)}`);
  }
  if (opts.alignCorners && opts.halfPixelCenters) {
    throw new ValueError('resize: alignCorners and halfPixelCenters cannot both be true');
  }
  const x = images as tf.Tensor4D;
  const [, ih, iw] = x.shape;
  const nearest = opts.interpolation === 'nearest';
  const forward = (): tf.Tensor => (nearest
    ? tf.image.resizeNearestNeighbor(x, [size[0], size[1]], opts.alignCorners, opts.halfPixelCenters)
    : tf.image.resizeBilinear(x, [size[0], size[1]], opts.alignCorners, opts.halfPixelCenters));
  if (x.dtype !== 'float32') return forward() as tf.Tensor4D;
  const sh = axisSampling(ih, size[0], opts);
  const sw = axisSampling(iw, size[1], opts);
  return tf.tidy(() => splitGradients(
    forward,
    [{inputs: [x], keep: [], backward: (g) => [resizeBackward(g, x.shape, sh, sw, nearest)]}],
    null,
  )) as tf.Tensor4D;
}
