import {ops} from '@stratum/core';
import type {ConfigDict, Tensor, Tensor4D} from '@stratum/core';
import {checkPadding, checkWindowFits, convOutputLength} from '../convolutional/conv-utils.js';
import type {PaddingMode} from '../convolutional/conv-utils.js';
import {intSingle} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';

export interface Pooling1DArgs extends LayerArgs {
  /** Window length (default 2). */
  poolSize?: number | [number];
  /** Default: poolSize. */
  strides?: number | [number] | null;
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * The 1-D pooling layers' base: windows along the steps, run as core's 2-D pooling over a height of 1
 * (so the backward pass is core's own on every backend).
 */
export abstract class Pooling1D extends Layer {
  readonly poolSize: [number];
  readonly strides: [number];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;

  constructor(args: Pooling1DArgs = {}) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    this.poolSize = [intSingle(owner, 'poolSize', args.poolSize, 2)];
    this.strides = args.strides === null || args.strides === undefined ? this.poolSize : [intSingle(owner, 'strides', args.strides, 2)];
    this.padding = checkPadding(owner, args.padding);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.inputSpec = new InputSpec({ndim: 3});
  }

  /** The 2-D pooling op on channels-last input. */
  protected abstract pool(x: Tensor4D, options: {poolSize: [number, number]; strides: [number, number]; padding: PaddingMode}): Tensor4D;

  call(inputs: Tensor): Tensor {
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = channelsFirst ? ops.transpose(inputs, [0, 2, 1]) : inputs;
    const [b, steps, c] = x.shape as [number, number, number];
    const y = this.pool(ops.reshape(x, [b, 1, steps, c]) as Tensor4D, {poolSize: [1, this.poolSize[0]], strides: [1, this.strides[0]], padding: this.padding});
    const out = ops.reshape(y, [b, y.shape[2], c]);
    return channelsFirst ? ops.transpose(out, [0, 2, 1]) : out;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const stepsAxis = this.dataFormat === 'channels_last' ? 1 : 2;
    const out = [...s];
    out[stepsAxis] = convOutputLength(s[stepsAxis] ?? null, this.poolSize[0], this.padding, this.strides[0]);
    checkWindowFits(`${(this.constructor as unknown as {className: string}).className} "${this.name}"`, s, out);
    return out;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat};
  }
}
