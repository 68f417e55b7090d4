/**
 * EfficientNetB0 as keras/src/applications/efficientnet.py builds it: Keras's parameter counts (the
 * Normalization layer's mean, variance and count included, as Keras counts them), the preprocessing
 * layers, correct_pad paddings, squeeze-excitation sizes, drop-connect rates, the top, `weights` from a
 * file, and bad arguments.
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Dropout, Normalization, Rescaling, resetNames} from '@stratum/layers';
import type {ApplicationArgs} from './common.js';
import type {Functional} from '../functional.js';
import {expectSamePredictions, tempDir} from '../saving/fixtures.test.helpers.js';
import {correctPad, efficientNetB0} from './efficientnet.js';
import {expectBadInputsRefused, shapeOf, size} from './zoo.test.helpers.js';

describe('applications: efficientNetB0', () => {
  let m: Functional;
  before(async () => {
    await setBackend('cpu');
    resetNames();
    m = efficientNetB0();
  });
  after(() => m.dispose());

  it("has Keras's 5,330,571 parameters: 5,288,548 trainable, 42,023 non-trainable", () => {
    expect(m.countParams()).to.equal(5_330_571);
    expect(size(m.trainableWeights)).to.equal(5_288_548);
    // BN channels: stem 32; block1a 32 + 16; then per block expand + depthwise (filtersIn x 6 each) +
    // project; top 1280. Plus the Normalization's mean [3], variance [3] and int count [] (7 values).
    const block = (fin: number, fout: number): number => 2 * 6 * fin + fout;
    const channels = 32 + 48 + block(16, 24) + block(24, 24) + block(24, 40) + block(40, 40) + block(40, 80) + 2 * block(80, 80) +
      block(80, 112) + 2 * block(112, 112) + block(112, 192) + 3 * block(192, 192) + block(192, 320) + 1280;
    expect(channels).to.equal(21_008);
    expect(size(m.nonTrainableWeights)).to.equal(2 * channels + 7);
    const norm = m.getLayer('normalization');
    expect(norm.weights.map((w) => [w.name, w.shape, w.dtype, w.trainable])).to.deep.equal([
      ['mean', [3], 'float32', false], ['variance', [3], 'float32', false], ['count', [], 'int32', false],
    ]);
  });

  it("has Keras's 240 layers: Rescaling + Normalization stem, swish, correct_pad, SE sizes, the top", () => {
    // input, rescaling, normalization, stem pad/conv/bn/act; 16 blocks: 15 expansions of 3 layers, 4
    // stride-2 paddings, 10 layers each (dwconv/bn/act, 5 SE layers, project conv/bn), 9 drop + add
    // pairs; top conv/bn/act, avg_pool, top_dropout, predictions.
    expect(m.layers.length).to.equal(7 + 15 * 3 + 4 + 16 * 10 + 9 * 2 + 6);
    expect(m.name).to.equal('efficientnetb0');
    expect([m.layers[1] instanceof Rescaling, m.layers[2] instanceof Normalization]).to.deep.equal([true, true]);
    expect(m.getLayer('rescaling').getConfig()['scale']).to.be.closeTo(1 / 255, 1e-12);
    expect(m.getLayer('normalization').getConfig()['axis']).to.deep.equal([3]);
    const shapes: [string, (number | null)[]][] = [
      ['stem_conv_pad', [null, 225, 225, 3]], ['stem_conv', [null, 112, 112, 32]], ['block1a_project_bn', [null, 112, 112, 16]],
      ['block2a_dwconv_pad', [null, 113, 113, 96]], ['block2b_add', [null, 56, 56, 24]], ['block3a_dwconv_pad', [null, 59, 59, 144]],
      ['block3b_add', [null, 28, 28, 40]], ['block4c_add', [null, 14, 14, 80]], ['block5a_project_bn', [null, 14, 14, 112]],
      ['block6d_add', [null, 7, 7, 192]], ['block6a_se_reshape', [null, 1, 1, 672]], ['block7a_project_bn', [null, 7, 7, 320]],
      ['top_activation', [null, 7, 7, 1280]], ['avg_pool', [null, 1280]], ['predictions', [null, 1000]],
    ];
    for (const [name, shape] of shapes) expect(shapeOf(m, name), name).to.deep.equal(shape);
    expect(m.getLayer('block3a_dwconv_pad').getConfig()['padding']).to.deep.equal([[1, 2], [1, 2]]);
    const reduce = m.getLayer('block6a_se_reduce').getConfig();
    expect([reduce['filters'], reduce['activation'], reduce['useBias']]).to.deep.equal([28, 'silu', true]); // int(112 * 0.25)
    const expand = m.getLayer('block1a_se_expand').getConfig();
    expect([expand['filters'], expand['activation']]).to.deep.equal([32, 'sigmoid']);
    expect(m.getLayer('block4b_expand_activation').getConfig()['activation']).to.equal('silu'); // Keras 3 serializes swish as silu
    const dw = m.getLayer('block2a_dwconv').getConfig();
    expect([dw['strides'], dw['padding'], dw['useBias']]).to.deep.equal([[2, 2], 'valid', false]);
    expect((dw['depthwiseInitializer'] as {config: unknown}).config).to.deep.include({scale: 2, mode: 'fan_out', distribution: 'truncated_normal'});
    const head = m.getLayer('predictions').getConfig();
    expect((head['kernelInitializer'] as {config: {scale: number}}).config.scale).to.be.closeTo(1 / 3, 1e-12);
    expect(m.getLayer('top_dropout').getConfig()['rate']).to.equal(0.2);
  });

  it('drop-connect: Dropout with noise shape [null, 1, 1, 1] on each identity skip, rate 0.2 * b / 16', () => {
    const drops = m.layers.filter((l): l is Dropout => l instanceof Dropout && l.name !== 'top_dropout');
    // Blocks with identity skips (stride 1, filtersIn == filtersOut) and their running index b.
    const skips: [string, number][] = [['2b', 2], ['3b', 4], ['4b', 6], ['4c', 7], ['5b', 9], ['5c', 10], ['6b', 12], ['6c', 13], ['6d', 14]];
    expect(drops.map((l) => l.name)).to.deep.equal(skips.map(([s]) => `block${s}_drop`));
    drops.forEach((l, i) => {
      expect(l.rate).to.be.closeTo((0.2 * (skips[i]?.[1] as number)) / 16, 1e-12);
      expect(l.noiseShape).to.deep.equal([null, 1, 1, 1]);
    });
  });

  it("correct_pad: one less before an even (or unknown) size, symmetric for an odd one", () => {
    // imagenet_utils.correct_pad: ((k//2 - adjust, k//2), ...) with adjust = 1 - size % 2, 1 when unknown.
    expect(correctPad([224, 224], 3)).to.deep.equal([[0, 1], [0, 1]]);
    expect(correctPad([113, 56], 5)).to.deep.equal([[2, 2], [1, 2]]);
    expect(correctPad([null, null], 3)).to.deep.equal([[0, 1], [0, 1]]);
  });

  it('with weights from a file: a promise of the model, same predictions as the saved one', async () => {
    const {dir, cleanup} = await tempDir();
    resetNames();
    const args: ApplicationArgs & {weights?: null} = {includeTop: false, inputShape: [32, 32, 3], pooling: 'avg'};
    const saved = efficientNetB0(args);
    await saved.save(`file://${dir}/b0`);
    const pending = efficientNetB0({...args, weights: `file://${dir}/b0/model.json`});
    expect(pending).to.be.instanceOf(Promise);
    const loaded = await pending;
    expect(loaded.layers[loaded.layers.length - 1]?.name).to.equal('avg_pool');
    const x = ops.mul(ops.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3), 255);
    await expectSamePredictions(saved, loaded, x);
    ops.dispose([x] as Tensor[]);
    saved.dispose();
    loaded.dispose();
    await cleanup();
  });

  it('refuses bad arguments with clear errors', () => {
    expectBadInputsRefused(efficientNetB0, 'efficientNetB0', 32);
  });
});
