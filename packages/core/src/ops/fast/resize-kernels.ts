/**
 * Image resampling by separable per-axis matrices: bicubic, area, Lanczos, Gaussian, Mitchell-cubic,
 * and antialiased bilinear, as TensorFlow computes them (and so Keras 3's `tf.image.resize`).
 *
 * Every such resize is a linear map applied along height and then width, whose weights depend only on
 * the sizes: `y[b, o, p, c] = Σ_i Σ_j H[o, i] · W[p, j] · x[b, i, j, c]`. The matrices are built here
 * in JavaScript from the sizes (no data is read back) and applied with two matMuls, so the forward
 * pass runs on every backend, and its gradient is the same map with the transposed matrices (built in
 * JavaScript as well), again two plain matMuls: no transposed-operand matMul, which is slow on wasm.
 *
 * The weights follow tensorflow/core/kernels/image:
 * - `scale_and_translate_op.cc` (lanczos3, lanczos5, gaussian, mitchellcubic; bilinear and bicubic
 *   with `antialias`, as the 'triangle' and 'keyscubic' kernels): output `o` samples the input at
 *   `(o + 0.5) · in / out`; input pixel `s` has weight `k((s + 0.5 - sample) / ks)` for the taps within
 *   the kernel's radius times `ks` (clamped into the image), normalised to sum 1, where `ks`, the
 *   kernel's widening, is `max(in / out, 1)` with `antialias` and 1 without.
 * - `resize_bicubic_op.cc` with half-pixel centres (bicubic without antialias): Keys' cubic with
 *   a = -0.5 at the four taps around `(o + 0.5) · in / out - 0.5`, its fractional part rounded to a
 *   1/1024 table step as TensorFlow's coefficient table does, taps outside the image dropped and the
 *   rest renormalised.
 * - `resize_area_op.cc` (area): output `o` averages the input over `[o · in / out, (o + 1) · in / out)`,
 *   each input pixel weighted by its overlap with that interval.
 */
import * as tf from '@tensorflow/tfjs-core';
import {splitGradients} from './split-grad.js';

/** The resamplings built from matrices. */
export type MatrixMethod = 'bilinear' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';

/** A scale_and_translate kernel: its radius and its value at a distance >= 0. */
interface Kernel {
  radius: number;
  at: (x: number) => number;
}

const lanczos = (radius: number): Kernel => ({
  radius,
  // sin(πx)·sin(πx/r)·r/(πx)²; 1 near 0, where the quotient is 0/0.
  at: (x) => (x > radius ? 0 : x <= 1e-3 ? 1 : (radius * Math.sin(Math.PI * x) * Math.sin((Math.PI * x) / radius)) / (Math.PI * Math.PI * x * x)),
});

/** Keys' cubic convolution kernel with a = -0.5 (Catmull-Rom). */
const keysCubic = (x: number): number => (x >= 2 ? 0 : x >= 1 ? ((-0.5 * x + 2.5) * x - 4) * x + 2 : (1.5 * x - 2.5) * x * x + 1);

const KERNELS: Record<Exclude<MatrixMethod, 'area'>, Kernel> = {
  bilinear: {radius: 1, at: (x) => (x < 1 ? 1 - x : 0)},
  bicubic: {radius: 2, at: keysCubic},
  lanczos3: lanczos(3),
  lanczos5: lanczos(5),
  // sigma = radius / 3 = 0.5.
  gaussian: {radius: 1.5, at: (x) => (x >= 1.5 ? 0 : Math.exp((-x * x) / 0.5))},
  // Mitchell-Netravali with B = C = 1/3.
  mitchellcubic: {
    radius: 2,
    at: (x) => (x >= 2 ? 0 : x >= 1 ? ((-7 / 18 * x + 2) * x - 10 / 3) * x + 16 / 9 : (7 / 6 * x - 2) * x * x + 8 / 9),
  },
};

/** Row `o` of `m` [out, in] scaled to sum 1 (left as is when the sum is ~0, as TensorFlow does). */
function normaliseRow(m: Float64Array, inSize: number, o: number): void {
  let sum = 0;
  for (let i = 0; i < inSize; i++) sum += m[o * inSize + i] as number;
  if (Math.abs(sum) < 1e-35) return;
  for (let i = 0; i < inSize; i++) m[o * inSize + i] = (m[o * inSize + i] as number) / sum;
}

/** scale_and_translate's weights (zero translation, scale out / in). */
function kernelMatrix(inSize: number, outSize: number, kernel: Kernel, antialias: boolean): Float64Array {
  const m = new Float64Array(outSize * inSize);
  const inv = inSize / outSize;
  const ks = antialias ? Math.max(inv, 1) : 1;
  const reach = kernel.radius * ks;
  for (let o = 0; o < outSize; o++) {
    const sample = (o + 0.5) * inv;
    const start = Math.min(Math.max(Math.ceil(sample - reach - 0.5), 0), inSize - 1);
    const end = Math.min(Math.max(Math.floor(sample + reach - 0.5), 0), inSize - 1);
    for (let s = start; s <= end; s++) m[o * inSize + s] = kernel.at(Math.abs(s + 0.5 - sample) / ks);
    normaliseRow(m, inSize, o);
  }
  return m;
}

