/**
 * The zoo's graphs as Keras builds them: input and output shapes (pooling, no top, any size), model
 * names, the layer names and paddings Keras uses, and the BatchNormalization settings of each family.
 */
import {expect} from 'chai';
import {setBackend} from '@stratum/core';
import {BatchNormalization, ReLU, ZeroPadding2D, input, resetNames} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {leNet5, mobileNet, mobileNetV2, resNet50, resNet50V2, vgg16, vgg19} from './index.js';

function withModel<T>(m: Functional, f: (m: Functional) => T): T {
  try {
    return f(m);
  } finally {
    m.dispose();
  }
}

const outShape = (m: Functional): (number | null)[] => [...m.outputs[0]!.shape];
const names = (m: Functional): string[] => m.layers.map((l) => l.name);
const layerShape = (m: Functional, name: string): (number | null)[] => [...(m.getLayer(name).output as SymbolicTensor).shape];

describe('applications: shapes and names', function () {
  this.timeout(60_000);
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('pooling gives [batch, channels] (the feature map without pooling); Keras names the pooling per family', () => {
    const cases: [string, (a: {includeTop: false; inputShape: number[]; pooling: 'avg' | 'max' | null}) => Functional, number][] = [
      ['vgg16', vgg16, 512],
      ['vgg19', vgg19, 512],
      ['resNet50', resNet50, 2048],
      ['resNet50V2', resNet50V2, 2048],
      ['mobileNet', mobileNet, 1024],
      ['mobileNetV2', mobileNetV2, 1280],
      ['leNet5', leNet5, 16],
    ];
    for (const [label, make, channels] of cases) {
      const c = label === 'leNet5' ? 1 : 3;
      resetNames();
      // 'avg' for every builder is checked in param-counts.test.ts (the notop counts); 'max' here.
      withModel(make({includeTop: false, inputShape: [32, 32, c], pooling: 'max'}), (m) => {
        expect(outShape(m), label).to.deep.equal([null, channels]);
        const last = m.layers[m.layers.length - 1]!;
        expect(last.constructor.name).to.equal('GlobalMaxPooling2D');
        // resnet.py names it max_pool; vgg16.py, mobilenet.py, mobilenet_v2.py leave it unnamed.
        expect(last.name, label).to.equal(label.startsWith('resNet') ? 'max_pool' : 'global_max_pooling2d');
        // The layer before the pooling is the feature map: 32 → 1 for the ImageNet models, 32 → 5 for LeNet-5.
        const map = label === 'leNet5' ? 5 : 1;
        expect([...(m.layers[m.layers.length - 2]!.output as SymbolicTensor).shape]).to.deep.equal([null, map, map, channels]);
      });
    }
    withModel(resNet50({includeTop: false}), (m) => expect(outShape(m)).to.deep.equal([null, null, null, 2048]));
  });

  it('model names follow alpha and rows as Keras\'s, and name overrides them', () => {
    withModel(mobileNet({alpha: 0.25, includeTop: false, inputShape: [128, 128, 3]}), (m) => expect(m.name).to.equal('mobilenet_0.25_128'));
    withModel(mobileNetV2({alpha: 0.35, inputShape: [96, 96, 3]}), (m) => expect(m.name).to.equal('mobilenetv2_0.35_96'));
    withModel(mobileNetV2({name: 'mine', includeTop: false, inputShape: [32, 32, 3]}), (m) => expect(m.name).to.equal('mine'));
    withModel(leNet5({name: 'digits'}), (m) => expect(m.name).to.equal('digits'));
  });

  it('ResNet50: the stem pads 3 then 1, blocks are named convS_blockB_*, BN epsilon 1.001e-5', () => {
    withModel(resNet50({includeTop: true}), (m) => {
      const n = names(m);
      expect(n.slice(0, 7)).to.deep.equal(['input_layer', 'conv1_pad', 'conv1_conv', 'conv1_bn', 'conv1_relu', 'pool1_pad', 'pool1_pool']);
      expect((m.getLayer('conv1_pad') as ZeroPadding2D).getConfig()['padding']).to.deep.equal([[3, 3], [3, 3]]);
      expect(n).to.include.members(['conv2_block1_0_conv', 'conv2_block1_0_bn', 'conv2_block1_add', 'conv2_block1_out', 'conv4_block6_out', 'conv5_block3_out', 'avg_pool', 'predictions']);
      expect(n).to.not.include('conv2_block2_0_conv'); // identity shortcut after the first block
      const bns = m.layers.filter((l) => l instanceof BatchNormalization);
      expect(bns).to.have.length(53);
      for (const l of bns) expect(l.getConfig()).to.deep.include({epsilon: 1.001e-5, momentum: 0.99});
      // 224 → pad 230 → 7x7/2 112 → pad 114 → 3x3/2 56 → 28 → 14 → 7.
      expect(layerShape(m, 'pool1_pool')).to.deep.equal([null, 56, 56, 64]);
      expect(layerShape(m, 'conv5_block3_out')).to.deep.equal([null, 7, 7, 2048]);
      expect(m.getLayer('conv1_conv').getConfig()).to.deep.include({padding: 'valid', strides: [2, 2], useBias: true});
    });
  });

  it('ResNet50V2: pre-activation blocks, the stride on each stack\'s last block (a 1x1 max pooling shortcut)', () => {
    withModel(resNet50V2({includeTop: false, inputShape: [224, 224, 3]}), (m) => {
      const n = names(m);
      expect(n).to.include.members(['conv2_block1_preact_bn', 'conv2_block1_preact_relu', 'conv2_block1_0_conv', 'conv2_block1_2_pad', 'conv2_block3_2_conv', 'conv2_block3_out', 'post_bn', 'post_relu']);
      expect(n).to.not.include('conv1_bn');
      expect(n[n.length - 1]).to.equal('post_relu');
      // conv2_block3 strides: 56 → 28 (the shortcut max_pooling2d 1x1/2); conv5 keeps 7.
      expect(layerShape(m, 'conv2_block3_out')).to.deep.equal([null, 28, 28, 256]);
      expect(layerShape(m, 'conv4_block6_out')).to.deep.equal([null, 7, 7, 1024]);
      expect(m.layers.filter((l) => l.constructor.name === 'MaxPooling2D')).to.have.length(4); // pool1_pool + 3 strided shortcuts
      expect(m.getLayer('conv2_block1_1_conv').getConfig()['useBias']).to.equal(false);
      expect(m.getLayer('conv2_block1_3_conv').getConfig()['useBias']).to.equal(true);
    });
  });

  it('MobileNet: strided blocks pad ((0,1),(0,1)) and convolve valid; ReLU6; the 1x1 conv_preds head', () => {
    withModel(mobileNet({dropout: 0.2}), (m) => {
      const n = names(m);
      expect(n.slice(0, 4)).to.deep.equal(['input_layer', 'conv1', 'conv1_bn', 'conv1_relu']);
      expect(n.slice(-5)).to.deep.equal(['global_average_pooling2d', 'dropout', 'conv_preds', 'reshape_2', 'predictions']);
      const pads = m.layers.filter((l) => l instanceof ZeroPadding2D);
      expect(pads.map((l) => l.name)).to.deep.equal(['conv_pad_2', 'conv_pad_4', 'conv_pad_6', 'conv_pad_12']);
      for (const p of pads) expect(p.getConfig()['padding']).to.deep.equal([[0, 1], [0, 1]]);
      expect(m.getLayer('conv_dw_2').getConfig()).to.deep.include({padding: 'valid', strides: [2, 2]});
      expect(m.getLayer('conv_dw_3').getConfig()).to.deep.include({padding: 'same', strides: [1, 1]});
      for (const l of m.layers.filter((x) => x instanceof ReLU)) expect(l.getConfig()['maxValue']).to.equal(6);
      // mobilenet.py leaves BatchNormalization at Keras's defaults (epsilon 1e-3, momentum 0.99).
      for (const l of m.layers.filter((x) => x instanceof BatchNormalization)) expect(l.getConfig()).to.deep.include({epsilon: 1e-3, momentum: 0.99});
      expect(m.getLayer('dropout').getConfig()['rate']).to.equal(0.2);
      expect(layerShape(m, 'global_average_pooling2d')).to.deep.equal([null, 1, 1, 1024]);
    });
  });

  it('MobileNetV2: correct_pad before strided depthwise convolutions, residual adds, BN epsilon 1e-3 momentum 0.999', () => {
    withModel(mobileNetV2(), (m) => {
      const n = names(m);
      expect(n.slice(0, 9)).to.deep.equal(['input_layer', 'Conv1', 'bn_Conv1', 'Conv1_relu', 'expanded_conv_depthwise', 'expanded_conv_depthwise_BN', 'expanded_conv_depthwise_relu', 'expanded_conv_project', 'expanded_conv_project_BN']);
      expect(n.slice(-5)).to.deep.equal(['Conv_1', 'Conv_1_bn', 'out_relu', 'global_average_pooling2d', 'predictions']);
      // Adds where input and output widths match at stride 1: blocks 2, 4, 5, 7, 8, 9, 11, 12, 14, 15.
      expect(n.filter((x) => x.endsWith('_add'))).to.deep.equal([2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((b) => `block_${b}_add`));
      // imagenet_utils.py correct_pad on even sizes (112, 56, 28, 14): ((0, 1), (0, 1)).
      const pads = m.layers.filter((l) => l instanceof ZeroPadding2D);
      expect(pads.map((l) => l.name)).to.deep.equal(['block_1_pad', 'block_3_pad', 'block_6_pad', 'block_13_pad']);
      for (const p of pads) expect(p.getConfig()['padding']).to.deep.equal([[0, 1], [0, 1]]);
      for (const l of m.layers.filter((x) => x instanceof BatchNormalization)) expect(l.getConfig()).to.deep.include({epsilon: 1e-3, momentum: 0.999});
      expect(outShape(m)).to.deep.equal([null, 1000]);
    });
    // An odd size pads ((1, 1), (1, 1)) so the strided 'valid' window centres: 33 → Conv1 17 → block_1 9.
    withModel(mobileNetV2({includeTop: false, inputShape: [33, 33, 3]}), (m) => {
      expect(m.getLayer('block_1_pad').getConfig()['padding']).to.deep.equal([[1, 1], [1, 1]]);
      expect(layerShape(m, 'block_1_project_BN')).to.deep.equal([null, 9, 9, 24]);
    });
  });

  it('VGG: blockB_convC and blockB_pool, then flatten, fc1, fc2, predictions', () => {
    withModel(vgg19({includeTop: false, inputShape: [32, 32, 3]}), (m) => {
      expect(names(m).filter((x) => x.startsWith('block3'))).to.deep.equal(['block3_conv1', 'block3_conv2', 'block3_conv3', 'block3_conv4', 'block3_pool']);
    });
    withModel(vgg16({inputShape: [32, 32, 3], classes: 2}), (m) => {
      expect(names(m).slice(-5)).to.deep.equal(['block5_pool', 'flatten', 'fc1', 'fc2', 'predictions']);
      expect(outShape(m)).to.deep.equal([null, 2]);
    });
  });

  it('inputTensor builds on the given input; classifierActivation null gives logits', () => {
    const x = input({shape: [48, 48, 3], name: 'pixels'});
    withModel(mobileNet({inputTensor: x, classes: 4, classifierActivation: null}), (m) => {
      expect(m.inputs[0]).to.equal(x);
      expect(m.name).to.equal('mobilenet_1.00_48');
      expect(m.getLayer('predictions').getConfig()['activation']).to.equal('linear');
      expect(outShape(m)).to.deep.equal([null, 4]);
    });
    withModel(resNet50({inputShape: [32, 32, 3], classes: 3, classifierActivation: null}), (m) => expect(m.getLayer('predictions').getConfig()['activation']).to.equal('linear'));
  });
});
