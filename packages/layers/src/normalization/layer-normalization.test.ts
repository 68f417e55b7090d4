import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {LayerNormalization} from './layer-normalization.js';
import {broadcastWeight, moments64} from './reference.test.helpers.js';

/** Float64 layer normalization of `x` over `axes`, with gamma/beta spanning those axes. */
function reference(x: number[], shape: number[], axes: number[], eps: number, gamma: number[], beta: number[]): number[] {
  const {mean, variance} = moments64(x, shape, axes);
  const g = broadcastWeight(gamma, shape, axes);
  const b = broadcastWeight(beta, shape, axes);
  return x.map((v, i) => ((v - (mean[i] as number)) / Math.sqrt((variance[i] as number) + eps)) * (g[i] as number) + (b[i] as number));
}

describeBackends('LayerNormalization', () => {
  it('passes the shared layer test: last axis, several axes, no weights, rmsScaling', async () => {
    await runLayerTest({create: () => new LayerNormalization(), inputShape: [2, 3, 5], expectedOutputShape: [2, 3, 5], expectedWeights: [{name: 'gamma', shape: [5]}, {name: 'beta', shape: [5]}]});
    await runLayerTest({create: () => new LayerNormalization({axis: [2, 1]}), inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 3, 4, 2], expectedWeights: [{name: 'gamma', shape: [3, 4]}, {name: 'beta', shape: [3, 4]}]});
    await runLayerTest({create: () => new LayerNormalization({axis: 1, center: false, scale: false}), inputShape: [2, 4, 3], expectedOutputShape: [2, 4, 3], expectedWeights: []});
    await runLayerTest({create: () => new LayerNormalization({rmsScaling: true, center: true}), inputShape: [3, 6], expectedOutputShape: [3, 6], expectedWeights: [{name: 'gamma', shape: [6]}]});
  });

  it('normalizes a row by hand: [1, 2, 3, 4] has mean 2.5 and variance 1.25', async () => {
    const layer = new LayerNormalization();
    const d = Math.sqrt(1.25 + 1e-3);
    await expectClose(layer.apply(tensor([[1, 2, 3, 4]])), [[-1.5 / d, -0.5 / d, 0.5 / d, 1.5 / d]], 1e-6);
    layer.dispose();
  });

  it('matches a float64 reference with learned gamma and beta on a non-trailing axis and on two axes', async () => {
    for (const {shape, axis, axes} of [{shape: [2, 3, 4], axis: 1, axes: [1]}, {shape: [2, 3, 4], axis: [-1, 1], axes: [1, 2]}]) {
      const layer = new LayerNormalization({axis, epsilon: 1e-2});
      const x = ops.randomUniform(shape, -3, 5, 'float32', 5);
      layer.apply(x).dispose();
      const wSize = axes.reduce((n, a) => n * (shape[a] as number), 1);
      const gamma = Array.from({length: wSize}, (_v, i) => 0.5 + 0.25 * i);
      const beta = Array.from({length: wSize}, (_v, i) => -1 + 0.3 * i);
      const wShape = axes.map((a) => shape[a] as number);
      const ws = [tensor(gamma, wShape), tensor(beta, wShape)];
      layer.setWeights(ws);
      const y = layer.apply(x);
      await expectClose(y, reference(Array.from(await x.data()), shape, axes, 1e-2, gamma, beta), 1e-4, 1e-4);
      ops.dispose([x, y, ...ws]);
      layer.dispose();
    }
  });

  it("rmsScaling (Keras 3's deprecated option) divides by sqrt(variance + epsilon) without centering", async () => {
    // keras/src/ops/nn.py _layer_normalization, rms_scaling branch: x · rsqrt(var + eps) · gamma.
    const layer = new LayerNormalization({rmsScaling: true, epsilon: 0.25});
    // [1, 3]: variance 1, so x / sqrt(1.25).
    await expectClose(layer.apply(tensor([[1, 3]])), [[1 / Math.sqrt(1.25), 3 / Math.sqrt(1.25)]], 1e-6);
    expect(layer.getConfig()).to.include({rmsScaling: true});
    layer.dispose();
  });

  it("counts parameters as Keras: axis [1, 2, 3] of [5, 20, 30, 40] gives gamma and beta of [20, 30, 40]", () => {
    // keras/src/layers/normalization/layer_normalization.py docstring example.
    const layer = new LayerNormalization({axis: [1, 2, 3]});
    layer.build([5, 20, 30, 40]);
    expect(layer.weights.map((w) => w.shape)).to.deep.equal([[20, 30, 40], [20, 30, 40]]);
    expect(layer.countParams()).to.equal(48000);
    layer.dispose();
  });

  it('rejects bad axes and epsilon, naming the value', () => {
    expect(() => new LayerNormalization({axis: 'x' as never})).to.throw(ValueError, /axis must be an integer or a non-empty list of integers, received "x"/);
    expect(() => new LayerNormalization({epsilon: 0})).to.throw(ValueError, /epsilon must be a positive number, received 0/);
    expect(() => new LayerNormalization({axis: [1, -2]}).build([null, 3, 4])).to.throw(ValueError, /duplicate axes/);
    expect(() => new LayerNormalization({axis: 3}).build([null, 3, 4])).to.throw(ValueError, /axis 3 is out of range for an input of rank 3/);
    expect(() => new LayerNormalization({axis: 1}).build([null, null, 4])).to.throw(ValueError, /axis 1 of the input must have a known size/);
  });
});
