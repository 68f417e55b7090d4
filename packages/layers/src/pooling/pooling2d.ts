import {ops} from '@stratum/core';
import type {ConfigDict, Tensor, Tensor4D} from '@stratum/core';
import {checkPadding, checkWindowFits, convOutputLength} from '../convolutional/conv-utils.js';
import type {PaddingMode} from '../convolutional/conv-utils.js';
import {intPair} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';

export interface Pooling2DArgs extends LayerArgs {
  /** Window size. Default [2, 2]. */
  poolSize?: number | [number, number];
  /** Default: poolSize. */
  strides?: number | [number, number] | null;
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * The 2-D pooling layers' base: window, strides, padding and data format, and the output shape; the
 * subclass picks the reduction.
 */
export abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;
  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    this.poolSize = intPair(owner, 'poolSize', args.poolSize, 2);
    this.strides = args.strides === null || args.strides === undefined ? this.poolSize : intPair(owner, 'strides', args.strides, 2);
    this.padding = checkPadding(owner, args.padding);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.inputSpec = new InputSpec({ndim: 4});
  }
  /** The pooling op on channels-last input. */
  protected abstract pool(x: Tensor4D, options: {poolSize: [number, number]; strides: [number, number]; padding: PaddingMode}): Tensor4D;

  call(inputs: Tensor): Tensor {
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = (channelsFirst ? ops.transpose(inputs, [0, 2, 3, 1]) : inputs) as Tensor4D;
    const y = this.pool(x, {poolSize: this.poolSize, strides: this.strides, padding: this.padding});
    return channelsFirst ? ops.transpose(y, [0, 3, 1, 2]) : y;
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const [hAxis, wAxis] = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    const out = [...s];
    out[hAxis] = convOutputLength(s[hAxis] ?? null, this.poolSize[0], this.padding, this.strides[0]);
    out[wAxis] = convOutputLength(s[wAxis] ?? null, this.poolSize[1], this.padding, this.strides[1]);
    checkWindowFits(`${(this.constructor as unknown as {className: string}).className} "${this.name}"`, s, out);
    return out;
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat};
  }
}
