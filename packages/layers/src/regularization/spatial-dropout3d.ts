import type {ConfigDict} from '@stratum/core';
import {SpatialDropout} from './spatial-dropout.js';
import type {SpatialDropoutArgs} from './spatial-dropout.js';

/**
 * Spatial 3-D dropout: in training, drops whole 3-D feature maps (every position of a channel of a
 * sample together) with probability `rate` and scales the kept ones by 1/(1 − rate); identity at
 * inference (keras/src/layers/regularization/spatial_dropout.py).
 *
 * Input shape: `[batch, dim1, dim2, dim3, channels]` (channels last) or `[batch, channels, dim1, dim2, dim3]`. Output shape: same as input.
 */
export class SpatialDropout3D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout3D';
  constructor(args: SpatialDropoutArgs) {
    super(args, 5);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), dataFormat: this.dataFormat};
  }
}
