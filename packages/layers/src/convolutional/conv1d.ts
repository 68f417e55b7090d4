import {ops} from '@stratum/core';
import type {Activation, Tensor, Tensor1D, Tensor3D} from '@stratum/core';
import {BaseConv} from './base-conv.js';
import type {BaseConvArgs} from './base-conv.js';

export interface Conv1DArgs extends BaseConvArgs {
  /** Window length: an integer or [length]. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default 'valid'; 'causal' pads only before the first step, so step t sees inputs up to t. */
  padding?: 'valid' | 'same' | 'causal';
  /** Default 1. */
  dilationRate?: number | [number];
}

/**
 * 1-D convolution over sequences (keras/src/layers/convolutional/conv1d.py), with `groups`. Trains on
 * every backend: core's conv1d runs through its own conv2d gradient (wasm has no Conv2DBackpropFilter).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, filters]` (or channels first).
 * Weights: `kernel` `[k, channels / groups, filters]`, `bias` `[filters]`.
 */
export class Conv1D extends BaseConv {
  static override readonly className = 'Conv1D';

  constructor(args: Conv1DArgs) {
    super(1, args);
  }

  protected convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor {
    return ops.conv1d(x as Tensor3D, kernel as Tensor3D, {
      strides: this.strides[0], padding: this.padding, dilations: this.dilationRate[0], bias, activation, groups: this.groups,
    });
  }
}
