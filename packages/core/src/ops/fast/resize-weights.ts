/**
 * The weights of TensorFlow's image resamplings along one axis (`tf.image.resize`, which Keras 3
 * resizes with), computed from the sizes alone. Each output pixel reads a contiguous span of input
 * pixels, following tensorflow/core/kernels/image:
 * - `scale_and_translate_op.cc` (lanczos3, lanczos5, gaussian, mitchellcubic; bilinear and bicubic
 *   with `antialias`, as the 'triangle' and 'keyscubic' kernels): output `o` samples the input at
 *   `(o + 0.5) · in / out`; input pixel `s` has weight `k((s + 0.5 - sample) / ks)` for the taps within
 *   the kernel's radius times `ks` (clamped into the image), normalised to sum 1, where `ks`, the
 *   kernel's widening, is `max(in / out, 1)` with `antialias` and 1 without.
 * - `resize_bicubic_op.cc` with half-pixel centres (bicubic without antialias): Keys' cubic with
 *   a = -0.5 at the four taps around `(o + 0.5) · in / out - 0.5`, its fractional part rounded to a
 *   1/1024 step as TensorFlow's coefficient table does, taps outside the image dropped and the rest
 *   renormalised.
 * - `resize_area_op.cc` (area): output `o` averages the input over `[o · in / out, (o + 1) · in / out)`,
 *   each input pixel weighted by its overlap with that interval.
 */

/** The resamplings given by weights (every `tf.image.resize` method but nearest). */
export type MatrixMethod = 'bilinear' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'mitchellcubic';

/** The input pixels one output pixel reads: `weights[k]` for pixel `start + k`. */
export interface SpanRow {
  start: number;
  weights: Float64Array;
}

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

/** w scaled to sum 1 (left as is when the sum is ~0, as TensorFlow does). */
function normalised(w: Float64Array): Float64Array {
  const sum = w.reduce((a, b) => a + b, 0);
  return Math.abs(sum) < 1e-35 ? w : w.map((v) => v / sum);
}

/** scale_and_translate's rows (zero translation, scale out / in). */
function kernelRows(inSize: number, outSize: number, kernel: Kernel, antialias: boolean): SpanRow[] {
  const inv = inSize / outSize;
  const ks = antialias ? Math.max(inv, 1) : 1;
  const reach = kernel.radius * ks;
  return Array.from({length: outSize}, (_, o) => {
    const sample = (o + 0.5) * inv;
    const start = Math.min(Math.max(Math.ceil(sample - reach - 0.5), 0), inSize - 1);
    const end = Math.min(Math.max(Math.floor(sample + reach - 0.5), 0), inSize - 1);
    const w = Float64Array.from({length: end - start + 1}, (_, k) => kernel.at(Math.abs(start + k + 0.5 - sample) / ks));
    return {start, weights: normalised(w)};
  });
}

/** C's lrint in the default rounding mode: to nearest, ties to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** resize_bicubic's rows with half-pixel centres (Keys a = -0.5 from a 1024-step table). */
function bicubicRows(inSize: number, outSize: number): SpanRow[] {
  const scale = inSize / outSize;
  return Array.from({length: outSize}, (_, o) => {
    const src = (o + 0.5) * scale - 0.5;
    const base = Math.floor(src);
    const step = roundHalfEven((src - base) * 1024) / 1024;
    // Taps base-1 .. base+2 at distances 1+step, step, 1-step, 2-step; those outside the image dropped.
    const start = Math.max(base - 1, 0);
    const end = Math.min(base + 2, inSize - 1);
    const w = Float64Array.from({length: end - start + 1}, (_, k) => Math.fround(keysCubic(Math.abs(start + k - base - step))));
    return {start, weights: normalised(w)};
  });
}

/** resize_area's rows: the overlap of each input pixel with the output pixel's interval, normalised. */
function areaRows(inSize: number, outSize: number): SpanRow[] {
  return Array.from({length: outSize}, (_, o) => {
    const lo = (o * inSize) / outSize;
    const hi = ((o + 1) * inSize) / outSize;
    const start = Math.floor(lo);
    const end = Math.min(Math.ceil(hi), inSize) - 1;
    const w = Float64Array.from({length: end - start + 1}, (_, k) => (Math.min(start + k + 1, hi) - Math.max(start + k, lo)) / (hi - lo));
    return {start, weights: w};
  });
}

/**
 * The rows of one axis's resampling, one per output pixel, as TensorFlow's `tf.image.resize` weighs
 * them for `method`. `antialias` widens the kernel by the downscale factor (scale_and_translate); it
 * changes nothing for 'area', and 'bilinear' without it is the half-pixel bilinear interpolation.
 */
export function resamplingRows(inSize: number, outSize: number, method: MatrixMethod, antialias: boolean): SpanRow[] {
  if (method === 'area') return areaRows(inSize, outSize);
  if (method === 'bicubic' && !antialias) return bicubicRows(inSize, outSize);
  return kernelRows(inSize, outSize, KERNELS[method], antialias);
}

/** Whether the rows map an axis to itself unchanged (to float32 precision). */
export function isIdentity(rows: SpanRow[], inSize: number): boolean {
  return rows.length === inSize && rows.every((r, o) => r.weights.every((v, k) => Math.abs(v - (r.start + k === o ? 1 : 0)) < 1e-7));
}

/** The rows of the transposed map (in -> out becomes out -> in): the adjoint, which the gradient applies. */
export function transposeRows(rows: SpanRow[], inSize: number): SpanRow[] {
  const lo = new Array<number>(inSize).fill(Infinity);
  const hi = new Array<number>(inSize).fill(-Infinity);
  rows.forEach((r, o) => r.weights.forEach((_, k) => {
    const i = r.start + k;
    lo[i] = Math.min(lo[i] as number, o);
    hi[i] = Math.max(hi[i] as number, o);
  }));
  const out = Array.from({length: inSize}, (_, i) => {
    const start = Number.isFinite(lo[i]) ? lo[i] as number : 0;
    const length = Number.isFinite(lo[i]) ? (hi[i] as number) - start + 1 : 0;
    return {start, weights: new Float64Array(length)};
  });
  rows.forEach((r, o) => r.weights.forEach((v, k) => {
    const t = out[r.start + k] as SpanRow;
    t.weights[o - t.start] = (t.weights[o - t.start] as number) + v;
  }));
  return out;
}
