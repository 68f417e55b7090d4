/**
 * MobileNet (Howard et al. 2017) as keras/src/applications/mobilenet.py builds it: a strided 3x3
 * convolution, then 13 depthwise-separable blocks (3x3 depthwise + 1x1 pointwise, each followed by
 * batch normalization and ReLU6), and a 1x1 convolution as the classifier.
 */
import {ValueError, describe} from '@stratum/core';
import {Activation, BatchNormalization, Conv2D, DepthwiseConv2D, Dropout, GlobalAveragePooling2D, ReLU, Reshape, ZeroPadding2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {ApplicationArgs, ApplicationResult, NoWeights} from './common.js';
import {finishApplication, pooled, resolveApplicationArgs} from './common.js';

/** Arguments of {@link mobileNet}: Keras's application arguments and MobileNet's own. */
export interface MobileNetArgs extends ApplicationArgs {
  /** Width multiplier: every layer has `floor(filters * alpha)` filters (default 1). */
  alpha?: number;
  /** Depth multiplier of the depthwise convolutions (default 1). */
  depthMultiplier?: number;
  /** Dropout rate before the classifier (default 0.001). */
  dropout?: number;
}

/** The pointwise filters and stride of blocks 1..13 (mobilenet.py MobileNet). */
const BLOCKS: readonly (readonly [filters: number, stride: number])[] = [
  [64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1],
];

/** Python's `f"{v:0.2f}"` for the model name. */
export function twoDecimals(v: number): string {
  return v.toFixed(2);
}

/** Keras's name for a model built at `rows` (Python prints an unknown size as `None`). */
export function rowsLabel(rows: number | null | undefined): string {
  return rows === null || rows === undefined ? 'None' : String(rows);
}

function reluBn(x: SymbolicTensor, name: string): SymbolicTensor {
  const y = new BatchNormalization({axis: -1, name: `${name}_bn`}).apply(x);
  return new ReLU({maxValue: 6, name: `${name}_relu`}).apply(y);
}

/** mobilenet.py _depthwise_conv_block: a strided block pads bottom/right by one and convolves 'valid'. */
function depthwiseBlock(x: SymbolicTensor, filters: number, alpha: number, depthMultiplier: number, stride: number, id: number): SymbolicTensor {
  let y = x;
  if (stride !== 1) y = new ZeroPadding2D({padding: [[0, 1], [0, 1]], name: `conv_pad_${id}`}).apply(y);
  y = new DepthwiseConv2D({kernelSize: 3, padding: stride === 1 ? 'same' : 'valid', depthMultiplier, strides: stride, useBias: false, name: `conv_dw_${id}`}).apply(y);
  y = reluBn(y, `conv_dw_${id}`);
  y = new Conv2D({filters: Math.trunc(filters * alpha), kernelSize: 1, padding: 'same', useBias: false, strides: 1, name: `conv_pw_${id}`}).apply(y);
  return reluBn(y, `conv_pw_${id}`);
}

function checkArgs(a: MobileNetArgs): {alpha: number; depthMultiplier: number; dropout: number} {
  const alpha = a.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha)) throw new ValueError(`mobileNet: alpha must be a positive number, received ${describe(a.alpha)}`);
  if (Math.trunc(32 * alpha) < 1) throw new ValueError(`mobileNet: alpha ${alpha} leaves the first convolution without filters (floor(32 * alpha) = 0); use alpha ≥ 1/32`);
  const depthMultiplier = a.depthMultiplier ?? 1;
  if (!Number.isInteger(depthMultiplier) || depthMultiplier < 1) throw new ValueError(`mobileNet: depthMultiplier must be a positive integer, received ${describe(a.depthMultiplier)}`);
  const dropout = a.dropout ?? 1e-3;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ValueError(`mobileNet: dropout must be a rate in [0, 1), received ${describe(a.dropout)}`);
  return {alpha, depthMultiplier, dropout};
}

/**
 * MobileNet (keras/src/applications/mobilenet.py): `conv1` (32·alpha filters, 3x3/2) with `conv1_bn`
 * and ReLU6, 13 depthwise-separable blocks `conv_dw_i` / `conv_pw_i` (64 to 1024 filters times alpha,
 * strided blocks padded by `conv_pad_i`); the top is global average pooling (kept 4-D), `dropout`, the
 * 1x1 convolution `conv_preds`, `reshape_2` and the activation `predictions`.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (`inputShape` `[h, w, c]`, h and w at least 32; without
 * the top any size, `[null, null, 3]` by default). Output shape: `[batch, classes]` with `includeTop`
 * (4,253,864 parameters with alpha 1 and 1000 classes); otherwise the `[batch, h/32, w/32,
 * 1024·alpha]` map of `conv_pw_13_relu`, or `[batch, 1024·alpha]` with `pooling`.
 * @returns a `Functional` named like Keras's (`mobilenet_1.00_224`: alpha and input rows), or a promise
 * of it when `weights` is a source to load.
 */
export function mobileNet<A extends MobileNetArgs = NoWeights>(args?: A): ApplicationResult<A> {
  const {alpha, depthMultiplier, dropout} = checkArgs(args ?? {});
  const r = resolveApplicationArgs('mobileNet', args, {name: 'mobilenet', defaultSize: 224, minSize: 32});
  const name = args?.name ?? `mobilenet_${twoDecimals(alpha)}_${rowsLabel(r.shape[0])}`;
  let x = new Conv2D({filters: Math.trunc(32 * alpha), kernelSize: 3, padding: 'same', useBias: false, strides: 2, name: 'conv1'}).apply(r.input);
  x = reluBn(x, 'conv1');
  BLOCKS.forEach(([filters, stride], i) => {
    x = depthwiseBlock(x, filters, alpha, depthMultiplier, stride, i + 1);
  });
  if (r.includeTop) {
    x = new GlobalAveragePooling2D({keepdims: true}).apply(x);
    x = new Dropout({rate: dropout, name: 'dropout'}).apply(x);
    x = new Conv2D({filters: r.classes, kernelSize: 1, padding: 'same', name: 'conv_preds'}).apply(x);
    x = new Reshape({targetShape: [r.classes], name: 'reshape_2'}).apply(x);
    x = new Activation({activation: r.classifierActivation ?? 'linear', name: 'predictions'}).apply(x);
  } else {
    x = pooled(x, r, false);
  }
  return finishApplication({...r, name}, x) as ApplicationResult<A>;
}
