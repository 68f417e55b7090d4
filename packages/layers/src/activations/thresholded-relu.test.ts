import {expect} from 'chai';
import {ValueError, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {ThresholdedReLU} from './thresholded-relu.js';

describeBackends('ThresholdedReLU', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new ThresholdedReLU({theta: 0.3}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: []});
  });

  it('keeps x above theta (default 1) and gives 0 at or below it', async () => {
    await expectClose(new ThresholdedReLU().apply(tensor([-2, 0.5, 1, 1.5])), [0, 0, 0, 1.5], 1e-6);
    await expectClose(new ThresholdedReLU({theta: 0}).apply(tensor([-2, 0, 3])), [0, 0, 3], 1e-6);
    expect(() => new ThresholdedReLU({theta: -1})).to.throw(ValueError, /theta/);
  });
});
