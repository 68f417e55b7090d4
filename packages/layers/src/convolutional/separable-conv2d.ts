import {BaseSeparableConv} from './base-separable-conv.js';
import type {BaseSeparableConvArgs} from './base-separable-conv.js';

export interface SeparableConv2DArgs extends BaseSeparableConvArgs {
  /** Depthwise window size: one integer or one per spatial axis. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 1. */
  dilationRate?: number | [number, number];
}

/**
 * Separable 2-D convolution over images (keras/src/layers/convolutional/separable_conv2d.py): a depthwise
 * convolution (each channel with its own depthMultiplier filters) then a pointwise 1×1 convolution
 * mixing channels, as in Xception and MobileNet. Trains on every backend (core's separableConv2d).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or channels first.
 * Output shape: `[batch, newHeight, newWidth, filters]` (or channels first).
 * Weights: `depthwise_kernel` `[kH, kW, channels, depthMultiplier]`, `pointwise_kernel`
 * `[1, 1, channels · depthMultiplier, filters]`, `bias` `[filters]`.
 */
export class SeparableConv2D extends BaseSeparableConv {
  static override readonly className = 'SeparableConv2D';

  constructor(args: SeparableConv2DArgs) {
    super(2, args);
  }
}
