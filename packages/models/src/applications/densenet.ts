/**
 * DenseNet121 (keras/src/applications/densenet.py with blocks [6, 12, 24, 16]).
 */
import {Activation, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, MaxPooling2D, ZeroPadding2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {finishApplication, poolOrClassify, resolveApplicationArgs} from './common.js';
import type {ApplicationArgs} from './common.js';

/** DenseNet's BatchNormalization epsilon (Keras uses 1.001e-5 throughout). */
const EPSILON = 1.001e-5;
/** Channels each conv block adds. */
const GROWTH = 32;

const bn = (name: string): BatchNormalization => new BatchNormalization({axis: 3, epsilon: EPSILON, name});

/** Keras's `conv_block`: BN-ReLU-1x1 conv (4·growth), BN-ReLU-3x3 conv (growth), concatenated to the input. */
function convBlock(x: SymbolicTensor, name: string): SymbolicTensor {
  let y = bn(`${name}_0_bn`).apply(x);
  y = new Activation({activation: 'relu', name: `${name}_0_relu`}).apply(y);
  y = new Conv2D({filters: 4 * GROWTH, kernelSize: 1, useBias: false, name: `${name}_1_conv`}).apply(y);
  y = bn(`${name}_1_bn`).apply(y);
  y = new Activation({activation: 'relu', name: `${name}_1_relu`}).apply(y);
  y = new Conv2D({filters: GROWTH, kernelSize: 3, padding: 'same', useBias: false, name: `${name}_2_conv`}).apply(y);
  return new Concatenate({axis: 3, name: `${name}_concat`}).apply([x, y]);
}

/** Keras's `dense_block`: `blocks` conv blocks named `<name>_block1` …. */
function denseBlock(x: SymbolicTensor, blocks: number, name: string): SymbolicTensor {
  let y = x;
  for (let i = 0; i < blocks; i++) y = convBlock(y, `${name}_block${i + 1}`);
  return y;
}

/** Keras's `transition_block`: BN-ReLU, a 1x1 conv halving the channels, 2x2 average pooling. */
function transitionBlock(x: SymbolicTensor, name: string): SymbolicTensor {
  let y = bn(`${name}_bn`).apply(x);
  y = new Activation({activation: 'relu', name: `${name}_relu`}).apply(y);
  const channels = y.shape[3] as number;
  y = new Conv2D({filters: Math.trunc(channels * 0.5), kernelSize: 1, useBias: false, name: `${name}_conv`}).apply(y);
  return new AveragePooling2D({poolSize: 2, strides: 2, name: `${name}_pool`}).apply(y);
}

/**
 * DenseNet121 (Huang et al., 2017), layer for layer as Keras 3 builds it: a 7x7 stem, four dense blocks
 * of 6, 12, 24 and 16 conv blocks (growth rate 32) joined by transition blocks with compression 0.5,
 * BatchNormalization epsilon 1.001e-5 everywhere. 8,062,504 parameters with the 1000-class top.
 *
 * Input: `[batch, 224, 224, 3]` by default (height and width at least 32); expects Keras's
 * `densenet.preprocess_input` (mode 'torch'). Output: `[batch, classes]` with `includeTop`, otherwise
 * `[batch, h, w, 1024]` or `[batch, 1024]` with `pooling`.
 *
 * @param args Keras's application arguments; see {@link ApplicationArgs}.
 * @returns The model, or a promise of it when `weights` names a file to load.
 * @throws ValueError for an input below 32x32, an input that is not `[h, w, c]`, or an unknown pooling.
 */
export function denseNet121(args?: ApplicationArgs & {weights?: null}): Functional;
export function denseNet121(args: ApplicationArgs): Functional | Promise<Functional>;
export function denseNet121(args?: ApplicationArgs): Functional | Promise<Functional> {
  const r = resolveApplicationArgs('denseNet121', args, {name: 'densenet121', defaultSize: 224, minSize: 32});
  let x = new ZeroPadding2D({padding: [[3, 3], [3, 3]]}).apply(r.input);
  x = new Conv2D({filters: 64, kernelSize: 7, strides: 2, useBias: false, name: 'conv1_conv'}).apply(x);
  x = bn('conv1_bn').apply(x);
  x = new Activation({activation: 'relu', name: 'conv1_relu'}).apply(x);
  x = new ZeroPadding2D({padding: [[1, 1], [1, 1]]}).apply(x);
  x = new MaxPooling2D({poolSize: 3, strides: 2, name: 'pool1'}).apply(x);
  const blocks = [6, 12, 24, 16] as const;
  blocks.forEach((n, i) => {
    x = denseBlock(x, n, `conv${i + 2}`);
    if (i < blocks.length - 1) x = transitionBlock(x, `pool${i + 2}`);
  });
  x = bn('bn').apply(x);
  x = new Activation({activation: 'relu', name: 'relu'}).apply(x);
  return finishApplication(r, poolOrClassify(x, r));
}
