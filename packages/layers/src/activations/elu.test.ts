import {expect} from 'chai';
import {ValueError, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {ELU} from './elu.js';

describeBackends('ELU', () => {
  it('passes the shared layer test (alpha 1 and 0.5)', async () => {
    await runLayerTest({create: () => new ELU(), inputShape: [2, 6], expectedOutputShape: [2, 6], expectedWeights: []});
    await runLayerTest({create: () => new ELU({alpha: 0.5}), inputShape: [2, 6], expectedOutputShape: [2, 6], expectedWeights: []});
  });

  it('computes alpha·(exp(x) - 1) below zero and x above', async () => {
    // exp(-1) = 0.36787944117: 1·(0.36787944 - 1) and 0.5·(0.36787944 - 1).
    await expectClose(new ELU().apply(tensor([-1, 0, 2])), [-0.63212056, 0, 2], 1e-6);
    await expectClose(new ELU({alpha: 0.5}).apply(tensor([-1, 0, 2])), [-0.31606028, 0, 2], 1e-6);
    await expectClose(new ELU({alpha: -2}).apply(tensor([-1])), [1.26424112], 1e-6);
  });

  it('keeps alpha in its config (Keras 3 leaves it out) and refuses a non-number', () => {
    expect(new ELU({alpha: 0.5}).getConfig()).to.include({alpha: 0.5});
    expect(() => new ELU({alpha: Number.POSITIVE_INFINITY})).to.throw(ValueError, /alpha must be a finite number, received Infinity/);
  });
});
