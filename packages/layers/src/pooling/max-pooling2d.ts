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
 * Max pooling over 2-D windows.
 *
 * Input shape: `[batch, height, width, channels]` (channels_last). Output shape: `[batch, newH, newW, channels]`.
 */
export class MaxPooling2D extends Layer {
  static override readonly className = 'MaxPooling2D';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;
  constructor(args: Pooling2DArgs = {}) {
    super(args);
    this.poolSize = intPair('MaxPooling2D', 'poolSize', args.poolSize, 2);
    this.strides = args.strides === null || args.strides === undefined ? this.poolSize : intPair('MaxPooling2D', 'strides', args.strides, 2);
    this.padding = checkPadding('MaxPooling2D', args.padding);
    this.dataFormat = checkDataFormat('MaxPooling2D', args.dataFormat);
    this.inputSpec = new InputSpec({ndim: 4});
  }
  call(inputs: Tensor): Tensor {
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = (channelsFirst ? ops.transpose(inputs, [0, 2, 3, 1]) : inputs) as Tensor4D;
    const y = ops.maxPool(x, {poolSize: this.poolSize, strides: this.strides, padding: this.padding});
    return channelsFirst ? ops.transpose(y, [0, 3, 1, 2]) : y;
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const [hAxis, wAxis] = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    const out = [...s];
    out[hAxis] = convOutputLength(s[hAxis] ?? null, this.poolSize[0], this.padding, this.strides[0]);
    out[wAxis] = convOutputLength(s[wAxis] ?? null, this.poolSize[1], this.padding, this.strides[1]);
    checkWindowFits(`MaxPooling2D "${this.name}"`, s, out);
    return out;
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat};
  }
}
