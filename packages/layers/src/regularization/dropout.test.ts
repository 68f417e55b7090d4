import {expect} from 'chai';
import {ShapeError, ValueError, ops} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Dropout} from './dropout.js';
import {take} from './stats.test.helpers.js';

describeBackends('Dropout', () => {
  it('passes the shared layer test (identity at inference), with and without noiseShape', async () => {
    await runLayerTest({create: () => new Dropout({rate: 0.5}), inputShape: [2, 6], expectedOutputShape: [2, 6], expectedWeights: [], crossBackendTraining: false});
    await runLayerTest({create: () => new Dropout({rate: 0.3, noiseShape: [null, 1, null], seed: 2}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [], crossBackendTraining: false});
  });

  it('zeroes about rate of the inputs in training and scales the rest by 1/(1-rate); exact identity at inference', async () => {
    const x = ops.ones([100, 100]);
    const y = new Dropout({rate: 0.25, seed: 3}).apply(x, {training: true});
    const values = await y.data();
    let zeros = 0;
    for (const v of values) {
      if (v === 0) zeros++;
      else expect(v).to.be.closeTo(1 / 0.75, 1e-6);
    }
    expect(zeros / values.length).to.be.closeTo(0.25, 0.02);
    expect(new Dropout({rate: 0.25}).apply(x)).to.equal(x); // inference returns the input itself
    ops.dispose([x, y]);
  });

  it('noiseShape [null, 1, null] shares one mask over the time axis (keras/src/layers/regularization/dropout.py)', async () => {
    const x = ops.ones([20, 5, 30]);
    const y = new Dropout({rate: 0.5, noiseShape: [null, 1, null], seed: 1}).apply(x, {training: true});
    const v = await y.data();
    let dropped = 0;
    for (let b = 0; b < 20; b++) {
      for (let f = 0; f < 30; f++) {
        const first = v[b * 150 + f] as number;
        for (let t = 1; t < 5; t++) expect(v[b * 150 + t * 30 + f]).to.equal(first);
        if (first === 0) dropped++;
      }
    }
    expect(dropped / 600).to.be.closeTo(0.5, 0.06);
    ops.dispose([x, y]);
  });

  it('a seed makes the sequence of masks reproducible; successive calls draw new masks', async () => {
    const x = ops.ones([40, 40]);
    const [a, b] = [new Dropout({rate: 0.5, seed: 7}), new Dropout({rate: 0.5, seed: 7})];
    const a1 = await take(a.apply(x, {training: true}));
    const a2 = await take(a.apply(x, {training: true}));
    const b1 = await take(b.apply(x, {training: true}));
    expect(b1).to.deep.equal(a1);
    expect(a2).to.not.deep.equal(a1);
    x.dispose();
  });

  it('rate 1 drops everything in training, as Keras 3 allows (keras/src/backend/jax/random.py dropout)', async () => {
    const x = ops.ones([3, 4]);
    const layer = new Dropout({rate: 1});
    expect(await take(layer.apply(x, {training: true}))).to.deep.equal(new Array(12).fill(0));
    expect(layer.apply(x)).to.equal(x);
    expect(layer.getConfig()).to.include({rate: 1, seed: null, noiseShape: null});
    x.dispose();
  });

  it('rejects a rate outside [0, 1], a bad noiseShape or seed, and a noiseShape that does not fit the input', () => {
    // keras/src/layers/regularization/dropout.py: 0 <= rate <= 1; noise_shape entries positive integers or None.
    expect(() => new Dropout({rate: 1.5})).to.throw(ValueError, /rate must be a number in \[0, 1\], received 1.5/);
    expect(() => new Dropout({rate: -0.1})).to.throw(ValueError, /received -0.1/);
    expect(() => new Dropout({rate: 0.5, noiseShape: 'abc' as never})).to.throw(ValueError, /noiseShape must be a list of positive integers or nulls, received "abc"/);
    expect(() => new Dropout({rate: 0.5, noiseShape: [null, 0]})).to.throw(ValueError, /noiseShape must be a list of positive integers/);
    expect(() => new Dropout({rate: 0.5, seed: 1.5})).to.throw(ValueError, /seed must be an integer or null, received 1.5/);
    const x = ops.ones([2, 3]);
    expect(() => new Dropout({rate: 0.5, noiseShape: [null, 2]}).apply(x, {training: true})).to.throw(ShapeError, /noiseShape \[null,2\] does not broadcast to the input shape \[2, 3\]/);
    expect(() => new Dropout({rate: 0.5, noiseShape: [1]}).apply(x, {training: true})).to.throw(ShapeError, /one entry per axis/);
    x.dispose();
  });
});
