import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor5D} from '@stratum/core';
import {BaseConv} from './base-conv.js';
import type {BaseConvArgs} from './base-conv.js';
import type {PaddingMode} from './conv-utils.js';

export interface Conv3DArgs extends BaseConvArgs {
  /** Window size: one integer or [depth, height, width]. */
  kernelSize: number | [number, number, number];
  /** Default 1. */
  strides?: number | [number, number, number];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 1. */
  dilationRate?: number | [number, number, number];
}

/**
 * 3-D convolution over volumes (keras/src/layers/convolutional/conv3d.py), with `groups`. Trains on
 * every backend: core's conv3d folds the depth taps into one conv2d on wasm (whose Conv3D kernels are
 * slow loops) and uses tfjs's conv3d on cpu.
 *
 * Input shape: `[batch, depth, height, width, channels]` (channels_last) or
 * `[batch, channels, depth, height, width]`.
 * Output shape: `[batch, newDepth, newHeight, newWidth, filters]` (or channels first).
 * Weights: `kernel` `[kD, kH, kW, channels / groups, filters]`, `bias` `[filters]`.
 */
export class Conv3D extends BaseConv {
  static override readonly className = 'Conv3D';

  constructor(args: Conv3DArgs) {
    super(3, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.conv3d(x as Tensor5D, kernel as Tensor5D, {
      strides: this.strides as [number, number, number], padding: this.padding as PaddingMode, dilations: this.dilationRate as [number, number, number], bias, activation, groups: this.groups,
    });
  }
}
