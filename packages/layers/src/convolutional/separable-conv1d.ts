import {BaseSeparableConv} from './base-separable-conv.js';
import type {BaseSeparableConvArgs} from './base-separable-conv.js';

export interface SeparableConv1DArgs extends BaseSeparableConvArgs {
  /** Depthwise window size: one integer or one per spatial axis. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default 1. */
  dilationRate?: number | [number];
}

/**
 * Separable 1-D convolution over sequences (keras/src/layers/convolutional/separable_conv1d.py): a depthwise
 * convolution (each channel with its own depthMultiplier filters) then a pointwise 1×1 convolution
 * mixing channels, as in Xception and MobileNet. Trains on every backend (core's separableConv2d).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, filters]` (or channels first).
 * Weights: `depthwise_kernel` `[k, channels, depthMultiplier]`, `pointwise_kernel`
 * `[1, channels · depthMultiplier, filters]`, `bias` `[filters]`.
 */
export class SeparableConv1D extends BaseSeparableConv {
  static override readonly className = 'SeparableConv1D';

  constructor(args: SeparableConv1DArgs) {
    super(1, args);
  }
}
