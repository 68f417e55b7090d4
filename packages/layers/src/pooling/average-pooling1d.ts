import {ops} from '@stratum/core';
import type {Tensor4D} from '@stratum/core';
import type {PaddingMode} from '../convolutional/conv-utils.js';
import {Pooling1D} from './pooling1d.js';

/**
 * Average pooling over windows of steps; with 'same' padding the padded steps are not counted (as Keras).
 *
 * Input shape: `[batch, steps, channels]` (channels_last). Output shape: `[batch, newSteps, channels]`.
 */
export class AveragePooling1D extends Pooling1D {
  static override readonly className = 'AveragePooling1D';
  protected pool(x: Tensor4D, options: {poolSize: [number, number]; strides: [number, number]; padding: PaddingMode}): Tensor4D {
    return ops.avgPool(x, options);
  }
}
