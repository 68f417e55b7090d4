import {ValueError, describe} from '@stratum/core';
import {SpatialDropout} from './spatial-dropout.js';
import type {SpatialDropoutArgs} from './spatial-dropout.js';

/**
 * Spatial 1-D dropout: in training, drops whole 1-D feature maps (every position of a channel of a
 * sample together) with probability `rate` and scales the kept ones by 1/(1 − rate); identity at
 * inference (keras/src/layers/regularization/spatial_dropout.py).
 *
 * Input shape: `[batch, steps, channels]`. Output shape: same as input.
 */
export class SpatialDropout1D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout1D';
  constructor(args: SpatialDropoutArgs) {
    // keras/src/layers/regularization/spatial_dropout.py: SpatialDropout1D has no data_format (channels last).
    if (args.dataFormat !== undefined && args.dataFormat !== 'channels_last') {
      throw new ValueError(`SpatialDropout1D: the channels are always last (Keras has no dataFormat here), received dataFormat ${describe(args.dataFormat)}`);
    }
    super({...args, dataFormat: 'channels_last'}, 3);
  }
}
