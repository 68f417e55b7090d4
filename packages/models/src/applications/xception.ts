/**
 * Xception (keras/src/applications/xception.py): entry flow (blocks 1–4), middle flow (blocks 5–12),
 * exit flow (blocks 13–14).
 */
import {Activation, Add, BatchNormalization, Conv2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D, SeparableConv2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {finishApplication, poolOrClassify, resolveApplicationArgs} from './common.js';
import type {ApplicationArgs, ResolvedApplicationArgs} from './common.js';

/** BatchNormalization over the channels with Keras's defaults; unnamed when Keras leaves it unnamed. */
const bn = (x: SymbolicTensor, name?: string): SymbolicTensor => new BatchNormalization(name === undefined ? {axis: -1} : {axis: -1, name}).apply(x);
const relu = (x: SymbolicTensor, name: string): SymbolicTensor => new Activation({activation: 'relu', name}).apply(x);
const sepConv = (x: SymbolicTensor, filters: number, name: string): SymbolicTensor =>
  new SeparableConv2D({filters, kernelSize: 3, padding: 'same', useBias: false, name}).apply(x);

/** The strided 1x1 conv + BN shortcut of the downsampling blocks (unnamed in Keras). */
function shortcut(x: SymbolicTensor, filters: number): SymbolicTensor {
  return bn(new Conv2D({filters, kernelSize: 1, strides: 2, padding: 'same', useBias: false}).apply(x));
}

/**
 * A downsampling block `block{n}`: [ReLU] sepconv1-BN, ReLU sepconv2-BN, 3x3/2 max pooling, added to
 * the shortcut. Block 2 starts without the ReLU (its input has just been through one).
 */
function downBlock(x: SymbolicTensor, n: number, filters1: number, filters2: number, firstRelu: boolean): SymbolicTensor {
  const residual = shortcut(x, filters2);
  const p = `block${n}`;
  let y = firstRelu ? relu(x, `${p}_sepconv1_act`) : x;
  y = bn(sepConv(y, filters1, `${p}_sepconv1`), `${p}_sepconv1_bn`);
  y = relu(y, `${p}_sepconv2_act`);
  y = bn(sepConv(y, filters2, `${p}_sepconv2`), `${p}_sepconv2_bn`);
  y = new MaxPooling2D({poolSize: 3, strides: 2, padding: 'same', name: `${p}_pool`}).apply(y);
  return new Add({}).apply([y, residual]);
}

/**
 * Xception (Chollet, 2017), layer for layer as Keras 3 builds it: depthwise-separable convolutions with
 * residual connections, bias-free convolutions each followed by BatchNormalization, the shortcut
 * convolutions, their BatchNormalizations and the Adds left unnamed as in Keras. 22,910,480 parameters
 * with the 1000-class top.
 *
 * Input: `[batch, 299, 299, 3]` by default (height and width at least 71); expects pixels scaled to
 * [-1, 1] (Keras's `xception.preprocess_input`, mode 'tf'). Output: `[batch, classes]` with
 * `includeTop`, otherwise `[batch, h, w, 2048]` or `[batch, 2048]` with `pooling`.
 *
 * @param args Keras's application arguments; see {@link ApplicationArgs}.
 * @returns The model, or a promise of it when `weights` names a file to load.
 * @throws ValueError for an input below 71x71, an input that is not `[h, w, c]`, or an unknown pooling.
 */
export function xception(args?: ApplicationArgs & {weights?: null}): Functional;
export function xception(args: ApplicationArgs): Functional | Promise<Functional>;
export function xception(args?: ApplicationArgs): Functional | Promise<Functional> {
  const r = resolveApplicationArgs('xception', args, {name: 'xception', defaultSize: 299, minSize: 71});
  let x = new Conv2D({filters: 32, kernelSize: 3, strides: 2, useBias: false, name: 'block1_conv1'}).apply(r.input);
  x = relu(bn(x, 'block1_conv1_bn'), 'block1_conv1_act');
  x = new Conv2D({filters: 64, kernelSize: 3, useBias: false, name: 'block1_conv2'}).apply(x);
  x = relu(bn(x, 'block1_conv2_bn'), 'block1_conv2_act');

  // Block 2's second activation is named 'block2_sepconv2_act' in Keras, and it has no first one.
  x = downBlock(x, 2, 128, 128, false);
  x = downBlock(x, 3, 256, 256, true);
  x = downBlock(x, 4, 728, 728, true);

  for (let i = 0; i < 8; i++) {
    const residual = x;
    const p = `block${i + 5}`;
    let y = x;
    for (const k of [1, 2, 3]) {
      y = relu(y, `${p}_sepconv${k}_act`);
      y = bn(sepConv(y, 728, `${p}_sepconv${k}`), `${p}_sepconv${k}_bn`);
    }
    x = new Add({}).apply([y, residual]);
  }

  x = downBlock(x, 13, 728, 1024, true);

  x = sepConv(x, 1536, 'block14_sepconv1');
  x = relu(bn(x, 'block14_sepconv1_bn'), 'block14_sepconv1_act');
  x = sepConv(x, 2048, 'block14_sepconv2');
  x = relu(bn(x, 'block14_sepconv2_bn'), 'block14_sepconv2_act');
  return finishApplication(r, r.includeTop ? poolOrClassify(x, r) : unnamedPooling(x, r));
}

/**
 * The `pooling` of `includeTop: false` as xception.py writes it: the pooling layer is left unnamed, so
 * it takes an automatic name (global_average_pooling2d, ...), unlike common.ts's `pooled`.
 */
function unnamedPooling(x: SymbolicTensor, r: ResolvedApplicationArgs): SymbolicTensor {
  if (r.pooling === 'avg') return new GlobalAveragePooling2D({}).apply(x);
  if (r.pooling === 'max') return new GlobalMaxPooling2D({}).apply(x);
  return x;
}
