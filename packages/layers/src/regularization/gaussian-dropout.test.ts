import {expect} from 'chai';
import {ValueError, ops} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {GaussianDropout} from './gaussian-dropout.js';
import {meanStd, take} from './stats.test.helpers.js';

describeBackends('GaussianDropout', () => {
  it('passes the shared layer test (identity at inference)', async () => {
    await runLayerTest({create: () => new GaussianDropout({rate: 0.2, seed: 1}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: [], crossBackendTraining: false});
  });

  it('multiplies by noise of mean 1 and deviation sqrt(rate / (1 - rate)) in training; identity at inference', async () => {
    const x = ops.fill([200, 200], 3);
    const layer = new GaussianDropout({rate: 0.2, seed: 5});
    // keras/src/layers/regularization/gaussian_dropout.py: stddev = sqrt(rate / (1 - rate)) = 0.5 here.
    const {mean, std} = meanStd((await take(layer.apply(x, {training: true}))).map((v) => v / 3));
    expect(mean).to.be.closeTo(1, 0.01);
    expect(std).to.be.closeTo(0.5, 0.01);
    expect(layer.apply(x)).to.equal(x);
    const [a, b] = [new GaussianDropout({rate: 0.2, seed: 8}), new GaussianDropout({rate: 0.2, seed: 8})];
    expect(await take(a.apply(x, {training: true}))).to.deep.equal(await take(b.apply(x, {training: true})));
    x.dispose();
  });

  it('refuses rate 1 (infinite noise) and rates outside [0, 1)', () => {
    expect(() => new GaussianDropout({rate: 1})).to.throw(ValueError, /GaussianDropout: rate must be a number in \[0, 1\) \(at 1 the noise deviation is infinite\), received 1/);
    expect(() => new GaussianDropout({rate: -0.5})).to.throw(ValueError, /received -0.5/);
  });
});
