import {expect} from 'chai';
import {ValueError, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {ReLU} from './relu.js';

describeBackends('ReLU', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new ReLU({maxValue: 0.8, negativeSlope: 0.1}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: []});
    await runLayerTest({create: () => new ReLU({threshold: 0.3, negativeSlope: 0.2}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: []});
  });

  it("matches Keras's docstring example: maxValue 10, negativeSlope 0.5 (keras/src/layers/activations/relu.py)", async () => {
    await expectClose(new ReLU({maxValue: 10, negativeSlope: 0.5}).apply(tensor([-10, -5, 0, 5, 10])), [-5, -2.5, 0, 5, 10], 1e-6);
  });

  it('with a threshold keeps x above it and gives negativeSlope·(x - threshold) below, capped at maxValue', async () => {
    // By hand: x > 2 stays x (capped at 4); x <= 2 gives 0.5·(x - 2).
    await expectClose(new ReLU({threshold: 2, negativeSlope: 0.5, maxValue: 4}).apply(tensor([-1, 1, 2, 3, 5])), [-1.5, -0.5, 0, 3, 4], 1e-6);
    await expectClose(new ReLU({threshold: 2}).apply(tensor([1, 2, 2.5])), [0, 0, 2.5], 1e-6);
  });

  it('plain, relu6 (maxValue 6) and leaky forms', async () => {
    await expectClose(new ReLU().apply(tensor([-1, 0, 3])), [0, 0, 3], 1e-6);
    await expectClose(new ReLU({maxValue: 6}).apply(tensor([-1, 3, 7])), [0, 3, 6], 1e-6);
    await expectClose(new ReLU({negativeSlope: 0.2}).apply(tensor([-5, 4])), [-1, 4], 1e-6);
  });

  it('refuses negative or missing-number options, naming them', () => {
    expect(() => new ReLU({maxValue: -1})).to.throw(ValueError, /maxValue must be a finite number >= 0, received -1/);
    expect(() => new ReLU({negativeSlope: -0.1})).to.throw(ValueError, /negativeSlope/);
    expect(() => new ReLU({threshold: Number.NaN})).to.throw(ValueError, /threshold/);
  });
});
