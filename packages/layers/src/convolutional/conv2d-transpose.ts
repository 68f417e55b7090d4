import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor4D} from '@stratum/core';
import {BaseConvTranspose} from './base-conv-transpose.js';
import type {BaseConvTransposeArgs} from './base-conv-transpose.js';

export interface Conv2DTransposeArgs extends BaseConvTransposeArgs {
  /** Window size: one integer or one per spatial axis. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default null (Keras's default output size); each entry smaller than its stride. */
  outputPadding?: number | [number, number] | null;
  /** Default 1. */
  dilationRate?: number | [number, number];
}

/**
 * 2-D transposed convolution ("deconvolution") over images (keras/src/layers/convolutional/conv2d_transpose.py):
 * the gradient of a 2-D convolution with respect to its input, used to upsample. Output sizes follow
 * Keras (see BaseConvTransposeArgs.outputPadding). Trains on every backend: core's convTranspose2d owns its
 * backward pass (wasm has no Conv2DBackpropFilter).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or `[batch, channels, height, width]`.
 * Output shape: `[batch, newHeight, newWidth, filters]` (or channels first).
 * Weights: `kernel` `[kH, kW, filters, channels]`, `bias` `[filters]`.
 */
export class Conv2DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv2DTranspose';

  constructor(args: Conv2DTransposeArgs) {
    super(2, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.convTranspose2d(x as Tensor4D, kernel as Tensor4D, {strides: this.strides as [number, number], padding: this.padding, dilations: this.dilationRate as [number, number], outputPadding: this.outputPadding as [number, number] | null, bias, activation});
  }
}
