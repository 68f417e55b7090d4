import {tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Activation} from './activation.js';

describeBackends('Activation', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new Activation({activation: 'sigmoid'}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: []});
  });

  it('applies softmax over the last axis', async () => {
    const e = Math.E;
    const y = new Activation({activation: 'softmax'}).apply(tensor([[0, 1], [0, 0]]));
    await expectClose(y, [[1 / (1 + e), e / (1 + e)], [0.5, 0.5]], 1e-6);
  });
});
