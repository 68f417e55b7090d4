/**
 * Xception as keras/src/applications/xception.py builds it: Keras's parameter counts, layer names
 * (named and automatic) and settings, the pooling of `includeTop: false`, and bad arguments.
 */
import {expect} from 'chai';
import {setBackend} from '@stratum/core';
import {BatchNormalization, resetNames} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {xception} from './xception.js';
import {expectBadInputsRefused, shapeOf, size} from './zoo.test.helpers.js';

describe('applications: xception', () => {
  let m: Functional;
  before(async () => {
    await setBackend('cpu');
    resetNames();
    m = xception();
  });
  after(() => m.dispose());

  it("has Keras's 22,910,480 parameters: 22,855,952 trainable, 54,528 non-trainable", () => {
    expect(m.countParams()).to.equal(22_910_480);
    expect(size(m.trainableWeights)).to.equal(22_855_952);
    // BN channels: block1 32 + 64; blocks 2-4 shortcut + two sepconvs (128, 256, 728, each x3); the
    // middle flow 8 x 3 x 728; block13 1024 + 728 + 1024; block14 1536 + 2048.
    const channels = 96 + 3 * (128 + 256 + 728) + 8 * 3 * 728 + (1024 + 728 + 1024) + (1536 + 2048);
    expect(size(m.nonTrainableWeights)).to.equal(2 * channels);
  });

  it("has Keras's 134 layers, its block names and shapes; shortcuts and adds keep automatic names", () => {
    // input; block1 2 x (conv, bn, act); block2 shortcut conv + bn, sepconv/bn, act, sepconv/bn, pool, add;
    // blocks 3, 4, 13 the same with a leading act; 8 middle blocks of 3 x (act, sepconv, bn) + add;
    // block14 2 x (sepconv, bn, act); avg_pool + predictions.
    expect(m.layers.length).to.equal(1 + 6 + 9 + 3 * 10 + 8 * 10 + 6 + 2);
    const shapes: [string, (number | null)[]][] = [
      ['block1_conv1', [null, 149, 149, 32]], ['block1_conv2_act', [null, 147, 147, 64]], ['block2_pool', [null, 74, 74, 128]],
      ['conv2d', [null, 74, 74, 128]], ['block3_pool', [null, 37, 37, 256]], ['block4_pool', [null, 19, 19, 728]],
      ['block12_sepconv3_bn', [null, 19, 19, 728]], ['add_10', [null, 19, 19, 728]], ['conv2d_3', [null, 10, 10, 1024]],
      ['block13_pool', [null, 10, 10, 1024]], ['add_11', [null, 10, 10, 1024]], ['block14_sepconv2_act', [null, 10, 10, 2048]],
      ['avg_pool', [null, 2048]], ['predictions', [null, 1000]],
    ];
    for (const [name, shape] of shapes) expect(shapeOf(m, name), name).to.deep.equal(shape);
    // Block 2 has no first activation; its second one keeps Keras's name.
    expect(() => m.getLayer('block2_sepconv1_act')).to.throw(/block2_sepconv1_act/);
    expect(shapeOf(m, 'block2_sepconv2_act')).to.deep.equal([null, 147, 147, 128]);
    const bns = m.layers.filter((l) => l instanceof BatchNormalization);
    expect(bns.filter((l) => !/^block\d+_/.test(l.name)).map((l) => l.name)).to.deep.equal(['batch_normalization', 'batch_normalization_1', 'batch_normalization_2', 'batch_normalization_3']);
    const short = m.getLayer('conv2d_2').getConfig();
    expect([short['filters'], short['kernelSize'], short['strides'], short['padding'], short['useBias']]).to.deep.equal([728, [1, 1], [2, 2], 'same', false]);
    const sep = m.getLayer('block7_sepconv2').getConfig();
    expect([sep['kernelSize'], sep['padding'], sep['useBias']]).to.deep.equal([[3, 3], 'same', false]);
    const pool = m.getLayer('block13_pool').getConfig();
    expect([pool['poolSize'], pool['strides'], pool['padding']]).to.deep.equal([[3, 3], [2, 2], 'same']);
  });

  it('without the top at Keras min size 71: an unnamed GlobalAveragePooling2D, the head less', () => {
    resetNames();
    const small = xception({includeTop: false, inputShape: [71, 71, 3], pooling: 'avg'});
    expect(small.layers[small.layers.length - 1]?.name).to.equal('global_average_pooling2d');
    expect(small.outputs[0]?.shape).to.deep.equal([null, 2048]);
    expect(small.countParams()).to.equal(22_910_480 - (2048 * 1000 + 1000));
    small.dispose();
  });

  it('refuses bad arguments with clear errors', () => {
    expectBadInputsRefused(xception, 'xception', 71);
  });
});
