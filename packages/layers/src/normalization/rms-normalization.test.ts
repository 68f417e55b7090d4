import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {RMSNormalization} from './rms-normalization.js';
import {broadcastWeight, meanSquare64} from './reference.test.helpers.js';

describeBackends('RMSNormalization', () => {
  it('passes the shared layer test on the last axis and on two axes', async () => {
    await runLayerTest({create: () => new RMSNormalization(), inputShape: [3, 5], expectedOutputShape: [3, 5], expectedWeights: [{name: 'scale', shape: [5]}]});
    await runLayerTest({create: () => new RMSNormalization({axis: [1, 2]}), inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2], expectedWeights: [{name: 'scale', shape: [3, 2]}]});
  });

  it('divides by the root mean square by hand: [1, 2, 3, 4] has mean square 7.5', async () => {
    const layer = new RMSNormalization();
    const r = Math.sqrt(7.5 + 1e-6);
    await expectClose(layer.apply(tensor([[1, 2, 3, 4]])), [[1 / r, 2 / r, 3 / r, 4 / r]], 1e-6);
    layer.dispose();
  });

  it('matches a float64 reference with a learned scale, on the last axis and on a leading axis', async () => {
    for (const {axis, axes} of [{axis: -1, axes: [2]}, {axis: 1, axes: [1]}]) {
      const shape = [2, 3, 4];
      const layer = new RMSNormalization({axis, epsilon: 1e-3});
      const x = ops.randomUniform(shape, -2, 3, 'float32', 4);
      layer.apply(x).dispose();
      const n = shape[axes[0] as number] as number;
      const scale = Array.from({length: n}, (_v, i) => 0.5 + i);
      const w = tensor(scale);
      layer.setWeights([w]);
      const data = Array.from(await x.data());
      const ms = meanSquare64(data, shape, axes);
      const s = broadcastWeight(scale, shape, axes);
      const y = layer.apply(x);
      await expectClose(y, data.map((v, i) => (v / Math.sqrt((ms[i] as number) + 1e-3)) * (s[i] as number)), 1e-5, 1e-5);
      ops.dispose([x, y, w]);
      layer.dispose();
    }
  });

  it('counts one scale per normalized feature, as Keras, and rejects a bad epsilon', () => {
    // keras/src/layers/normalization/rms_normalization.py docstring: build([5, 20, 30, 10]) gives scale (10,).
    const layer = new RMSNormalization();
    layer.build([5, 20, 30, 10]);
    expect(layer.countParams()).to.equal(10);
    layer.dispose();
    expect(() => new RMSNormalization({epsilon: -1})).to.throw(ValueError, /epsilon must be a positive number, received -1/);
  });
});
