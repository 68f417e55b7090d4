/**
 * InceptionV3 as keras/src/applications/inception_v3.py builds it: Keras's parameter counts, layer
 * names and settings, the pooling of `includeTop: false`, and bad arguments.
 */
import {expect} from 'chai';
import {setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {inceptionV3} from './inception-v3.js';
import {expectBadInputsRefused, shapeOf, size} from './zoo.test.helpers.js';

describe('applications: inceptionV3', () => {
  let m: Functional;
  before(async () => {
    await setBackend('cpu');
    resetNames();
    m = inceptionV3();
  });
  after(() => m.dispose());

  it("has Keras's 23,851,784 parameters: 23,817,352 trainable, 34,432 non-trainable", () => {
    expect(m.countParams()).to.equal(23_851_784);
    expect(size(m.trainableWeights)).to.equal(23_817_352);
    // The non-trainable weights are the BN moving mean and variance: 2 x 17,216 channels.
    expect(size(m.nonTrainableWeights)).to.equal(34_432);
  });

  it("has Keras's 313 layers, its block names and shapes, bias-free convs and scale-free BN", () => {
    // 94 conv2d_bn units (3 layers each) + input + 4 max pools + 9 average pools + 15 concatenations
    // (mixed0-10, mixed9_0, mixed9_1 and two unnamed) + avg_pool + predictions.
    expect(m.layers.length).to.equal(1 + 94 * 3 + 4 + 9 + 15 + 2);
    expect(m.name).to.equal('inception_v3');
    const shapes: [string, (number | null)[]][] = [
      ['mixed0', [null, 35, 35, 256]], ['mixed2', [null, 35, 35, 288]], ['mixed3', [null, 17, 17, 768]],
      ['mixed7', [null, 17, 17, 768]], ['mixed8', [null, 8, 8, 1280]], ['mixed9_1', [null, 8, 8, 768]],
      ['mixed10', [null, 8, 8, 2048]], ['avg_pool', [null, 2048]], ['predictions', [null, 1000]],
    ];
    for (const [name, shape] of shapes) expect(shapeOf(m, name), name).to.deep.equal(shape);
    // inception_v3.py conv2d_bn: Conv2D(use_bias=False), BatchNormalization(scale=False), ReLU; unnamed.
    const conv = m.getLayer('conv2d').getConfig();
    expect([conv['kernelSize'], conv['strides'], conv['padding'], conv['useBias']]).to.deep.equal([[3, 3], [2, 2], 'valid', false]);
    const bn = m.getLayer('batch_normalization_93').getConfig();
    expect([bn['scale'], bn['center'], bn['epsilon']]).to.deep.equal([false, true, 1e-3]);
    expect(m.getLayer('activation_93').getConfig()['activation']).to.equal('relu');
    // Exactly 94 convolutions: conv2d, conv2d_1, ..., conv2d_93.
    expect(() => m.getLayer('conv2d_94')).to.throw(/conv2d_94/);
  });

  it('without the top: pooled by an unnamed GlobalMaxPooling2D, the head less; Keras min size 75 accepted', () => {
    resetNames();
    const small = inceptionV3({includeTop: false, inputShape: [75, 75, 3], pooling: 'max'});
    const last = small.layers[small.layers.length - 1];
    expect(last?.name).to.equal('global_max_pooling2d');
    expect(small.outputs[0]?.shape).to.deep.equal([null, 2048]);
    expect(small.countParams()).to.equal(23_851_784 - (2048 * 1000 + 1000));
    small.dispose();
  });

  it('refuses bad arguments with clear errors', () => {
    expectBadInputsRefused(inceptionV3, 'inceptionV3', 75);
  });
});
