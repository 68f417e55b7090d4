/**
 * Float64 references for N-D convolutions (channels last), written as plain loops that enumerate every
 * product `y[yi] += x[xi] · w[wi]`: the forward value and the gradients of sum(y · weights) follow from
 * the same list, independent of tfjs and of the code under test. Also a generic checker that runs an op
 * against such a reference (values, float64 gradients, central differences).
 */
import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {numericGradient} from '../../testing/index.js';
import {expectArraysClose, randArray, size, weightedSum} from './reference.test.helpers.js';

/** The products of a linear op: [yi, xi, wi] triples, and the output shape. */
export interface Products {
  triples: Array<[number, number, number]>;
  yShape: number[];
}

const strides = (shape: number[]): number[] => shape.map((_d, i) => size(shape.slice(i + 1)));
const flat = (idx: number[], shape: number[]): number => idx.reduce((acc, v, i) => acc + v * (strides(shape)[i] as number), 0);

/** Every index of `shape`, row-major. */
function* indices(shape: number[]): Generator<number[]> {
  const total = size(shape);
  for (let f = 0; f < total; f++) {
    const idx: number[] = [];
    let r = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx.unshift(r % (shape[i] as number));
      r = Math.floor(r / (shape[i] as number));
    }
    yield idx;
  }
}

export interface ConvSpec {
  x: number[]; w: number[]; strides: number[]; dilations: number[]; padding: 'valid' | 'same'; groups?: number;
}

/** N-D convolution (TF padding: 'same' puts floor(total/2) before), x [n, ...spatial, C], w [...k, C/g, F]. */
export function convProducts(c: ConvSpec): Products {
  const r = c.x.length - 2;
  const g = c.groups ?? 1;
  const sp = c.x.slice(1, r + 1), k = c.w.slice(0, r);
  const [ci, f] = [c.w[r] as number, c.w[r + 1] as number];
  const out: number[] = [], before: number[] = [];
  sp.forEach((len, i) => {
    const span = ((k[i] as number) - 1) * (c.dilations[i] as number) + 1;
    const s = c.strides[i] as number;
    const o = c.padding === 'valid' ? Math.floor((len - span) / s) + 1 : Math.ceil(len / s);
    out.push(o);
    before.push(c.padding === 'valid' ? 0 : Math.floor(Math.max((o - 1) * s + span - len, 0) / 2));
  });
  const yShape = [c.x[0] as number, ...out, f];
  const triples: Array<[number, number, number]> = [];
  const perGroup = f / g;
  for (const yi of indices(yShape)) {
    const o = yi[r + 1] as number;
    const grp = Math.floor(o / perGroup);
    for (const t of indices(k)) {
      const pos = t.map((tt, i) => (yi[i + 1] as number) * (c.strides[i] as number) + tt * (c.dilations[i] as number) - (before[i] as number));
      if (pos.some((p, i) => p < 0 || p >= (sp[i] as number))) continue;
      for (let q = 0; q < ci; q++) {
        triples.push([flat(yi, yShape), flat([yi[0] as number, ...pos, grp * ci + q], c.x), flat([...t, q, o], c.w)]);
      }
    }
  }
  return {triples, yShape};
}

export interface TransposeSpec {
  x: number[]; w: number[]; strides: number[]; dilations: number[]; padding: 'valid' | 'same'; outputPadding: number[] | null;
}

/**
 * N-D transposed convolution as JAX computes it (Keras's reference, backend_utils.py): the input
 * dilated by the stride, padded (left, right) as Keras's conversion gives, correlated with the flipped
 * kernel. x [n, ...spatial, Cin], w [...k, F, Cin].
 */
