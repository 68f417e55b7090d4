/** Shape arithmetic shared by convolution and pooling layers (TF/Keras rules). */
import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {Activation, Tensor, Tensor4D} from '@stratum/core';
import {shapeToString} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export type PaddingMode = 'valid' | 'same';

/** Output length along one axis. */
export function convOutputLength(input: number | null, kernel: number, padding: PaddingMode, stride: number, dilation = 1): number | null {
  if (input === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  const len = padding === 'same' ? input : input - effective + 1;
  return Math.max(0, Math.floor((len + stride - 1) / stride));
}

/** Refuses a window that does not fit its input (an output dimension of 0), naming the layer and shapes. */
export function checkWindowFits(owner: string, inputShape: readonly (number | null)[], outputShape: readonly (number | null)[]): void {
  if (outputShape.some((d) => d === 0) && !inputShape.some((d) => d === 0)) {
    throw new ShapeError(`${owner}: the window does not fit an input of shape ${shapeToString(inputShape)}: the output shape would be ${shapeToString(outputShape)}`);
  }
}

export function checkPadding(owner: string, v: string | undefined, allowed: readonly string[] = ['valid', 'same']): PaddingMode {
  const p = v ?? 'valid';
  if (!allowed.includes(p)) throw new ValueError(`${owner}: padding must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, received ${describe(v)}`);
  return p as PaddingMode;
}

/** The activations core's conv ops can fuse. */
type FusedActivation = NonNullable<Activation['fused']>;

/** What a 2-D windowed layer needs to run and to say its output shape. */
export interface Window2D {
  kernelSize: [number, number];
  strides: [number, number];
  padding: PaddingMode;
  dilationRate: [number, number];
  dataFormat: 'channels_last' | 'channels_first';
}

/**
 * Runs a channels-last 2-D op on `inputs` stored in `w.dataFormat`: the activation goes into the op when
 * core can fuse it, after it otherwise.
 */
export function runConv2DLike(inputs: Tensor, w: Window2D, activation: Activation, op: (x: Tensor4D, fused: FusedActivation) => Tensor): Tensor {
  const channelsFirst = w.dataFormat === 'channels_first';
  const x = (channelsFirst ? ops.transpose(inputs, [0, 2, 3, 1]) : inputs) as Tensor4D;
  const fused = activation.fused;
  let y = op(x, fused ?? 'linear');
  if (fused === null) y = activation.apply(y);
  return channelsFirst ? ops.transpose(y, [0, 3, 1, 2]) : y;
}

/** The output shape of a 2-D windowed layer with `channels` output channels, refused when the window does not fit. */
export function conv2DLikeOutputShape(owner: string, s: Shape, w: Window2D, channels: number | null): Shape {
  const [hAxis, wAxis] = w.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
  const h = convOutputLength(s[hAxis] ?? null, w.kernelSize[0], w.padding, w.strides[0], w.dilationRate[0]);
  const wd = convOutputLength(s[wAxis] ?? null, w.kernelSize[1], w.padding, w.strides[1], w.dilationRate[1]);
  const out = w.dataFormat === 'channels_last' ? [s[0] ?? null, h, wd, channels] : [s[0] ?? null, channels, h, wd];
  checkWindowFits(owner, s, out);
  return out;
}

/** Refuses strides > 1 together with dilation > 1 (TF's convolutions cannot do both), naming both. */
export function checkStridesAndDilation(owner: string, strides: readonly number[], dilation: readonly number[]): void {
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    throw new ValueError(`${owner}: strides > 1 cannot be combined with dilationRate > 1, received strides ${describe(strides)} and dilationRate ${describe(dilation)}`);
  }
}

/** The size of the channel axis of `inputShape`, which a convolution needs to build its kernel. */
export function knownChannels(owner: string, inputShape: ShapeStructure, channelAxis: number): number {
  const channels = (inputShape as Shape)[channelAxis];
  if (channels === null || channels === undefined) {
    throw new ValueError(`${owner}: the channel dimension must be known, received shape ${JSON.stringify(inputShape)}`);
  }
  return channels;
}

/** Normalises `n` or a list of `rank` numbers to positive integers (non-negative with `zero`), naming the argument on error. */
export function intTuple(owner: string, what: string, v: number | readonly number[] | undefined, rank: number, dflt: number, zero = false): number[] {
  const t = v === undefined ? Array<number>(rank).fill(dflt) : typeof v === 'number' ? Array<number>(rank).fill(v) : [...v];
  if (t.length !== rank || !t.every((d) => Number.isInteger(d) && (zero ? d >= 0 : d > 0))) {
    throw new ValueError(`${owner}: ${what} must be a ${zero ? 'non-negative' : 'positive'} integer or a list of ${rank}, received ${describe(v)}`);
  }
  return t;
}

/** The permutations between channels-first and channels-last for `rank` spatial axes. */
export function channelPerms(rank: number): {toLast: number[]; toFirst: number[]} {
  const spatial = Array.from({length: rank}, (_v, i) => i + 2);
  return {toLast: [0, ...spatial, 1], toFirst: [0, rank + 1, ...spatial.map((a) => a - 1)]};
}

/**
 * Runs a channels-last op on `inputs` stored in `dataFormat`: the activation goes into the op when core
 * can fuse it, after it otherwise.
 */
export function runChannelsLast(inputs: Tensor, rank: number, dataFormat: 'channels_last' | 'channels_first', activation: Activation, op: (x: Tensor, fused: FusedActivation) => Tensor): Tensor {
  const {toLast, toFirst} = channelPerms(rank);
  const first = dataFormat === 'channels_first';
  const fused = activation.fused;
  let y = op(first ? ops.transpose(inputs, toLast) : inputs, fused ?? 'linear');
  if (fused === null) y = activation.apply(y);
  return first ? ops.transpose(y, toFirst) : y;
}

/** The output shape of an N-D windowed layer from per-axis output lengths, channels placed per `dataFormat`. */
export function placeChannels(s: Shape, dataFormat: 'channels_last' | 'channels_first', spatial: (number | null)[], channels: number | null): Shape {
  return dataFormat === 'channels_last' ? [s[0] ?? null, ...spatial, channels] : [s[0] ?? null, channels, ...spatial];
}

/** The spatial sizes of `s` (rank spatial axes) in `dataFormat`. */
export function spatialDims(s: Shape, rank: number, dataFormat: 'channels_last' | 'channels_first'): (number | null)[] {
  const start = dataFormat === 'channels_last' ? 1 : 2;
  return Array.from({length: rank}, (_v, i) => s[start + i] ?? null);
}

/**
 * Output length of a transposed convolution along one axis (keras/src/backend/common/backend_utils.py,
 * _get_output_shape_given_tf_padding): without outputPadding `valid` gives in·s + max(span − s, 0) and
 * `same` in·s; with it, (in − 1)·s + span − 2·pad + outputPadding, pad = ⌊span/2⌋ for `same`, 0 for `valid`.
 */
export function convTransposeOutputLength(input: number | null, kernel: number, padding: PaddingMode, stride: number, dilation: number, outputPadding: number | null): number | null {
  if (input === null) return null;
  const span = (kernel - 1) * dilation + 1;
  if (outputPadding === null) return padding === 'valid' ? input * stride + Math.max(span - stride, 0) : input * stride;
  const pad = padding === 'same' ? Math.floor(span / 2) : 0;
  return (input - 1) * stride + span - 2 * pad + outputPadding;
}
