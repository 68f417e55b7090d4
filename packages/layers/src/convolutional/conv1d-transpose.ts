import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor3D} from '@stratum/core';
import {BaseConvTranspose} from './base-conv-transpose.js';
import type {BaseConvTransposeArgs} from './base-conv-transpose.js';

export interface Conv1DTransposeArgs extends BaseConvTransposeArgs {
  /** Window size: one integer or one per spatial axis. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default null (Keras's default output size); each entry smaller than its stride. */
  outputPadding?: number | [number] | null;
  /** Default 1. */
  dilationRate?: number | [number];
}

/**
 * 1-D transposed convolution ("deconvolution") over steps (keras/src/layers/convolutional/conv1d_transpose.py):
 * the gradient of a 1-D convolution with respect to its input, used to upsample. Output sizes follow
 * Keras (see BaseConvTransposeArgs.outputPadding). Trains on every backend: core's convTranspose1d owns its
 * backward pass (wasm has no Conv2DBackpropFilter).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, filters]` (or channels first).
 * Weights: `kernel` `[k, filters, channels]`, `bias` `[filters]`.
 */
export class Conv1DTranspose extends BaseConvTranspose {
  static override readonly className = 'Conv1DTranspose';

  constructor(args: Conv1DTransposeArgs) {
    super(1, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.convTranspose1d(x as Tensor3D, kernel as Tensor3D, {strides: this.strides[0], padding: this.padding, dilations: this.dilationRate[0], outputPadding: this.outputPadding === null ? null : this.outputPadding[0], bias, activation});
  }
}
