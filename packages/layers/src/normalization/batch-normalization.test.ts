/**
 * BatchNormalization against Keras 3's formulas (keras/src/layers/normalization/batch_normalization.py),
 * computed here in float64: batch statistics and moving-average updates in training, moving statistics
 * at inference and whenever the layer is frozen, masked moments, batch renormalization.
 */
import {expect} from 'chai';
import {ShapeError, ValueError, initializers, ops, tensor, tensor2d, tensor3d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose, numericGradient} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {BatchNormalization} from './batch-normalization.js';

const X = [
  [1, -2, 0.5],
  [3, 0, -1.5],
  [-1, 4, 2],
  [0.5, 1, 1],
];
const EPS = 1e-3;

/** Per-column mean and biased variance, float64. */
function stats(rows: number[][]): {mean: number[]; variance: number[]} {
  const n = rows.length;
  const mean = (rows[0] as number[]).map((_, j) => rows.reduce((a, r) => a + (r[j] as number), 0) / n);
  const variance = mean.map((m, j) => rows.reduce((a, r) => a + ((r[j] as number) - m) ** 2, 0) / n);
  return {mean, variance};
}

const normalize = (rows: number[][], mean: number[], variance: number[], gamma: number[], beta: number[]): number[][] =>
  rows.map((r) => r.map((v, j) => ((gamma[j] as number) * (v - (mean[j] as number))) / Math.sqrt((variance[j] as number) + EPS) + (beta[j] as number)));

