import {ops} from '@stratum/core';
import type {Tensor5D} from '@stratum/core';
import {Pooling3D} from './pooling3d.js';
import type {Pool3DWindow} from './pooling3d.js';

/**
 * Average pooling over 3-D windows (keras/src/layers/pooling/average_pooling3d.py); with 'same' padding
 * the padded positions are not counted.
 *
 * Input shape: `[batch, depth, height, width, channels]` (channels_last) or
 * `[batch, channels, depth, height, width]`. Output shape: the same layout with the pooled sizes.
 */
export class AveragePooling3D extends Pooling3D {
  static override readonly className = 'AveragePooling3D';
  protected pool(x: Tensor5D, options: Pool3DWindow): Tensor5D {
    return ops.avgPool3d(x, options);
  }
}
