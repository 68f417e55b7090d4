import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../testing/index.js';
import {getActivation, glu, logSoftmax, softmax, sparsemax} from './index.js';

/** Float64 log-softmax of one row. */
function logSoftmaxRow(r: number[]): number[] {
  const m = Math.max(...r);
  const lse = m + Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0));
  return r.map((v) => v - lse);
}

/**
 * Float64 sparsemax of one row by bisection on τ: the projection onto the simplex is max(z - τ, 0) with
 * τ the root of Σ max(z - τ, 0) = 1 (a different route from the sort-based one in the code).
 */
function sparsemaxRow(z: number[]): number[] {
  let lo = Math.min(...z) - 1;
  let hi = Math.max(...z);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const s = z.reduce((acc, v) => acc + Math.max(v - mid, 0), 0);
    if (s > 1) lo = mid;
    else hi = mid;
  }
  const tau = (lo + hi) / 2;
  return z.map((v) => Math.max(v - tau, 0));
}

function transpose(m: number[][]): number[][] {
  return (m[0] as number[]).map((_, j) => m.map((row) => row[j] as number));
}

describeBackends('axis-wise activations', () => {
  const rows = [[1, 2, 3, -1], [0, 0, 0, 0], [-1, 5, 2, 2], [1000, 999, -1000, 0]];

  it('log_softmax matches the float64 formula and is stable for large logits', async () => {
    const x = tf.tensor2d(rows);
    await expectNoLeaks(async () => {
      const y = getActivation('log_softmax').apply(x);
      await expectClose(y, rows.map(logSoftmaxRow), 1e-5, 1e-6);
      y.dispose();
    });
    x.dispose();
  });

  it('softmax and log_softmax along axis 0 equal the row versions of the transpose', async () => {
    const x = tf.tensor2d(rows);
    const s0 = softmax(x, {axis: 0});
    const l0 = logSoftmax(x, {axis: -2});
    const expectedLog = transpose(transpose(rows).map(logSoftmaxRow));
    await expectClose(l0, expectedLog, 1e-5, 1e-6);
    await expectClose(s0, expectedLog.map((r) => r.map(Math.exp)), 1e-6, 1e-5);
    // a rank-3 input along the middle axis
    const x3 = tf.tensor3d([[[1, 2], [3, 4], [5, 9]]]);
    const s3 = softmax(x3, {axis: 1});
    const col0 = logSoftmaxRow([1, 3, 5]).map(Math.exp);
    const col1 = logSoftmaxRow([2, 4, 9]).map(Math.exp);
    await expectClose(s3, [[[col0[0], col1[0]], [col0[1], col1[1]], [col0[2], col1[2]]]] as number[][][], 1e-6, 1e-5);
    tf.dispose([x, s0, l0, x3, s3]);
  });

  it('glu splits the axis in half: a · sigmoid(b)', async () => {
    const v = [[1, -2, 0.5, 3], [4, 0, -1, -6]];
    const x = tf.tensor2d(v);
    const y = getActivation('glu').apply(x);
    const sig = (t: number): number => 1 / (1 + Math.exp(-t));
    await expectClose(y, v.map((r) => [(r[0] as number) * sig(r[2] as number), (r[1] as number) * sig(r[3] as number)]), 1e-6, 1e-6);
    const y0 = glu(x, {axis: 0});
    await expectClose(y0, [v[0]!.map((a, j) => a * sig(v[1]![j] as number))], 1e-6, 1e-6);
    expect(() => glu(tf.zeros([2, 3]))).to.throw(ValueError, /glu: the size of axis 1 must be even, received an input of shape \[2, 3\]/);
    tf.dispose([x, y, y0]);
  });

  it('sparsemax by hand and against a bisection reference', async () => {
    const hand = tf.tensor2d([[1, 0.5, -1], [3, 0, 0], [0, 0, 0]]);
    // [1, .5, -1]: support {1, .5}, τ = (1.5 - 1)/2 = .25; [3, 0, 0]: τ = 2; ties: uniform 1/3
    const ph = getActivation('sparsemax').apply(hand);
    await expectClose(ph, [[0.75, 0.25, 0], [1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], 1e-6);
    const x = tf.tensor2d(rows);
    const p = sparsemax(x);
    await expectClose(p, rows.map(sparsemaxRow), 1e-5, 1e-5);
    const sums = tf.sum(p, -1);
    await expectClose(sums, [1, 1, 1, 1], 1e-6);
    const p0 = sparsemax(x, {axis: 0});
    await expectClose(p0, transpose(transpose(rows).map(sparsemaxRow)), 1e-5, 1e-5);
    tf.dispose([hand, ph, x, p, sums, p0]);
  });

  it('gradients of softmax (axis 0), log_softmax, glu and sparsemax match central differences', async () => {
    const x = tf.tensor2d([[0.3, -1.2, 0.8, 0.1], [1.5, 0.2, -0.4, 0.9]]);
    const w = tf.tensor2d([[0.5, -1, 2, 0.3], [-0.7, 1.1, 0.4, -1.6]]);
    const fns: [string, (t: tf.Tensor) => tf.Tensor][] = [
      ['softmax axis 0', (t) => softmax(t, {axis: 0})],
      ['log_softmax', (t) => logSoftmax(t)],
      ['glu', (t) => glu(t)],
      ['sparsemax', (t) => sparsemax(t)],
      ['sparsemax axis 0', (t) => sparsemax(t, {axis: 0})],
    ];
    for (const [name, f] of fns) {
      const loss = (t: tf.Tensor): tf.Tensor => tf.sum(tf.mul(f(t), name === 'glu' ? tf.slice(w, [0, 0], [2, 2]) : w));
      const analytic = tf.grad(loss)(x);
      const numeric = await numericGradient(loss, x, 1e-2);
      try {
        await expectClose(analytic, Array.from(numeric), 3e-3, 3e-3);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      analytic.dispose();
    }
    tf.dispose([x, w]);
  });
});

describe('axis-wise activation validation', () => {
  it('rejects an axis outside the input rank', () => {
    const x = tf.zeros([2, 3]);
    expect(() => softmax(x, {axis: 2})).to.throw(ValueError, /softmax: axis must be an integer in \[-2, 1\] for an input of rank 2, received 2/);
    expect(() => logSoftmax(x, {axis: 0.5})).to.throw(ValueError, /received 0.5/);
    expect(() => sparsemax(x, {axis: -3})).to.throw(ValueError, /sparsemax: axis/);
    x.dispose();
  });
});
