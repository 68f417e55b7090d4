import {ops} from '@stratum/core';
import type {Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {BaseDepthwiseConv} from './base-depthwise-conv.js';
import type {BaseDepthwiseConvArgs} from './base-depthwise-conv.js';
import {checkWindowFits, convOutputLength, placeChannels, runChannelsLast} from './conv-utils.js';

/** DepthwiseConv1D's arguments: sizes as an integer or [length]. */
export type DepthwiseConv1DArgs = BaseDepthwiseConvArgs<[number]>;

/**
 * Depthwise 1-D convolution: each input channel is convolved with its own `depthMultiplier` filters
 * (keras/src/layers/convolutional/depthwise_conv1d.py). Runs core's depthwiseConv2d over a height of 1,
 * which has its own backward pass, so it trains on every backend (wasm has no depthwise backprop kernel).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, channels · depthMultiplier]` (or channels first).
 * Weights: `kernel` `[k, channels, depthMultiplier]` (Keras 3's name), `bias` `[channels · depthMultiplier]`.
 */
export class DepthwiseConv1D extends BaseDepthwiseConv<[number]> {
  static override readonly className = 'DepthwiseConv1D';

  constructor(args: DepthwiseConv1DArgs) {
    super(args, 1);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runChannelsLast(inputs, 1, this.dataFormat, this.activation, (x, activation) => {
      const [n, steps, c] = x.shape as [number, number, number];
      const y = ops.depthwiseConv2d(ops.reshape(x, [n, 1, steps, c]) as Tensor4D, ops.expandDims(kernel, 0) as Tensor4D, {
        strides: [1, this.strides[0]], padding: this.padding, dilations: [1, this.dilationRate[0]], bias, activation,
      });
      return ops.squeeze(y, [1]);
    });
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const c = s[this.channelAxis];
    const steps = convOutputLength(s[this.dataFormat === 'channels_last' ? 1 : 2] ?? null, this.kernelSize[0], this.padding, this.strides[0], this.dilationRate[0]);
    const out = placeChannels(s, this.dataFormat, [steps], c === null || c === undefined ? null : c * this.depthMultiplier);
    checkWindowFits(`DepthwiseConv1D "${this.name}"`, s, out);
    return out;
  }
}
