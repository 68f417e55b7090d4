import {expect} from 'chai';
import {ValueError, ops} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Dropout} from './dropout.js';

describeBackends('Dropout', () => {
  it('passes the shared layer test (identity at inference)', async () => {
    await runLayerTest({create: () => new Dropout({rate: 0.5}), inputShape: [2, 6], expectedOutputShape: [2, 6], expectedWeights: [], crossBackendTraining: false});
  });

  it('zeroes about rate of the inputs in training and scales the rest by 1/(1-rate)', async () => {
    const x = ops.ones([100, 100]);
    const y = new Dropout({rate: 0.25, seed: 3}).apply(x, {training: true});
    const values = await y.data();
    let zeros = 0;
    for (const v of values) {
      if (v === 0) zeros++;
      else expect(v).to.be.closeTo(1 / 0.75, 1e-6);
    }
    expect(zeros / values.length).to.be.closeTo(0.25, 0.02);
    await expectClose(new Dropout({rate: 0.25}).apply(x), ops.ones([100, 100]));
    ops.dispose([x, y]);
  });

  it('rejects a rate outside [0, 1)', () => {
    expect(() => new Dropout({rate: 1})).to.throw(ValueError, /rate must be a number in \[0, 1\), received 1/);
  });
});
