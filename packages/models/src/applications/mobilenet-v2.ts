/**
 * MobileNetV2 (Sandler et al. 2018) as keras/src/applications/mobilenet_v2.py builds it: inverted
 * residual blocks (1x1 expansion, 3x3 depthwise, linear 1x1 projection, a residual where shapes allow),
 * batch normalization with epsilon 1e-3 and momentum 0.999, ReLU6.
 */
import {ValueError, describe} from '@stratum/core';
import {Add, BatchNormalization, Conv2D, DepthwiseConv2D, ReLU, ZeroPadding2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {ApplicationArgs, ApplicationResult, NoWeights} from './common.js';
import {finishApplication, poolOrClassify, resolveApplicationArgs} from './common.js';
import {rowsLabel, twoDecimals} from './mobilenet.js';

/** Arguments of {@link mobileNetV2}: Keras's application arguments and the width multiplier. */
export interface MobileNetV2Args extends ApplicationArgs {
  /** Width multiplier: filters scale by `alpha`, rounded to multiples of 8 (default 1). */
  alpha?: number;
}

/** Expansion, output filters and stride of blocks 0..16 (mobilenet_v2.py MobileNetV2). */
const BLOCKS: readonly (readonly [expansion: number, filters: number, stride: number])[] = [
  [1, 16, 1],
  [6, 24, 2], [6, 24, 1],
  [6, 32, 2], [6, 32, 1], [6, 32, 1],
  [6, 64, 2], [6, 64, 1], [6, 64, 1], [6, 64, 1],
  [6, 96, 1], [6, 96, 1], [6, 96, 1],
  [6, 160, 2], [6, 160, 1], [6, 160, 1],
  [6, 320, 1],
];

/** mobilenet_v2.py _make_divisible: `v` rounded to a multiple of `divisor`, never more than 10% down. */
export function makeDivisible(v: number, divisor: number): number {
  let out = Math.max(divisor, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}

/**
 * imagenet_utils.py correct_pad for a 3x3 window: pad (0 or 1 before, 1 after) so a stride-2 'valid'
 * convolution centres like TF's 'same' (an unknown size pads as an even one).
 */
function correctPad(x: SymbolicTensor): [[number, number], [number, number]] {
  const adjust = (d: number | null | undefined): number => (d === null || d === undefined ? 1 : 1 - (d % 2));
  return [[1 - adjust(x.shape[1]), 1], [1 - adjust(x.shape[2]), 1]];
}

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({axis: -1, epsilon: 1e-3, momentum: 0.999, name}).apply(x);
}

function relu6(x: SymbolicTensor, name: string): SymbolicTensor {
  return new ReLU({maxValue: 6, name}).apply(x);
}

/** mobilenet_v2.py _inverted_res_block. Block 0 has no expansion and the prefix 'expanded_conv_'. */
function invertedResBlock(x: SymbolicTensor, expansion: number, stride: number, alpha: number, filters: number, id: number): SymbolicTensor {
  const inChannels = x.shape[3] as number;
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  let prefix = `block_${id}_`;
  let y = x;
  if (id !== 0) {
    y = new Conv2D({filters: expansion * inChannels, kernelSize: 1, padding: 'same', useBias: false, activation: null, name: `${prefix}expand`}).apply(y);
    y = relu6(bn(y, `${prefix}expand_BN`), `${prefix}expand_relu`);
  } else {
    prefix = 'expanded_conv_';
  }
  if (stride === 2) y = new ZeroPadding2D({padding: correctPad(y), name: `${prefix}pad`}).apply(y);
  y = new DepthwiseConv2D({kernelSize: 3, strides: stride, activation: null, useBias: false, padding: stride === 1 ? 'same' : 'valid', name: `${prefix}depthwise`}).apply(y);
  y = relu6(bn(y, `${prefix}depthwise_BN`), `${prefix}depthwise_relu`);
  y = new Conv2D({filters: pointwiseFilters, kernelSize: 1, padding: 'same', useBias: false, activation: null, name: `${prefix}project`}).apply(y);
  y = bn(y, `${prefix}project_BN`);
  if (inChannels === pointwiseFilters && stride === 1) return new Add({name: `${prefix}add`}).apply([x, y]);
  return y;
}

/**
 * MobileNetV2 (keras/src/applications/mobilenet_v2.py): `Conv1` (3x3/2, 32·alpha filters rounded to
 * 8) with `bn_Conv1` and ReLU6, 17 inverted residual blocks (`expanded_conv_*`, `block_1_*` ..
 * `block_16_*`), `Conv_1` (1280 filters, more when alpha > 1), `Conv_1_bn`, `out_relu`; the top is
 * global average pooling and the Dense `predictions`.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (`inputShape` `[h, w, c]`, h and w at least 32; without
 * the top any size, `[null, null, 3]` by default). Output shape: `[batch, classes]` with `includeTop`
 * (3,538,984 parameters with alpha 1 and 1000 classes); otherwise the `[batch, h/32, w/32, 1280]` map of
 * `out_relu`, or `[batch, 1280]` with `pooling`.
 * @returns a `Functional` named like Keras's (`mobilenetv2_1.00_224`: alpha and input rows), or a
 * promise of it when `weights` is a source to load.
 */
export function mobileNetV2<A extends MobileNetV2Args = NoWeights>(args?: A): ApplicationResult<A> {
  const alpha = args?.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha)) throw new ValueError(`mobileNetV2: alpha must be a positive number, received ${describe(args?.alpha)}`);
  const r = resolveApplicationArgs('mobileNetV2', args, {name: 'mobilenetv2', defaultSize: 224, minSize: 32});
  const name = args?.name ?? `mobilenetv2_${twoDecimals(alpha)}_${rowsLabel(r.shape[0])}`;
  let x = new Conv2D({filters: makeDivisible(32 * alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1'}).apply(r.input);
  x = relu6(bn(x, 'bn_Conv1'), 'Conv1_relu');
  BLOCKS.forEach(([expansion, filters, stride], id) => {
    x = invertedResBlock(x, expansion, stride, alpha, filters, id);
  });
  const lastFilters = alpha > 1 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = new Conv2D({filters: lastFilters, kernelSize: 1, useBias: false, name: 'Conv_1'}).apply(x);
  x = relu6(bn(x, 'Conv_1_bn'), 'out_relu');
  return finishApplication({...r, name}, poolOrClassify(x, r, {top: false, pooling: false})) as ApplicationResult<A>;
}
