import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {GroupNormalization} from './group-normalization.js';
import {broadcastWeight, moments64, unravel} from './reference.test.helpers.js';

/**
 * Float64 group normalization: element i belongs to group floor(channel / (C / G)) of its sample; the
 * statistics are those of all elements of that sample and group.
 */
function reference(x: number[], shape: number[], axis: number, groups: number, eps: number, gamma: number[], beta: number[]): number[] {
  const per = (shape[axis] as number) / groups;
  // A [batch, group] label per element, then moments over "everything but the label".
  const label = x.map((_v, i) => {
    const idx = unravel(i, shape);
    return (idx[0] as number) * groups + Math.floor((idx[axis] as number) / per);
  });
  const sums = new Map<number, number[]>();
  label.forEach((l, i) => sums.set(l, [...(sums.get(l) ?? []), x[i] as number]));
  const stats = new Map<number, {mean: number; variance: number}>();
  for (const [l, vs] of sums) {
    const {mean, variance} = moments64(vs, [vs.length], [0]);
    stats.set(l, {mean: mean[0] as number, variance: variance[0] as number});
  }
  const g = broadcastWeight(gamma, shape, [axis]);
  const b = broadcastWeight(beta, shape, [axis]);
  return x.map((v, i) => {
    const s = stats.get(label[i] as number) as {mean: number; variance: number};
    return ((v - s.mean) / Math.sqrt(s.variance + eps)) * (g[i] as number) + (b[i] as number);
  });
}

describeBackends('GroupNormalization', () => {
  it('passes the shared layer test: channels last, channels first, instance normalization', async () => {
    await runLayerTest({create: () => new GroupNormalization({groups: 2}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [{name: 'gamma', shape: [4]}, {name: 'beta', shape: [4]}]});
    await runLayerTest({create: () => new GroupNormalization({groups: 3, axis: 1}), inputShape: [2, 6, 2, 2], expectedOutputShape: [2, 6, 2, 2], expectedWeights: [{name: 'gamma', shape: [6]}, {name: 'beta', shape: [6]}]});
    await runLayerTest({create: () => new GroupNormalization({groups: -1, center: false}), inputShape: [2, 4, 3], expectedOutputShape: [2, 4, 3], expectedWeights: [{name: 'gamma', shape: [3]}]});
  });

  it('matches a float64 reference with per-channel gamma and beta (channels last and first)', async () => {
    for (const {shape, axis, groups} of [{shape: [2, 3, 6], axis: -1, groups: 3}, {shape: [2, 4, 3, 2], axis: 1, groups: 2}, {shape: [3, 5, 4], axis: 2, groups: 1}]) {
      const layer = new GroupNormalization({groups, axis, epsilon: 1e-2});
      const x = ops.randomUniform(shape, -2, 4, 'float32', 9);
      layer.apply(x).dispose();
      const a = axis < 0 ? shape.length + axis : axis;
      const c = shape[a] as number;
      const gamma = Array.from({length: c}, (_v, i) => 0.5 + 0.5 * i);
      const beta = Array.from({length: c}, (_v, i) => 1 - 0.4 * i);
      const ws = [tensor(gamma), tensor(beta)];
      layer.setWeights(ws);
      const y = layer.apply(x);
      await expectClose(y, reference(Array.from(await x.data()), shape, a, groups, 1e-2, gamma, beta), 1e-4, 1e-4);
      ops.dispose([x, y, ...ws]);
      layer.dispose();
    }
  });

  it('normalizes each group by hand: channels [1, 3 | 10, 30] in two groups', async () => {
    const layer = new GroupNormalization({groups: 2, epsilon: 1e-3});
    // Group 1: mean 2, variance 1; group 2: mean 20, variance 100.
    const [d1, d2] = [Math.sqrt(1 + 1e-3), Math.sqrt(100 + 1e-3)];
    await expectClose(layer.apply(tensor([[1, 3, 10, 30]])), [[-1 / d1, 1 / d1, -10 / d2, 10 / d2]], 1e-6);
    layer.dispose();
  });

  it('rejects groups that do not divide the channels, too many groups, and bad arguments', () => {
    // keras/src/layers/normalization/group_normalization.py: the same three checks.
    expect(() => new GroupNormalization({groups: 0})).to.throw(ValueError, /groups must be a positive integer \(or -1 for instance normalization\), received 0/);
    expect(() => new GroupNormalization({axis: [1, 2] as never})).to.throw(ValueError, /axis must be an integer/);
    expect(() => new GroupNormalization({groups: 4}).build([null, 6])).to.throw(ValueError, /groups \(4\) must divide the number of channels \(6\)/);
    expect(() => new GroupNormalization({groups: 8}).build([null, 6])).to.throw(ValueError, /groups \(8\) cannot be more than the number of channels \(6\)/);
    expect(() => new GroupNormalization({groups: 2, axis: 0}).build([4, 6])).to.throw(ValueError, /batch axis/);
    const layer = new GroupNormalization({groups: 2});
    layer.apply(ops.zeros([1, 4])).dispose();
    expect(() => layer.apply(ops.zeros([1, 6]))).to.throw(ShapeError);
    layer.dispose();
  });
});