export function transposeProducts(c: TransposeSpec): Products {
  const r = c.x.length - 2;
  const sp = c.x.slice(1, r + 1), k = c.w.slice(0, r);
  const [f, ci] = [c.w[r] as number, c.w[r + 1] as number];
  const left: number[] = [], out: number[] = [];
  sp.forEach((len, i) => {
    const s = c.strides[i] as number, span = ((k[i] as number) - 1) * (c.dilations[i] as number) + 1;
    const op = c.outputPadding === null ? null : c.outputPadding[i] as number;
    let lp: number, rp: number;
    if (c.padding === 'valid') {
      lp = span - 1;
      rp = span - 1 + (op ?? Math.max(span, s) - span);
    } else {
      const padLen = op === null ? s + span - 2 : span + (span % 2) - 2 + op;
      lp = Math.min(Math.floor(padLen / 2) + (padLen % 2), span - 1);
      rp = padLen - lp;
    }
    left.push(lp);
    out.push((len - 1) * s + 1 + lp + rp - span + 1);
  });
  const yShape = [c.x[0] as number, ...out, f];
  const triples: Array<[number, number, number]> = [];
  for (const yi of indices(yShape)) {
    for (const t of indices(k)) {
      // Dilated-padded input position read by flipped tap t, and the input step it holds (if any).
      const j = t.map((tt, i) => (yi[i + 1] as number) + tt * (c.dilations[i] as number) - (left[i] as number));
      if (j.some((p, i) => p < 0 || p % (c.strides[i] as number) !== 0 || p / (c.strides[i] as number) >= (sp[i] as number))) continue;
      const src = j.map((p, i) => p / (c.strides[i] as number));
      const flipped = t.map((tt, i) => (k[i] as number) - 1 - tt);
      for (let q = 0; q < ci; q++) {
        triples.push([flat(yi, yShape), flat([yi[0] as number, ...src, q], c.x), flat([...flipped, yi[r + 1] as number, q], c.w)]);
      }
    }
  }
  return {triples, yShape};
}

/** y = products + bias (per last axis) and the gradients [dx, dw, db] of sum(y · weights). */
export function evaluate(p: Products, x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number>, weights: ArrayLike<number>): {y: Float64Array; grads: Float64Array[]} {
  const ch = p.yShape[p.yShape.length - 1] as number;
  const y = new Float64Array(size(p.yShape));
  const dx = new Float64Array(x.length), dw = new Float64Array(w.length), db = new Float64Array(ch);
  for (let i = 0; i < y.length; i++) {
    y[i] = b[i % ch] as number;
    db[i % ch] = (db[i % ch] as number) + (weights[i] as number);
  }
  for (const [yi, xi, wi] of p.triples) {
    y[yi] = (y[yi] as number) + (x[xi] as number) * (w[wi] as number);
    dx[xi] = (dx[xi] as number) + (weights[yi] as number) * (w[wi] as number);
    dw[wi] = (dw[wi] as number) + (weights[yi] as number) * (x[xi] as number);
  }
  return {y, grads: [dx, dw, db]};
}

const t = (v: ArrayLike<number>, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(v), shape);

/**
 * Checks `op(x, w, b)` against the float64 reference `p`: output shape and values, the gradients of
 * sum(y · weights) for x, w and b against float64, and (unless `numeric` is false) against central
 * differences on the active backend.
 */
export async function checkAgainstReference(
  op: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor, xShape: number[], wShape: number[], p: Products, seed: number, numeric = true,
): Promise<void> {
  const ch = p.yShape[p.yShape.length - 1] as number;
  const x = randArray(size(xShape), seed), w = randArray(size(wShape), seed + 1), b = randArray(ch, seed + 2);
  const weights = randArray(size(p.yShape), seed + 3);
  const ref = evaluate(p, x, w, b, weights);
  const ts = [t(x, xShape), t(w, wShape), t(b, [ch])] as [tf.Tensor, tf.Tensor, tf.Tensor];
  const y = op(...ts);
  expect(y.shape).to.deep.equal(p.yShape);
  expectArraysClose(await y.data(), ref.y, 'y', 3e-5, 1e-5);
  const grads = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => weightedSum(op(a, bw, bb), weights))(ts);
  for (let i = 0; i < 3; i++) {
    const got = await grads[i]!.data();
    expectArraysClose(got, ref.grads[i]!, `gradient ${i} vs float64`, 3e-5, 1e-4);
    if (numeric) {
      const num = await numericGradient((v) => weightedSum(op(...(ts.map((u, j) => (j === i ? v : u)) as [tf.Tensor, tf.Tensor, tf.Tensor])), weights), ts[i]);
      expectArraysClose(got, num, `gradient ${i} vs numeric`, 3e-3, 3e-3);
    }
  }
  tf.dispose([...ts, y, ...grads]);
}
