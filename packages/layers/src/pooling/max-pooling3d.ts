import {ops} from '@stratum/core';
import type {Tensor5D} from '@stratum/core';
import {Pooling3D} from './pooling3d.js';
import type {Pool3DWindow} from './pooling3d.js';

/**
 * Max pooling over 3-D windows (keras/src/layers/pooling/max_pooling3d.py).
 *
 * Input shape: `[batch, depth, height, width, channels]` (channels_last) or
 * `[batch, channels, depth, height, width]`. Output shape: the same layout with the pooled sizes.
 */
export class MaxPooling3D extends Pooling3D {
  static override readonly className = 'MaxPooling3D';
  protected pool(x: Tensor5D, options: Pool3DWindow): Tensor5D {
    return ops.maxPool3d(x, options);
  }
}
