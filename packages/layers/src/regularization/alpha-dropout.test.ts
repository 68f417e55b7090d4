import {expect} from 'chai';
import {ValueError, ops} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {AlphaDropout} from './alpha-dropout.js';
import {meanStd, take} from './stats.test.helpers.js';

/** keras/src/layers/regularization/alpha_dropout.py: α' = −scale·alpha of SELU, then a·x + b. */
const ALPHA_P = -1.6732632423543772 * 1.0507009873554805;
const coefficients = (p: number): {a: number; b: number} => {
  const a = 1 / Math.sqrt((1 - p) * (1 + p * ALPHA_P * ALPHA_P));
  return {a, b: -a * ALPHA_P * p};
};

describeBackends('AlphaDropout', () => {
  it('passes the shared layer test (identity at inference), with and without noiseShape', async () => {
    await runLayerTest({create: () => new AlphaDropout({rate: 0.2, seed: 1}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: [], crossBackendTraining: false});
    await runLayerTest({create: () => new AlphaDropout({rate: 0.2, noiseShape: [null, 1, null]}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [], crossBackendTraining: false});
  });

  it("keeps units as a·x + b, sets about rate of them to a·α' + b, and keeps standard-normal inputs at mean 0, variance 1", async () => {
    const p = 0.3;
    const {a, b} = coefficients(p);
    const x = ops.randomNormal([200, 200], 0, 1, 'float32', 2);
    const xs = Array.from(await x.data());
    const y = await take(new AlphaDropout({rate: p, seed: 6}).apply(x, {training: true}));
    const droppedValue = a * ALPHA_P + b;
    let dropped = 0;
    y.forEach((v, i) => {
      if (Math.abs(v - droppedValue) < 1e-5) dropped++;
      else expect(v).to.be.closeTo(a * (xs[i] as number) + b, 1e-5);
    });
    expect(dropped / y.length).to.be.closeTo(p, 0.01);
    const {mean, std} = meanStd(y);
    expect(mean).to.be.closeTo(0, 0.02);
    expect(std).to.be.closeTo(1, 0.02);
    x.dispose();
  });

  it('shares the mask along noiseShape 1-axes; is the identity at inference; a seed reproduces it', async () => {
    const x = ops.ones([10, 4, 6]);
    const y = await take(new AlphaDropout({rate: 0.5, noiseShape: [null, 1, null], seed: 3}).apply(x, {training: true}));
    for (let s = 0; s < 10; s++) for (let f = 0; f < 6; f++) for (let t = 1; t < 4; t++) expect(y[s * 24 + t * 6 + f]).to.equal(y[s * 24 + f]);
    expect(new AlphaDropout({rate: 0.5}).apply(x)).to.equal(x);
    expect(await take(new AlphaDropout({rate: 0.5, seed: 3, noiseShape: [null, 1, null]}).apply(x, {training: true}))).to.deep.equal(y);
    x.dispose();
  });

  it('refuses rate 1 (infinite rescaling) and a bad noiseShape', () => {
    expect(() => new AlphaDropout({rate: 1})).to.throw(ValueError, /AlphaDropout: rate must be a number in \[0, 1\) \(at 1 the rescaling is infinite\), received 1/);
    expect(() => new AlphaDropout({rate: 0.1, noiseShape: [2, -1]})).to.throw(ValueError, /noiseShape must be a list of positive integers or nulls/);
  });
});
