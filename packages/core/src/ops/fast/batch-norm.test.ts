import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks} from '../../testing/index.js';
import {batchNormalize, channelAffine, channelMoments, channelSums} from './batch-norm.js';
import {forceFastPath} from './backend-choice.js';
import {expectArraysClose, ownGradients, randArray, size} from './reference.test.helpers.js';

const EPS = 1e-3;

interface Case {
  xShape: number[];
  x: Float64Array; mean: Float64Array; variance: Float64Array; offset: Float64Array; scale: Float64Array; weights: Float64Array;
}

function makeCase(xShape: number[], seed: number): Case {
  const c = xShape[xShape.length - 1] as number;
  return {
    xShape,
    x: randArray(size(xShape), seed, 3),
    mean: randArray(c, seed + 1),
    // Variances in [0.1, 2.1): away from 0, where 1/sqrt is steep.
    variance: randArray(c, seed + 2).map((v) => 1.1 + v),
    offset: randArray(c, seed + 3),
    scale: randArray(c, seed + 4, 2),
    weights: randArray(size(xShape), seed + 5),
  };
}

/** The forward pass and the gradients of sum(weights · y) with respect to x, mean, variance, offset, scale, in float64. */
function reference(k: Case): {y: Float64Array; dx: Float64Array; dMean: Float64Array; dVar: Float64Array; dOffset: Float64Array; dScale: Float64Array} {
  const c = k.mean.length;
  const n = k.x.length;
  const r = Float64Array.from(k.variance, (v) => 1 / Math.sqrt(v + EPS));
  const y = new Float64Array(n), dx = new Float64Array(n);
  const dMean = new Float64Array(c), dVar = new Float64Array(c), dOffset = new Float64Array(c), dScale = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    const ch = i % c;
    const [x, m, rc, s, w] = [k.x[i] as number, k.mean[ch] as number, r[ch] as number, k.scale[ch] as number, k.weights[i] as number];
    y[i] = (x - m) * s * rc + (k.offset[ch] as number);
    dx[i] = w * s * rc;
    dMean[ch] = (dMean[ch] as number) - w * s * rc;
    // d/dv (v + eps)^(-1/2) = -(1/2) (v + eps)^(-3/2)
    dVar[ch] = (dVar[ch] as number) + w * (x - m) * s * -0.5 * rc ** 3;
    dOffset[ch] = (dOffset[ch] as number) + w;
    dScale[ch] = (dScale[ch] as number) + w * (x - m) * rc;
  }
  return {y, dx, dMean, dVar, dOffset, dScale};
}

const t = (values: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(values), shape);

