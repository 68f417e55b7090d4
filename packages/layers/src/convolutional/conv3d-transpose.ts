import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor5D} from '@stratum/core';
import {BaseConvTranspose} from './base-conv-transpose.js';
import type {BaseConvTransposeArgs} from './base-conv-transpose.js';

export interface Conv3DTransposeArgs extends BaseConvTransposeArgs {
  /** Window size: one integer or one per spatial axis. */
  kernelSize: number | [number, number, number];
  /** Default 1. */
  strides?: number | [number, number, number];
  /** Default null (Keras's default output size); each entry smaller than its stride. */
  outputPadding?: number | [number, number, number] | null;
  /** Default 1. */
  dilationRate?: number | [number, number, number];
}

/**
 * 3-D transposed convolution ("deconvolution") over volumes (keras/src/layers/convolutional/conv3d_transpose.py):
 * the gradient of a 3-D convolution with respect to its input, used to upsample. Output sizes follow
 * Keras (see BaseConvTransposeArgs.outputPadding). Trains on every backend: core's convTranspose3d owns its
 * backward pass (wasm has no Conv2DBackpropFilter).
 *
 * Input shape: `[batch, depth, height, width, channels]` (channels_last) or channels first.
 * Output shape: `[batch, newDepth, newHeight, newWidth, filters]` (or channels first).
 * Weights: `kernel` `[kD, kH, kW, filters, channels]`, `bias` `[filters]`.
 */
export class Conv3DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv3DTranspose';

  constructor(args: Conv3DTransposeArgs) {
    super(3, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.convTranspose3d(x as Tensor5D, kernel as Tensor5D, {strides: this.strides as [number, number, number], padding: this.padding, dilations: this.dilationRate as [number, number, number], outputPadding: this.outputPadding as [number, number, number] | null, bias, activation});
  }
}
