import {expect} from 'chai';
import {ValueError, ops} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {GaussianNoise} from './gaussian-noise.js';
import {meanStd, take} from './stats.test.helpers.js';

describeBackends('GaussianNoise', () => {
  it('passes the shared layer test (identity at inference)', async () => {
    await runLayerTest({create: () => new GaussianNoise({stddev: 0.3, seed: 1}), inputShape: [2, 5], expectedOutputShape: [2, 5], expectedWeights: [], crossBackendTraining: false});
  });

  it('adds noise of mean 0 and the given deviation in training; returns the input itself at inference', async () => {
    const x = ops.fill([200, 200], 2);
    const layer = new GaussianNoise({stddev: 0.5, seed: 4});
    const noise = (await take(layer.apply(x, {training: true}))).map((v) => v - 2);
    const {mean, std} = meanStd(noise);
    // 40,000 draws: the sample mean's error is about 0.5 / 200 = 0.0025.
    expect(mean).to.be.closeTo(0, 0.01);
    expect(std).to.be.closeTo(0.5, 0.01);
    expect(layer.apply(x)).to.equal(x);
    x.dispose();
  });

  it('a seed reproduces the noise; successive calls draw new noise', async () => {
    const x = ops.zeros([10, 10]);
    const [a, b] = [new GaussianNoise({stddev: 1, seed: 3}), new GaussianNoise({stddev: 1, seed: 3})];
    const a1 = await take(a.apply(x, {training: true}));
    expect(await take(b.apply(x, {training: true}))).to.deep.equal(a1);
    expect(await take(a.apply(x, {training: true}))).to.not.deep.equal(a1);
    x.dispose();
  });

  it('accepts any non-negative stddev (Keras 2 files), refuses a negative one', () => {
    // keras/src/layers/regularization/gaussian_noise.py refuses stddev > 1; Keras 2 did not.
    expect(new GaussianNoise({stddev: 2}).getConfig()).to.include({stddev: 2, seed: null});
    expect(() => new GaussianNoise({stddev: -1})).to.throw(ValueError, /stddev must be a finite number >= 0, received -1/);
  });
});