describeBackends('ops.batchNormalize', () => {
  for (const xShape of [[6, 5], [2, 3, 4, 7]]) {
    it(`matches a float64 reference, values and all five gradients, x [${xShape}]`, async () => {
      const k = makeCase(xShape, xShape.length * 11);
      const ref = reference(k);
      const c = k.mean.length;
      const y = batchNormalize(t(k.x, xShape), {mean: t(k.mean, [c]), variance: t(k.variance, [c]), offset: t(k.offset, [c]), scale: t(k.scale, [c]), epsilon: EPS});
      expectArraysClose(await y.data(), ref.y, 'y');
      y.dispose();
      const grads = await ownGradients((x, m, v, o, s) => batchNormalize(x as tf.Tensor, {mean: m as tf.Tensor, variance: v as tf.Tensor, offset: o, scale: s, epsilon: EPS}),
        [{values: k.x, shape: xShape}, {values: k.mean, shape: [c]}, {values: k.variance, shape: [c]}, {values: k.offset, shape: [c]}, {values: k.scale, shape: [c]}], k.weights);
      const [dx, dMean, dVar, dOffset, dScale] = grads as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      expectArraysClose(dx, ref.dx, 'dx');
      expectArraysClose(dMean, ref.dMean, 'dMean', 1e-4, 1e-3);
      expectArraysClose(dVar, ref.dVar, 'dVariance', 1e-4, 1e-3);
      expectArraysClose(dOffset, ref.dOffset, 'dOffset', 1e-4, 1e-3);
      expectArraysClose(dScale, ref.dScale, 'dScale', 1e-4, 1e-3);
    });
  }

  it('without offset and scale: (x - mean) / sqrt(variance + epsilon), and gradients for x, mean and variance', async () => {
    const k = makeCase([4, 3], 5);
    const ones = new Float64Array(3).fill(1);
    const ref = reference({...k, offset: new Float64Array(3), scale: ones});
    const y = batchNormalize(t(k.x, [4, 3]), {mean: t(k.mean, [3]), variance: t(k.variance, [3]), epsilon: EPS});
    expectArraysClose(await y.data(), ref.y, 'y');
    y.dispose();
    const [dx, dMean, dVar] = await ownGradients((x, m, v) => batchNormalize(x as tf.Tensor, {mean: m as tf.Tensor, variance: v as tf.Tensor, epsilon: EPS}),
      [{values: k.x, shape: [4, 3]}, {values: k.mean, shape: [3]}, {values: k.variance, shape: [3]}], k.weights) as [Float32Array, Float32Array, Float32Array];
    expectArraysClose(dx, ref.dx, 'dx');
    expectArraysClose(dMean, ref.dMean, 'dMean', 1e-4, 1e-3);
    expectArraysClose(dVar, ref.dVar, 'dVariance', 1e-4, 1e-3);
  });

  it('the generic formulation (tfjs batchNorm forward, own gradient) gives the same values and gradients', async () => {
    const k = makeCase([3, 2, 5], 23);
    const ref = reference(k);
    forceFastPath('generic');
    try {
      const [dx, , , , dScale] = await ownGradients((x, m, v, o, s) => batchNormalize(x as tf.Tensor, {mean: m as tf.Tensor, variance: v as tf.Tensor, offset: o, scale: s, epsilon: EPS}),
        [{values: k.x, shape: k.xShape}, {values: k.mean, shape: [5]}, {values: k.variance, shape: [5]}, {values: k.offset, shape: [5]}, {values: k.scale, shape: [5]}], k.weights) as Float32Array[];
      expectArraysClose(dx as Float32Array, ref.dx, 'dx');
      expectArraysClose(dScale as Float32Array, ref.dScale, 'dScale', 1e-4, 1e-3);
      const y = batchNormalize(t(k.x, k.xShape), {mean: t(k.mean, [5]), variance: t(k.variance, [5]), offset: t(k.offset, [5]), scale: t(k.scale, [5]), epsilon: EPS});
      expectArraysClose(await y.data(), ref.y, 'y');
      y.dispose();
    } finally {
      forceFastPath(null);
    }
  });

  it('channelSums and channelAffine: sums over all but the last axis, and (x - shift) · factor + add per channel', async () => {
    const x = randArray(2 * 3 * 4, 9);
    const sums = await channelSums(t(x, [2, 3, 4])).data();
    const expected = [0, 1, 2, 3].map((ch) => x.filter((_, i) => i % 4 === ch).reduce((a, b) => a + b, 0));
    expectArraysClose(sums, expected, 'channelSums');
    const [shift, factor, add] = [randArray(4, 1), randArray(4, 2), randArray(4, 3)];
    const y = await channelAffine(t(x, [2, 3, 4]), t(shift, [4]) as tf.Tensor1D, t(factor, [4]) as tf.Tensor1D, t(add, [4]) as tf.Tensor1D).data();
    expectArraysClose(y, x.map((v, i) => (v - (shift[i % 4] as number)) * (factor[i % 4] as number) + (add[i % 4] as number)), 'channelAffine');
  });

  it('leaks no tensors, forward or backward', async () => {
    const k = makeCase([4, 3], 2);
    const x = t(k.x, [4, 3]), m = t(k.mean, [3]), v = t(k.variance, [3]), o = t(k.offset, [3]), s = t(k.scale, [3]);
    await expectNoLeaks(() => {
      tf.dispose(batchNormalize(x, {mean: m, variance: v, offset: o, scale: s}));
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor, e: tf.Tensor) =>
        tf.sum(batchNormalize(a, {mean: b, variance: c, offset: d, scale: e})))([x, m, v, o, s]));
    });
    tf.dispose([x, m, v, o, s]);
  });

  it('refuses parameters that are not one value per channel, rank-1 inputs and bad epsilons', () => {
    const x = tf.zeros([2, 3]);
    const c3 = tf.ones([3]), c2 = tf.ones([2]);
    expect(() => batchNormalize(x, {mean: c2, variance: c3})).to.throw(ShapeError, /mean must have shape \[3\] \(x's last axis\), received \[2\]/);
    expect(() => batchNormalize(x, {mean: c3, variance: c3, scale: tf.ones([1, 3])})).to.throw(ShapeError, /scale must have shape \[3\]/);
    expect(() => batchNormalize(tf.ones([3]), {mean: c3, variance: c3})).to.throw(ShapeError, /rank >= 2/);
    expect(() => batchNormalize(x, {mean: c3, variance: c3, epsilon: -1})).to.throw(ValueError, /epsilon must be a finite number >= 0, received -1/);
    tf.dispose([x, c3, c2]);
  });
});

describeBackends('ops.channelMoments', () => {
  it('mean and biased variance per channel, and the gradient of a weighted sum of both, match float64', async () => {
    const shape = [3, 4, 5];
    const c = 5, rows = 12;
    // An offset of 50 checks the two-pass variance (a one-pass E[x²] - mean² would lose digits).
    const x = randArray(size(shape), 31, 2).map((v, i) => v + (i % c === 0 ? 50 : 0));
    const [wm, wv] = [randArray(c, 32), randArray(c, 33)];
    const mean = new Float64Array(c), variance = new Float64Array(c), dx = new Float64Array(x.length);
    x.forEach((v, i) => { mean[i % c] = (mean[i % c] as number) + v / rows; });
    x.forEach((v, i) => { variance[i % c] = (variance[i % c] as number) + (v - (mean[i % c] as number)) ** 2 / rows; });
    // d/dx_i of Σ wm·mean + Σ wv·variance = wm_c / M + wv_c · 2 (x_i - mean_c) / M
    x.forEach((v, i) => { dx[i] = ((wm[i % c] as number) + (wv[i % c] as number) * 2 * (v - (mean[i % c] as number))) / rows; });
    const m = channelMoments(t(x, shape));
    expectArraysClose(await m.mean.data(), mean, 'mean');
    expectArraysClose(await m.variance.data(), variance, 'variance', 1e-4, 1e-3);
    tf.dispose([m.mean, m.variance]);
    const [g] = await ownGradients((xt) => {
      const r = channelMoments(xt as tf.Tensor);
      return tf.concat([tf.mul(r.mean, t(wm, [c])), tf.mul(r.variance, t(wv, [c]))]);
    }, [{values: x, shape}], new Float64Array(2 * c).fill(1));
    expectArraysClose(g as Float32Array, dx, 'dx', 1e-4, 1e-3);
  });

  it('leaks no tensors, and refuses rank 1', async () => {
    const x = t(randArray(12, 4), [4, 3]);
    await expectNoLeaks(() => {
      const r = channelMoments(x);
      tf.dispose([r.mean, r.variance]);
      tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(channelMoments(a).variance))(x));
    });
    x.dispose();
    expect(() => channelMoments(tf.ones([3]))).to.throw(ShapeError, /channelMoments: x must have rank >= 2/);
  });
});
