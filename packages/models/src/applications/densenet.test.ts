/**
 * DenseNet121 as keras/src/applications/densenet.py builds it (blocks [6, 12, 24, 16]): Keras's
 * parameter counts, layer names and settings, the pooling of `includeTop: false`, and bad arguments.
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {BatchNormalization, input, resetNames} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {denseNet121} from './densenet.js';
import {expectBadInputsRefused, shapeOf, size} from './zoo.test.helpers.js';

/** Channels of every BatchNormalization in DenseNet121, from the paper's recipe (growth 32, compression 0.5). */
function bnChannels(): number[] {
  const out = [64]; // conv1_bn
  let c = 64;
  [6, 12, 24, 16].forEach((blocks, i) => {
    for (let b = 0; b < blocks; b++) {
      out.push(c, 128); // _0_bn sees the block's input, _1_bn the 4 x growth bottleneck
      c += 32;
    }
    out.push(c); // the transition's BN, or the final 'bn'
    if (i < 3) c /= 2;
  });
  return out;
}

describe('applications: denseNet121', () => {
  let m: Functional;
  before(async () => {
    await setBackend('cpu');
    resetNames();
    m = denseNet121();
  });
  after(() => m.dispose());

  it("has Keras's 8,062,504 parameters: 7,978,856 trainable, 83,648 non-trainable", () => {
    expect(m.countParams()).to.equal(8_062_504);
    expect(size(m.trainableWeights)).to.equal(7_978_856);
    const channels = bnChannels().reduce((a, b) => a + b, 0);
    expect(channels).to.equal(41_824);
    expect(size(m.nonTrainableWeights)).to.equal(2 * channels);
  });

  it("has Keras's 429 layers, its block names and shapes, epsilon 1.001e-5", () => {
    // input, 2 paddings, conv1 conv/bn/relu, pool1, 58 conv blocks of 7 layers, 3 transitions of 4,
    // bn + relu, avg_pool + predictions.
    expect(m.layers.length).to.equal(1 + 2 + 3 + 1 + 58 * 7 + 3 * 4 + 2 + 2);
    expect(m.name).to.equal('densenet121');
    const shapes: [string, (number | null)[]][] = [
      ['zero_padding2d', [null, 230, 230, 3]], ['conv1_conv', [null, 112, 112, 64]], ['zero_padding2d_1', [null, 114, 114, 64]],
      ['pool1', [null, 56, 56, 64]], ['conv2_block6_concat', [null, 56, 56, 256]], ['pool2_pool', [null, 28, 28, 128]],
      ['conv3_block12_concat', [null, 28, 28, 512]], ['pool3_conv', [null, 28, 28, 256]], ['conv4_block24_concat', [null, 14, 14, 1024]],
      ['pool4_pool', [null, 7, 7, 512]], ['conv5_block16_concat', [null, 7, 7, 1024]], ['relu', [null, 7, 7, 1024]],
      ['avg_pool', [null, 1024]], ['predictions', [null, 1000]],
    ];
    for (const [name, shape] of shapes) expect(shapeOf(m, name), name).to.deep.equal(shape);
    const bns = m.layers.filter((l) => l instanceof BatchNormalization);
    expect(bns.length).to.equal(bnChannels().length);
    expect(new Set(bns.map((l) => l.getConfig()['epsilon']))).to.deep.equal(new Set([1.001e-5]));
    const conv = m.getLayer('conv4_block3_2_conv').getConfig();
    expect([conv['filters'], conv['kernelSize'], conv['padding'], conv['useBias']]).to.deep.equal([32, [3, 3], 'same', false]);
    const pool = m.getLayer('pool3_pool').getConfig();
    expect([pool['poolSize'], pool['strides'], pool['padding']]).to.deep.equal([[2, 2], [2, 2], 'valid']);
  });

  it("without the top, on an inputTensor of unknown size: 'max_pool', the head's parameters less, any size >= 32 runs", async () => {
    resetNames();
    const small = denseNet121({includeTop: false, inputTensor: input({shape: [null, null, 3]}), pooling: 'max'});
    expect(small.layers[small.layers.length - 1]?.name).to.equal('max_pool');
    expect(small.outputs[0]?.shape).to.deep.equal([null, 1024]);
    expect(small.countParams()).to.equal(8_062_504 - (1024 * 1000 + 1000));
    const x = ops.randomUniform([1, 32, 37, 3], 0, 1, 'float32', 5);
    const y = small.predict(x) as Tensor;
    expect(y.shape).to.deep.equal([1, 1024]);
    expect(Array.from(await y.data()).every(Number.isFinite)).to.equal(true);
    ops.dispose([x, y]);
    small.dispose();
  });

  it('refuses bad arguments with clear errors', () => {
    expectBadInputsRefused(denseNet121, 'denseNet121', 32);
  });
});
