import {expect} from 'chai';
import {ShapeError, ValueError, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Softmax} from './softmax.js';

const E = Math.E;

describeBackends('Softmax', () => {
  it('passes the shared layer test (last axis, axis 1, two axes)', async () => {
    await runLayerTest({create: () => new Softmax(), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
    await runLayerTest({create: () => new Softmax({axis: 1}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
    await runLayerTest({create: () => new Softmax({axis: [1, 2]}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
  });

  it("matches Keras's docstring example [1, 2, 1] (keras/src/layers/activations/softmax.py)", async () => {
    await expectClose(new Softmax().apply(tensor([1, 2, 1])), [0.21194157, 0.5761169, 0.21194157], 1e-6);
  });

  it('normalizes over the given axis, or jointly over several', async () => {
    // Axis 0 of [[0, 0], [1, 0]]: column 0 is softmax(0, 1), column 1 is uniform.
    await expectClose(new Softmax({axis: 0}).apply(tensor([[0, 0], [1, 0]])), [[1 / (1 + E), 0.5], [E / (1 + E), 0.5]], 1e-6);
    // Both axes: exp(x) / (1 + 1 + e + 1).
    const z = 3 + E;
    await expectClose(new Softmax({axis: [0, 1]}).apply(tensor([[0, 0], [1, 0]])), [[1 / z, 1 / z], [E / z, 1 / z]], 1e-6);
  });

  it('gives masked positions no weight and a fully masked row zeros', async () => {
    const layer = new Softmax();
    const y = layer.apply(tensor([[1, 2, 3], [1, 2, 3]]), {mask: tensor([[true, true, false], [false, false, false]])});
    await expectClose(y, [[1 / (1 + E), E / (1 + E), 0], [0, 0, 0]], 1e-6);
  });

  it('refuses a mask that does not broadcast from the right, and a bad axis', () => {
    const layer = new Softmax();
    expect(() => layer.apply(tensor([[1, 2, 3]]), {mask: tensor([[true, false]])})).to.throw(ShapeError, /mask of input 0 has shape \[1, 2\], expected a leading part of the input's shape \[1, 3\]/);
    expect(() => new Softmax({axis: 1.5})).to.throw(ValueError, /axis must be an integer/);
    expect(() => new Softmax({axis: []})).to.throw(ValueError, /non-empty list/);
  });
});
