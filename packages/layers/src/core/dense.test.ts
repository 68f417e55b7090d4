import {expect} from 'chai';
import {ValueError, ops, tensor2d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Dense} from './dense.js';

describeBackends('Dense', () => {
  it('passes the shared layer test (rank 2, tanh)', async () => {
    await runLayerTest({
      create: () => new Dense({units: 3, activation: 'tanh'}),
      inputShape: [2, 4],
      expectedOutputShape: [2, 3],
      expectedWeights: [{name: 'kernel', shape: [4, 3]}, {name: 'bias', shape: [3]}],
    });
  });

  it('passes the shared layer test (rank 3 input, softmax, no bias)', async () => {
    await runLayerTest({
      create: () => new Dense({units: 2, activation: 'softmax', useBias: false}),
      inputShape: [2, 3, 4],
      expectedOutputShape: [2, 3, 2],
      expectedWeights: [{name: 'kernel', shape: [4, 2]}],
    });
  });

  it('computes relu(x·W + b) as worked by hand', async () => {
    const layer = new Dense({units: 2, activation: 'relu'});
    layer.build([null, 3]);
    layer.setWeights([tensor2d([[1, -1], [2, 0], [0, 3]]), ops.tensor([0.5, -4])]);
    // x1 = [1, 2, 3]: [1+4+0+0.5, -1+0+9-4] = [5.5, 4]; x2 = [-1, 0, 1]: [-1+0.5, 1+3-4] = [-0.5 -> 0, 0]
    const y = layer.apply(tensor2d([[1, 2, 3], [-1, 0, 1]]));
    await expectClose(y, [[5.5, 4], [0, 0]]);
    layer.dispose();
  });

  it('rejects bad units with the value in the message', () => {
    expect(() => new Dense({units: -3})).to.throw(ValueError, /units must be a positive integer, received -3/);
    expect(() => new Dense({units: 2, activation: 'nope'})).to.throw(ValueError, /Unknown activation "nope"/);
  });
});
