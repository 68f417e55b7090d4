import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor4D} from '@stratum/core';
import {BaseConv} from './base-conv.js';
import type {BaseConvArgs} from './base-conv.js';
import type {PaddingMode} from './conv-utils.js';

export interface Conv2DArgs extends BaseConvArgs {
  /** Window size: one integer or [height, width]. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 1. */
  dilationRate?: number | [number, number];
}

/**
 * 2-D convolution over images (keras/src/layers/convolutional/conv2d.py), with `groups`.
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or `[batch, channels, height, width]`.
 * Output shape: `[batch, newHeight, newWidth, filters]` (or channels first).
 * Weights: `kernel` `[kH, kW, channels / groups, filters]`, `bias` `[filters]`.
 */
export class Conv2D extends BaseConv {
  static override readonly className = 'Conv2D';

  constructor(args: Conv2DArgs) {
    super(2, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.conv2d(x as Tensor4D, kernel as Tensor4D, {
      strides: this.strides as [number, number], padding: this.padding as PaddingMode, dilations: this.dilationRate as [number, number], bias, activation, groups: this.groups,
    });
  }
}
