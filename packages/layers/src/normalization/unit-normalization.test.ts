import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {UnitNormalization} from './unit-normalization.js';
import {meanSquare64} from './reference.test.helpers.js';

describeBackends('UnitNormalization', () => {
  it('passes the shared layer test on the last axis and on two axes', async () => {
    await runLayerTest({create: () => new UnitNormalization(), inputShape: [3, 4], expectedOutputShape: [3, 4], expectedWeights: []});
    await runLayerTest({create: () => new UnitNormalization({axis: [1, 2]}), inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2], expectedWeights: []});
  });

  it('scales each row to unit L2 norm: [3, 4] -> [0.6, 0.8]; an all-zero row stays zero', async () => {
    const layer = new UnitNormalization();
    await expectClose(layer.apply(tensor([[3, 4], [0, 0]])), [[0.6, 0.8], [0, 0]], 1e-6);
    // keras/src/ops/nn.py _normalize: the squared norm is clamped, so the gradient at zero is finite.
    const g = ops.grad((x) => ops.sum(layer.apply(x)))(tensor([[0, 0]]));
    expect(Array.from(await g.data()).every(Number.isFinite)).to.equal(true);
    g.dispose();
    layer.dispose();
  });

  it('matches a float64 reference over axes [1, 2]', async () => {
    const shape = [2, 3, 4];
    const x = ops.randomUniform(shape, -2, 2, 'float32', 3);
    const y = new UnitNormalization({axis: [1, 2]}).apply(x);
    const data = Array.from(await x.data());
    const ms = meanSquare64(data, shape, [1, 2]);
    await expectClose(y, data.map((v, i) => v / Math.sqrt((ms[i] as number) * 12)), 1e-5, 1e-5);
    ops.dispose([x, y]);
  });

  it('rejects a bad axis', () => {
    expect(() => new UnitNormalization({axis: 1.5})).to.throw(ValueError, /axis must be an integer or a non-empty list of integers, received 1.5/);
    expect(() => new UnitNormalization({axis: 2}).computeOutputShape([null, 3])).to.throw(ValueError, /axis 2 is out of range/);
  });
});
