import {expect} from 'chai';
import {ValueError, initializers, memory, ops, tensor, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Embedding} from './embedding.js';

describeBackends('Embedding', () => {
  it('passes the shared layer test (indices drawn in [0, inputDim))', async () => {
    await runLayerTest({
      create: () => new Embedding({inputDim: 7, outputDim: 3}),
      inputShape: [2, 5],
      inputRange: [0, 7],
      expectedOutputShape: [2, 5, 3],
      expectedWeights: [{name: 'embeddings', shape: [7, 3]}],
      checkInputGradient: false,
    });
  });

  it('looks up rows, casting float indices', async () => {
    const layer = new Embedding({inputDim: 3, outputDim: 2, embeddingsInitializer: new initializers.Constant({value: 0})});
    layer.apply(tensor([[0]]));
    layer.setWeights([tensor2d([[1, 2], [3, 4], [5, 6]])]);
    await expectClose(layer.apply(tensor([[2, 0], [1, 1]], undefined, 'int32')), [[[5, 6], [1, 2]], [[3, 4], [3, 4]]], 1e-6);
    await expectClose(layer.apply(tensor([[2.0]])), [[[5, 6]]], 1e-6);
    layer.dispose();
  });

  it('trains the table: d(sum of outputs)/d(row r) is how often r was looked up (by hand: 2, 0, 1, 1)', async () => {
    const layer = new Embedding({inputDim: 4, outputDim: 2});
    const x = tensor([[0, 3], [0, 2]], undefined, 'int32');
    layer.apply(x);
    const before = memory().numTensors;
    const {value, grads} = ops.variableGrads(() => ops.sum(layer.apply(x) as Tensor) as never, [(layer.embeddings as NonNullable<typeof layer.embeddings>).value]);
    await expectClose(Object.values(grads)[0] as Tensor, [[2, 2], [0, 0], [1, 1], [1, 1]], 1e-6);
    ops.dispose([value, ...Object.values(grads)]);
    expect(memory().numTensors).to.equal(before);
    x.dispose();
    layer.dispose();
  });

  it('with maskZero outputs input != 0 as its mask (keras/src/layers/core/embedding.py compute_mask)', async () => {
    const x = tensor([[3, 0, 1]], undefined, 'int32');
    const masked = new Embedding({inputDim: 4, outputDim: 2, maskZero: true});
    const mask = masked.computeMask(x) as Tensor;
    expect(Array.from(await mask.data())).to.deep.equal([1, 0, 1]);
    expect(new Embedding({inputDim: 4, outputDim: 2}).computeMask(x)).to.equal(null);
    ops.dispose([x, mask]);
  });

  it('refuses sizes that are not positive integers, naming them', () => {
    expect(() => new Embedding({inputDim: 0, outputDim: 2})).to.throw(ValueError, /inputDim must be a positive integer, received 0/);
    expect(() => new Embedding({inputDim: 3, outputDim: 1.5})).to.throw(ValueError, /outputDim must be a positive integer, received 1.5/);
  });
});
