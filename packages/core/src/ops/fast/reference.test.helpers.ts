/**
 * Test helpers for the fast ops: seeded data, float64 references written as plain loops (independent
 * of tfjs and of the code under test), and gradients from tfjs autodiff of the stock ops on cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {FusedActivation, Padding} from './types.js';

/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** `n` seeded values in [-scale, scale). */
export function randArray(n: number, seed: number, scale = 1): Float64Array {
  const r = rng(seed);
  return Float64Array.from({length: n}, () => r() * scale);
}

export const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The activation in float64. */
export function act(z: number, activation: FusedActivation): number {
  switch (activation) {
    case 'linear': return z;
    case 'relu': return Math.max(z, 0);
    case 'relu6': return Math.min(Math.max(z, 0), 6);
    case 'sigmoid': return 1 / (1 + Math.exp(-z));
    case 'tanh': return Math.tanh(z);
    case 'elu': return z > 0 ? z : Math.exp(z) - 1;
  }
}

/** Whether pre-activations `z` exercise every piece of the activation (relu6: below 0, between, above 6). */
export function coversPieces(z: ArrayLike<number>, activation: FusedActivation): boolean {
  const v = Array.from(z);
  if (activation === 'relu6') return v.some((e) => e < 0) && v.some((e) => e > 0 && e < 6) && v.some((e) => e > 6);
  if (activation === 'relu' || activation === 'elu') return v.some((e) => e < 0) && v.some((e) => e > 0);
  return true;
}

/** Distance of a pre-activation from the activation's kinks (numeric gradients are wrong near them). */
export function kinkDistance(z: number, activation: FusedActivation): number {
  if (activation === 'relu' || activation === 'elu') return Math.abs(z);
  if (activation === 'relu6') return Math.min(Math.abs(z), Math.abs(z - 6));
  return Infinity;
}

/** op(a)·op(b) in float64; a, b row-major with the given shapes. */
export function refMatMul(a: ArrayLike<number>, aShape: number[], b: ArrayLike<number>, bShape: number[], tA: boolean, tB: boolean): Float64Array {
  const [m, k] = tA ? [aShape[1] as number, aShape[0] as number] : [aShape[0] as number, aShape[1] as number];
  const n = tB ? bShape[0] as number : bShape[1] as number;
  const at = (i: number, p: number): number => (tA ? a[p * m + i] : a[i * k + p]) as number;
  const bt = (p: number, j: number): number => (tB ? b[j * k + p] : b[p * n + j]) as number;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
    out[i * n + j] = s;
  }
  return out;
}

export interface RefConv {
  strides: [number, number]; dilations: [number, number]; padding: Padding;
}

/** TF output size and padding before, for one axis. */
export function tfPad(inSize: number, k: number, s: number, d: number, padding: Padding): [number, number] {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.floor((inSize - eff) / s) + 1, 0];
  const out = Math.ceil(inSize / s);
  return [out, Math.floor(Math.max((out - 1) * s + eff - inSize, 0) / 2)];
}

/** Pre-activation NHWC conv2d in float64 (bias added if given); returns values and shape. */
export function refConv2d(x: ArrayLike<number>, xShape: number[], w: ArrayLike<number>, wShape: number[], c: RefConv, bias: ArrayLike<number> | null): {z: Float64Array; shape: number[]} {
  const [n, h, wd, ci] = xShape as [number, number, number, number];
  const [kh, kw, , co] = wShape as [number, number, number, number];
  const [oh, pt] = tfPad(h, kh, c.strides[0], c.dilations[0], c.padding);
  const [ow, pl] = tfPad(wd, kw, c.strides[1], c.dilations[1], c.padding);
  const z = new Float64Array(n * oh * ow * co);
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let o = 0; o < co; o++) {
    let s = bias === null ? 0 : bias[o] as number;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * c.strides[0] + i * c.dilations[0] - pt;
      const ix = xx * c.strides[1] + j * c.dilations[1] - pl;
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
      for (let q = 0; q < ci; q++) s += (x[((b * h + iy) * wd + ix) * ci + q] as number) * (w[((i * kw + j) * ci + q) * co + o] as number);
    }
    z[((b * oh + y) * ow + xx) * co + o] = s;
  }
  return {z, shape: [n, oh, ow, co]};
}

