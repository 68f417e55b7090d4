import {ops} from '@stratum/core';
import type {Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {BaseDepthwiseConv} from './base-depthwise-conv.js';
import type {BaseDepthwiseConvArgs} from './base-depthwise-conv.js';
import {conv2DLikeOutputShape, runConv2DLike} from './conv-utils.js';

/** DepthwiseConv2D's arguments: sizes as one integer or [height, width]. */
export type DepthwiseConv2DArgs = BaseDepthwiseConvArgs<[number, number]>;

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier` filters
 * (keras/src/layers/convolutional/depthwise_conv2d.py), the first half of MobileNet's separable block.
 * Trains on every backend: core's depthwiseConv2d has its own backward pass (wasm has no kernel for it).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or channels first.
 * Output shape: `[batch, newH, newW, channels · depthMultiplier]`.
 * Weights: `kernel` `[kH, kW, channels, depthMultiplier]` (Keras 3's name), `bias` `[channels · depthMultiplier]`.
 */
export class DepthwiseConv2D extends BaseDepthwiseConv<[number, number]> {
  static override readonly className = 'DepthwiseConv2D';

  constructor(args: DepthwiseConv2DArgs) {
    super(args, 2);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value as Tensor4D;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runConv2DLike(inputs, this, this.activation, (x, activation) =>
      ops.depthwiseConv2d(x, kernel, {strides: this.strides, padding: this.padding, dilations: this.dilationRate, bias, activation}),
    );
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const c = (inputShape as Shape)[this.channelAxis];
    return conv2DLikeOutputShape(`DepthwiseConv2D "${this.name}"`, inputShape as Shape, this, c === null || c === undefined ? null : c * this.depthMultiplier);
  }
}