/** resize_bicubic's weights with half-pixel centres (Keys a = -0.5 from a 1024-step table). */
function bicubicMatrix(inSize: number, outSize: number): Float64Array {
  const m = new Float64Array(outSize * inSize);
  const scale = inSize / outSize;
  const TABLE = 1024;
  for (let o = 0; o < outSize; o++) {
    const src = (o + 0.5) * scale - 0.5;
    const base = Math.floor(src);
    const step = roundHalfEven((src - base) * TABLE) / TABLE;
    // Taps base-1 .. base+2 at distances 1+step, step, 1-step, 2-step.
    for (let t = -1; t <= 2; t++) {
      const i = base + t;
      if (i >= 0 && i < inSize) m[o * inSize + i] = (m[o * inSize + i] as number) + Math.fround(keysCubic(Math.abs(t - step)));
    }
    normaliseRow(m, inSize, o);
  }
  return m;
}

/** C's lrint in the default rounding mode: to nearest, ties to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** resize_area's weights: the overlap of each input pixel with the output pixel's interval, normalised. */
function areaMatrix(inSize: number, outSize: number): Float64Array {
  const m = new Float64Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const lo = (o * inSize) / outSize;
    const hi = ((o + 1) * inSize) / outSize;
    for (let i = Math.floor(lo); i < Math.min(Math.ceil(hi), inSize); i++) {
      m[o * inSize + i] = (Math.min(i + 1, hi) - Math.max(i, lo)) / (hi - lo);
    }
  }
  return m;
}

/**
 * The [out, in] resampling matrix of one axis (row-major), as TensorFlow's `tf.image.resize` weighs
 * it for `method`. `antialias` widens the kernel by the downscale factor (scale_and_translate); it
 * changes nothing for 'area', and 'bilinear' without it is the half-pixel bilinear interpolation.
 */
export function resamplingMatrix(inSize: number, outSize: number, method: MatrixMethod, antialias: boolean): Float64Array {
  if (method === 'area') return areaMatrix(inSize, outSize);
  if (method === 'bicubic' && !antialias) return bicubicMatrix(inSize, outSize);
  return kernelMatrix(inSize, outSize, KERNELS[method], antialias);
}

/** Whether the square matrix m [n, n] is the identity (to float32 precision). */
function isIdentity(m: Float64Array, inSize: number, outSize: number): boolean {
  if (inSize !== outSize) return false;
  return m.every((v, k) => Math.abs(v - (k % (inSize + 1) === 0 ? 1 : 0)) < 1e-7);
}

/** The matrices of one axis: [in, out] for the forward pass and [out, in] for the gradient (null: identity). */
interface AxisMaps {
  forward: Float32Array | null;
  backward: Float32Array | null;
  inSize: number;
  outSize: number;
}

function axisMaps(inSize: number, outSize: number, method: MatrixMethod, antialias: boolean): AxisMaps {
  const m = resamplingMatrix(inSize, outSize, method, antialias);
  if (isIdentity(m, inSize, outSize)) return {forward: null, backward: null, inSize, outSize};
  const t = new Float32Array(inSize * outSize);
  for (let o = 0; o < outSize; o++) for (let i = 0; i < inSize; i++) t[i * outSize + o] = m[o * inSize + i] as number;
  return {forward: t, backward: Float32Array.from(m), inSize, outSize};
}

/** x [..., n] times m [n, k]: [..., k]. */
function lastAxis(x: tf.Tensor, m: Float32Array, n: number, k: number): tf.Tensor {
  const rows = tf.reshape(x, [-1, n]);
  return tf.reshape(tf.matMul(rows, tf.tensor2d(m, [n, k])), [...x.shape.slice(0, -1), k]);
}

/**
 * y [b, oh, ow, c] from x [b, h, w, c]: axis 1 through `mh` [h, oh] and axis 2 through `mw` [w, ow]
 * (null: left as is).
 */
function separable(x: tf.Tensor4D, mh: Float32Array | null, mw: Float32Array | null, oh: number, ow: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (mh === null && mw === null) return tf.clone(x);
  if (mh === null) return tf.transpose(lastAxis(tf.transpose(x, [0, 1, 3, 2]), mw as Float32Array, w, ow), [0, 1, 3, 2]) as tf.Tensor4D;
  // [b, w, c, h] -> [b, w, c, oh]
  const rowsDone = lastAxis(tf.transpose(x, [0, 2, 3, 1]), mh, h, oh);
  if (mw === null) return tf.transpose(rowsDone, [0, 3, 1, 2]) as tf.Tensor4D;
  // [b, oh, c, w] -> [b, oh, c, ow] -> [b, oh, ow, c]
  return tf.transpose(lastAxis(tf.transpose(rowsDone, [0, 3, 2, 1]), mw, w, ow), [0, 1, 3, 2]) as tf.Tensor4D;
}

/**
 * Resizes float32 images [batch, height, width, channels] to `size` with `method`, differentiably on
 * every backend (forward and gradient are matMuls with matrices built from the sizes).
 */
export function resample(images: tf.Tensor4D, size: readonly [number, number], method: MatrixMethod, antialias: boolean): tf.Tensor4D {
  const [, h, w] = images.shape;
  const [oh, ow] = size;
  const ah = axisMaps(h, oh, method, antialias);
  const aw = axisMaps(w, ow, method, antialias);
  return tf.tidy(() => splitGradients(
    () => separable(images, ah.forward, aw.forward, oh, ow),
    [{inputs: [images], keep: [], backward: (g) => [separable(g as tf.Tensor4D, ah.backward, aw.backward, h, w)]}],
    null,
  )) as tf.Tensor4D;
}