/** Visits every pooling window: (output flat index, input flat indices of the window's real inputs in row-major order). */
export function forEachWindow(xShape: number[], k: [number, number], s: [number, number], padding: Padding, visit: (out: number, inputs: number[]) => void): number[] {
  const [n, h, w, c] = xShape as [number, number, number, number];
  const [oh, pt] = tfPad(h, k[0], s[0], 1, padding);
  const [ow, pl] = tfPad(w, k[1], s[1], 1, padding);
  for (let b = 0; b < n; b++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let q = 0; q < c; q++) {
    const inputs: number[] = [];
    for (let i = 0; i < k[0]; i++) for (let j = 0; j < k[1]; j++) {
      const iy = y * s[0] + i - pt, ix = xx * s[1] + j - pl;
      if (iy >= 0 && iy < h && ix >= 0 && ix < w) inputs.push(((b * h + iy) * w + ix) * c + q);
    }
    visit(((b * oh + y) * ow + xx) * c + q, inputs);
  }
  return [n, oh, ow, c];
}

/** Max pooling in float64 and its TF gradient (each window's dy to its first maximum; or to its last, with `tie`). */
export function refMaxPool(x: ArrayLike<number>, xShape: number[], k: [number, number], s: [number, number], padding: Padding, dy?: ArrayLike<number>, tie: 'first' | 'last' = 'first'): {y: Float64Array; dx: Float64Array; shape: number[]} {
  const ys: number[] = [];
  const dx = new Float64Array(size(xShape));
  const shape = forEachWindow(xShape, k, s, padding, (out, inputs) => {
    let best = inputs[0] as number;
    for (const i of inputs) {
      if ((x[i] as number) > (x[best] as number) || (tie === 'last' && x[i] === x[best])) best = i;
    }
    ys[out] = x[best] as number;
    if (dy !== undefined) dx[best] = (dx[best] as number) + (dy[out] as number);
  });
  return {y: Float64Array.from(ys), dx, shape};
}

/** Average pooling in float64 (mean of each window's real inputs) and its gradient. */
export function refAvgPool(x: ArrayLike<number>, xShape: number[], k: [number, number], s: [number, number], padding: Padding, dy?: ArrayLike<number>): {y: Float64Array; dx: Float64Array; shape: number[]} {
  const ys: number[] = [];
  const dx = new Float64Array(size(xShape));
  const shape = forEachWindow(xShape, k, s, padding, (out, inputs) => {
    ys[out] = inputs.reduce((acc, i) => acc + (x[i] as number), 0) / inputs.length;
    if (dy !== undefined) for (const i of inputs) dx[i] = (dx[i] as number) + (dy[out] as number) / inputs.length;
  });
  return {y: Float64Array.from(ys), dx, shape};
}

/**
 * Gradients of `sum(f(...inputs) * weights)` by tfjs autodiff of stock ops on the cpu backend
 * (switching to cpu and back). Inputs are plain arrays with shapes.
 */
export async function stockGradients(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Array<{values: ArrayLike<number>; shape: number[]}>, weights: ArrayLike<number>): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    const grads = tf.tidy(() => {
      const xs = inputs.map((i) => tf.tensor(Float32Array.from(i.values), i.shape));
      return tf.grads((...a: tf.Tensor[]) => {
        const y = f(...a);
        return tf.sum(tf.mul(y, tf.tensor(Float32Array.from(weights), y.shape)));
      })(xs);
    });
    const out = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
    tf.dispose(grads);
    return out;
  } finally {
    await tf.setBackend(previous);
  }
}

/** `sum(y * weights)` for gradient checks (weights a fixed array the shape of y). */
export function weightedSum(y: tf.Tensor, weights: ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.mul(y, tf.tensor(Float32Array.from(weights), y.shape))));
}

/** Gradients of `sum(f(...inputs) * weights)` through the code under test, on the active backend. */
export async function ownGradients(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: Array<{values: ArrayLike<number>; shape: number[]}>, weights: ArrayLike<number>): Promise<Float32Array[]> {
  const grads = tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(Float32Array.from(i.values), i.shape));
    return tf.grads((...a: tf.Tensor[]) => weightedSum(f(...a), weights))(xs);
  });
  const out = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  tf.dispose(grads);
  return out;
}

/** Asserts two arrays agree within `atol + rtol·|expected|`, naming the first bad index. */
export function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, atol = 1e-4, rtol = 1e-4): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number, e = expected[i] as number;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`${what}: index ${i}: ${a}, expected ${e} (|diff| ${Math.abs(a - e)})`);
    }
  }
}
