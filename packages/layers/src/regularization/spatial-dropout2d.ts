import type {ConfigDict} from '@stratum/core';
import {SpatialDropout} from './spatial-dropout.js';
import type {SpatialDropoutArgs} from './spatial-dropout.js';

/**
 * Spatial 2-D dropout: in training, drops whole 2-D feature maps (every position of a channel of a
 * sample together) with probability `rate` and scales the kept ones by 1/(1 − rate); identity at
 * inference (keras/src/layers/regularization/spatial_dropout.py).
 *
 * Input shape: `[batch, rows, cols, channels]` (channels last) or `[batch, channels, rows, cols]`. Output shape: same as input.
 */
export class SpatialDropout2D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout2D';
  constructor(args: SpatialDropoutArgs) {
    super(args, 4);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), dataFormat: this.dataFormat};
  }
}
