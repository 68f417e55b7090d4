/**
 * The zoo's parameter counts against Keras's (../shared/FORMATS.md §5, Keras `count_params()` with
 * include_top and 1000 classes at 224x224x3) and against counts derived by hand from the architectures
 * (keras/src/applications/*.py) for `includeTop: false`, other class counts and widths.
 */
import {expect} from 'chai';
import {memory, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {leNet5, mobileNet, mobileNetV2, resNet50, resNet50V2, vgg16, vgg19} from './index.js';

/** conv k×k, cin → cout, with or without bias. */
const conv = (k: number, cin: number, cout: number, bias = true): number => k * k * cin * cout + (bias ? cout : 0);
/** BatchNormalization: gamma, beta, moving mean, moving variance. */
const bn = (c: number): number => 4 * c;
const dense = (nin: number, nout: number): number => nin * nout + nout;

// vgg16.py / vgg19.py: 3x3 'same' convolutions with bias; block widths 64, 128, 256, 512, 512.
function vggConvs(perBlock: number[]): number {
  const widths = [64, 128, 256, 512, 512];
  let cin = 3;
  let n = 0;
  perBlock.forEach((convs, b) => {
    for (let i = 0; i < convs; i++) {
      n += conv(3, cin, widths[b]!);
      cin = widths[b]!;
    }
  });
  return n;
}
// The top at 224: block5_pool is 7x7x512 = 25088 → fc1 4096 → fc2 4096 → classes.
const vggTop = (classes: number): number => dense(25088, 4096) + dense(4096, 4096) + dense(4096, classes);

// resnet.py residual_block_v1: [0_conv + 0_bn], 1_conv 1x1, 2_conv 3x3, 3_conv 1x1 (4f), each with bias and BN.
function resNetV1Body(): number {
  let n = conv(7, 3, 64) + bn(64); // conv1_conv, conv1_bn
  let cin = 64;
  for (const [f, blocks] of [[64, 3], [128, 4], [256, 6], [512, 3]] as const) {
    for (let b = 0; b < blocks; b++) {
      if (b === 0) n += conv(1, cin, 4 * f) + bn(4 * f);
      n += conv(1, cin, f) + bn(f) + conv(3, f, f) + bn(f) + conv(1, f, 4 * f) + bn(4 * f);
      cin = 4 * f;
    }
  }
  return n;
}

// resnet.py residual_block_v2: preact_bn, [0_conv with bias], 1_conv and 2_conv without bias + BN, 3_conv with bias; post_bn.
function resNetV2Body(): number {
  let n = conv(7, 3, 64); // conv1_conv (bias, no BN in V2)
  let cin = 64;
  for (const [f, blocks] of [[64, 3], [128, 4], [256, 6], [512, 3]] as const) {
    for (let b = 0; b < blocks; b++) {
      n += bn(cin);
      if (b === 0) n += conv(1, cin, 4 * f);
      n += conv(1, cin, f, false) + bn(f) + conv(3, f, f, false) + bn(f) + conv(1, f, 4 * f);
      cin = 4 * f;
    }
  }
  return n + bn(2048);
}

// mobilenet.py: conv1 (no bias) + BN, then per block a depthwise 3x3 (no bias) + BN and a pointwise 1x1 (no bias) + BN.
function mobileNetBody(alpha: number, dm: number): {params: number; channels: number} {
  const c0 = Math.floor(32 * alpha);
  let n = conv(3, 3, c0, false) + bn(c0);
  let cin = c0;
  for (const f of [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]) {
    const cout = Math.floor(f * alpha);
    n += 9 * cin * dm + bn(cin * dm) + cin * dm * cout + bn(cout);
    cin = cout;
  }
  return {params: n, channels: cin};
}

// mobilenet_v2.py with the channel widths worked out by hand from _make_divisible: the stem, the 17 block outputs.
function mobileNetV2Body(first: number, outs: number[]): number {
  const expansions = [1, ...Array<number>(16).fill(6)];
  let n = conv(3, 3, first, false) + bn(first);
  let cin = first;
  outs.forEach((cout, i) => {
    const mid = expansions[i]! * cin;
    if (i > 0) n += conv(1, cin, mid, false) + bn(mid);
    n += 9 * mid + bn(mid) + conv(1, mid, cout, false) + bn(cout);
    cin = cout;
  });
  return n + conv(1, cin, 1280, false) + bn(1280); // Conv_1, Conv_1_bn
}
const V2_ALPHA_1 = [16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320];
// alpha 0.35: int(f·0.35) rounded to 8 (never 10% down): 16→5→8, 24→8→8, 32→11→16, 64→22→24, 96→33→32,
// 160→56→56, 320→112→112; the stem 32·0.35 = 11.2 → 16.
const V2_ALPHA_035 = [8, 8, 8, 16, 16, 16, 24, 24, 24, 24, 32, 32, 32, 56, 56, 56, 112];

function countAndDispose(m: Functional): number {
  const n = m.countParams();
  m.dispose();
  return n;
}

describe('applications: parameter counts', function () {
  this.timeout(120_000);
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('the hand-derived formulas give Keras\'s published counts (FORMATS.md §5)', () => {
    expect(vggConvs([2, 2, 3, 3, 3]) + vggTop(1000)).to.equal(138_357_544);
    expect(vggConvs([2, 2, 4, 4, 4]) + vggTop(1000)).to.equal(143_667_240);
    expect(resNetV1Body() + dense(2048, 1000)).to.equal(25_636_712);
    expect(resNetV2Body() + dense(2048, 1000)).to.equal(25_613_800);
    expect(mobileNetBody(1, 1).params + conv(1, 1024, 1000)).to.equal(4_253_864);
    expect(mobileNetV2Body(32, V2_ALPHA_1) + dense(1280, 1000)).to.equal(3_538_984);
    // LeNet-5: conv1 5·5·1·6+6, conv2 5·5·6·16+16, fc1 400·120+120, fc2 120·84+84, 84·10+10.
    expect(conv(5, 1, 6) + conv(5, 6, 16) + dense(400, 120) + dense(120, 84) + dense(84, 10)).to.equal(61_706);
  });

  it('with the top at the default size, every builder counts exactly as Keras, with Keras\'s model name and shapes', () => {
    const start = memory().numTensors;
    const expected: [string, () => Functional, number, string, number][] = [
      ['leNet5', () => leNet5(), 61_706, 'lenet5', 32],
      // mobilenet.py: f"mobilenet_{alpha:0.2f}_{rows}"; mobilenet_v2.py: f"mobilenetv2_{alpha:0.2f}_{rows}".
      ['mobileNet', () => mobileNet(), 4_253_864, 'mobilenet_1.00_224', 224],
      ['mobileNetV2', () => mobileNetV2(), 3_538_984, 'mobilenetv2_1.00_224', 224],
      ['resNet50', () => resNet50(), 25_636_712, 'resnet50', 224],
      ['resNet50V2', () => resNet50V2(), 25_613_800, 'resnet50v2', 224],
      ['vgg16', () => vgg16({weights: null}), 138_357_544, 'vgg16', 224],
      ['vgg19', () => vgg19(), 143_667_240, 'vgg19', 224],
    ];
    for (const [label, build, count, name, size] of expected) {
      const m = build();
      expect(m.name).to.equal(name);
      expect([...m.inputs[0]!.shape], label).to.deep.equal([null, size, size, label === 'leNet5' ? 1 : 3]);
      expect([...m.outputs[0]!.shape], label).to.deep.equal([null, label === 'leNet5' ? 10 : 1000]);
      expect(countAndDispose(m), label).to.equal(count);
    }
    expect(memory().numTensors).to.equal(start);
  });

  it('without the top (pooling avg), counts are the bodies derived by hand (Keras\'s notop counts)', () => {
    const expected: [string, () => Functional, number, number, string][] = [
      ['vgg16', () => vgg16({includeTop: false, pooling: 'avg'}), vggConvs([2, 2, 3, 3, 3]), 14_714_688, 'vgg16'],
      ['vgg19', () => vgg19({includeTop: false, pooling: 'avg'}), vggConvs([2, 2, 4, 4, 4]), 20_024_384, 'vgg19'],
      ['resNet50', () => resNet50({includeTop: false, pooling: 'avg'}), resNetV1Body(), 23_587_712, 'resnet50'],
      ['resNet50V2', () => resNet50V2({includeTop: false, pooling: 'avg'}), resNetV2Body(), 23_564_800, 'resnet50v2'],
      // Without the top and without inputShape the size is unknown (Keras's (None, None, 3)): rows print as None.
      ['mobileNet', () => mobileNet({includeTop: false, pooling: 'avg'}), mobileNetBody(1, 1).params, 3_228_864, 'mobilenet_1.00_None'],
      ['mobileNetV2', () => mobileNetV2({includeTop: false, pooling: 'avg'}), mobileNetV2Body(32, V2_ALPHA_1), 2_257_984, 'mobilenetv2_1.00_None'],
      ['leNet5', () => leNet5({includeTop: false, pooling: 'avg'}), conv(5, 1, 6) + conv(5, 6, 16), 2_572, 'lenet5'],
    ];
    for (const [label, build, derived, keras, name] of expected) {
      resetNames();
      const m = build();
      expect(m.name).to.equal(name);
      const last = m.layers[m.layers.length - 1]!;
      expect(last.constructor.name).to.equal('GlobalAveragePooling2D');
      // resnet.py names it avg_pool; vgg16.py, vgg19.py, mobilenet.py, mobilenet_v2.py leave it unnamed.
      expect(last.name, label).to.equal(label.startsWith('resNet') ? 'avg_pool' : 'global_average_pooling2d');
      expect([...m.outputs[0]!.shape], label).to.deep.equal([null, (last.input as SymbolicTensor).shape[3]]);
      expect([...m.inputs[0]!.shape], label).to.deep.equal([null, null, null, label === 'leNet5' ? 1 : 3]);
      expect(countAndDispose(m), label).to.equal(derived).and.to.equal(keras);
    }
  });

  it('widths, depth multipliers, classes and input sizes change the counts as the architectures say', () => {
    const half = mobileNetBody(0.5, 2);
    expect(countAndDispose(mobileNet({alpha: 0.5, depthMultiplier: 2, classes: 7, inputShape: [64, 64, 3]}))).to.equal(half.params + conv(1, half.channels, 7));
    expect(countAndDispose(mobileNetV2({alpha: 0.35, classes: 5, inputShape: [32, 32, 3]}))).to.equal(mobileNetV2Body(16, V2_ALPHA_035) + dense(1280, 5));
    // alpha > 1 widens the last convolution too: _make_divisible(1280·1.4, 8) = 1792; the stem 32·1.4 = 44.8 → 48.
    const wide = [24, 32, 32, 48, 48, 48, 88, 88, 88, 88, 136, 136, 136, 224, 224, 224, 448];
    const wideBody = mobileNetV2Body(48, wide) - conv(1, 448, 1280, false) - bn(1280) + conv(1, 448, 1792, false) + bn(1792);
    expect(countAndDispose(mobileNetV2({alpha: 1.4, includeTop: false}))).to.equal(wideBody);
    expect(countAndDispose(resNet50({classes: 10, inputShape: [64, 64, 3]}))).to.equal(resNetV1Body() + dense(2048, 10));
    // VGG's top sizes itself to the input, as in Keras with weights=None: 64x64 → 2x2x512 = 2048 features.
    expect(countAndDispose(vgg16({inputShape: [64, 64, 3], classes: 3}))).to.equal(vggConvs([2, 2, 3, 3, 3]) + dense(2048, 4096) + dense(4096, 4096) + dense(4096, 3));
    // LeNet-5 on 3-channel 28x28 images: 28 → 24 → 12 → 8 → 4, so 4·4·16 = 256 features.
    expect(countAndDispose(leNet5({inputShape: [28, 28, 3]}))).to.equal(conv(5, 3, 6) + conv(5, 6, 16) + dense(256, 120) + dense(120, 84) + dense(84, 10));
  });
});