async function read(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describeBackends('BatchNormalization', () => {
  it('passes the shared layer test (channels last and channels first)', async () => {
    await runLayerTest({
      create: () => new BatchNormalization({gammaInitializer: new initializers.RandomUniform({minval: 0.5, maxval: 1.5, seed: 1}), betaInitializer: new initializers.RandomUniform({minval: -1, maxval: 1, seed: 2})}),
      inputShape: [4, 3],
      expectedOutputShape: [4, 3],
      expectedWeights: [
        {name: 'gamma', shape: [3]},
        {name: 'beta', shape: [3]},
        {name: 'moving_mean', shape: [3]},
        {name: 'moving_variance', shape: [3]},
      ],
      expectedTrainable: 2,
    });
    await runLayerTest({
      create: () => new BatchNormalization({axis: 1, scale: false}),
      inputShape: [2, 3, 4, 4],
      expectedOutputShape: [2, 3, 4, 4],
      expectedWeights: [
        {name: 'beta', shape: [3]},
        {name: 'moving_mean', shape: [3]},
        {name: 'moving_variance', shape: [3]},
      ],
      expectedTrainable: 1,
    });
  });

  it('trains on batch statistics and moves the moving statistics by momentum', async () => {
    const bn = new BatchNormalization({momentum: 0.9});
    const x = tensor2d(X);
    const {mean, variance} = stats(X);
    await expectClose(bn.apply(x, {training: true}), normalize(X, mean, variance, [1, 1, 1], [0, 0, 0]).flat(), 1e-4);
    const movingMean = mean.map((m) => 0.1 * m);
    const movingVar = variance.map((v) => 0.9 + 0.1 * v);
    await expectClose((bn.movingMean as NonNullable<typeof bn.movingMean>).value, movingMean, 1e-6);
    await expectClose((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value, movingVar, 1e-6);
    // Inference uses the moving statistics and changes nothing.
    await expectClose(bn.apply(x), normalize(X, movingMean, movingVar, [1, 1, 1], [0, 0, 0]).flat(), 1e-4);
    await expectClose((bn.movingMean as NonNullable<typeof bn.movingMean>).value, movingMean, 1e-6);
    bn.dispose();
  });

  it('runs in inference mode when frozen, even in training, and its statistics never move (Keras 3)', async () => {
    const bn = new BatchNormalization({momentum: 0.5});
    const x = tensor2d(X);
    bn.apply(x, {training: true}).dispose();
    const before = await read((bn.movingMean as NonNullable<typeof bn.movingMean>).value);
    const beforeVar = await read((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value);
    bn.trainable = false;
    const y = bn.apply(x, {training: true});
    await expectClose(y, normalize(X, before, beforeVar, [1, 1, 1], [0, 0, 0]).flat(), 1e-4);
    expect(await read((bn.movingMean as NonNullable<typeof bn.movingMean>).value)).to.deep.equal(before);
    expect(await read((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value)).to.deep.equal(beforeVar);
    expect(bn.trainableWeights).to.have.length(0);
    bn.dispose();
  });

  it('gives the analytic gradient through the batch statistics in training', async () => {
    const bn = new BatchNormalization({gammaInitializer: new initializers.Constant({value: 1.5})});
    const x = tensor2d(X);
    const probe = tensor2d([
      [0.3, -1, 0.2],
      [1, 0.5, -0.7],
      [-0.4, 0.9, 0.1],
      [0.6, -0.2, 1],
    ]);
    bn.apply(x).dispose();
    bn.trainable = true;
    const f = (t: Tensor): Tensor => ops.sum(ops.mul(bn.apply(t, {training: true}), probe));
    const analytic = ops.grad(f)(x);
    await expectClose(analytic, Array.from(await numericGradient(f, x, 1e-2)), 2e-2, 5e-2);
    ops.dispose([analytic, probe, x]);
    bn.dispose();
  });

  it('leaves masked steps out of the batch statistics (keras _moments with a mask)', async () => {
    const bn = new BatchNormalization({momentum: 0});
    const x = tensor3d([
      [
        [1, 2],
        [3, -1],
        [100, 100],
      ],
      [
        [-2, 0],
        [-50, 7],
        [0, 1],
      ],
    ]);
    const mask = tensor2d([
      [1, 1, 0],
      [1, 0, 1],
    ]).cast('bool');
    bn.apply(x, {training: true, mask}).dispose();
    const kept = [
      [1, 2],
      [3, -1],
      [-2, 0],
      [0, 1],
    ];
    const n = kept.length + 1e-7;
    const mean = [0, 1].map((j) => kept.reduce((a, r) => a + (r[j] as number), 0) / n);
    const variance = [0, 1].map((j) => kept.reduce((a, r) => a + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / n);
    await expectClose((bn.movingMean as NonNullable<typeof bn.movingMean>).value, mean, 1e-5);
    await expectClose((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value, variance, 1e-4);
    expect(() => bn.apply(x, {training: true, mask: tensor([true, false]).reshape([2, 1, 1]).tile([1, 3, 2])})).to.throw(ShapeError, /one axis less than the input/);
    bn.dispose();
  });

  it('batch renormalization: Keras corrections r, d and its statistics after one step', async () => {
    const clip = {rmax: 1.5, rmin: 0.8, dmax: 0.5};
    const bn = new BatchNormalization({renorm: true, renormClipping: clip, renormMomentum: 0.9, momentum: 0.8});
    const x = tensor2d(X);
    const y = bn.apply(x, {training: true});
    const {mean, variance} = stats(X);
    const stddev = variance.map((v) => Math.sqrt(v + EPS));
    // renorm_mean 0 and renorm_stddev sqrt(1) = 1 to start.
    const r = stddev.map((s) => Math.min(Math.max(s / 1, clip.rmin), clip.rmax));
    const d = mean.map((m) => Math.min(Math.max(m / 1, -clip.dmax), clip.dmax));
    const expected = X.map((row) => row.map((v, j) => ((v - (mean[j] as number)) / (stddev[j] as number)) * (r[j] as number) + (d[j] as number)));
    await expectClose(y, expected.flat(), 1e-4);
    const movingStd = stddev.map((s) => 0.8 + 0.2 * s);
    await expectClose((bn.movingMean as NonNullable<typeof bn.movingMean>).value, mean.map((m) => 0.2 * m), 1e-6);
    await expectClose((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value, movingStd.map((s) => Math.max(s * s - EPS, 0)), 1e-5);
    expect(bn.weights.map((w) => w.name)).to.deep.equal(['gamma', 'beta', 'moving_mean', 'moving_variance', 'moving_stddev', 'renorm_mean', 'renorm_stddev']);
    bn.dispose();
  });

  it('refuses bad arguments with the value and what was expected', () => {
    expect(() => new BatchNormalization({momentum: 1.5})).to.throw(ValueError, /momentum must be a number in \[0, 1\], received 1.5/);
    expect(() => new BatchNormalization({epsilon: 0})).to.throw(ValueError, /epsilon must be a positive number/);
    expect(() => new BatchNormalization({axis: [1, 2]})).to.throw(ValueError, /axis must be an integer \(or a one-element list\)/);
    expect(() => new BatchNormalization({renorm: true, renormClipping: {rmax: 0.5, rmin: 1}})).to.throw(ValueError, /rmax \(0.5\) must be >= rmin \(1\)/);
    const bn = new BatchNormalization({axis: 3, name: 'bn'});
    expect(() => bn.apply(ops.zeros([2, 3]))).to.throw(ValueError, /BatchNormalization "bn": axis 3 is out of range for inputs of rank 2/);
    expect(new BatchNormalization({axis: [1]}).axis).to.equal(1);
  });
});
