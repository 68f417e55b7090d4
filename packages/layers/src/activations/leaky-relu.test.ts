import {expect} from 'chai';
import {ValueError, lookupClass, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {LeakyReLU} from './leaky-relu.js';

describeBackends('LeakyReLU', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new LeakyReLU({negativeSlope: 0.2}), inputShape: [3, 4], expectedOutputShape: [3, 4], expectedWeights: []});
  });

  it("defaults to Keras 3's negativeSlope 0.3 (keras/src/layers/activations/leaky_relu.py)", async () => {
    await expectClose(new LeakyReLU().apply(tensor([-10, 0, 2])), [-3, 0, 2], 1e-6);
  });

  it("reads Keras 2's alpha and writes negativeSlope", async () => {
    const Cls = lookupClass('layer', 'LeakyReLU');
    const layer = new Cls({name: 'old', alpha: 0.1} as never) as LeakyReLU;
    expect(layer.negativeSlope).to.equal(0.1);
    expect(layer.getConfig()).to.include({negativeSlope: 0.1}).and.not.have.property('alpha');
    await expectClose(layer.apply(tensor([-5, 5])), [-0.5, 5], 1e-6);
  });

  it('refuses a negative slope, naming the argument used', () => {
    expect(() => new LeakyReLU({negativeSlope: -1})).to.throw(ValueError, /negativeSlope must be a finite number >= 0, received -1/);
    expect(() => new LeakyReLU({alpha: -1})).to.throw(ValueError, /alpha must be/);
  });
});
