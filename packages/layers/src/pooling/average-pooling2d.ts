import {ops} from '@stratum/core';
import type {Tensor4D} from '@stratum/core';
import type {PaddingMode} from '../convolutional/conv-utils.js';
import {Pooling2D} from './pooling2d.js';

/**
 * Average pooling over 2-D windows; with 'same' padding the padded positions are not counted (as Keras).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last). Output shape: `[batch, newH, newW, channels]`.
 */
export class AveragePooling2D extends Pooling2D {
  static override readonly className = 'AveragePooling2D';
  protected pool(x: Tensor4D, options: {poolSize: [number, number]; strides: [number, number]; padding: PaddingMode}): Tensor4D {
    return ops.avgPool(x, options);
  }
}
