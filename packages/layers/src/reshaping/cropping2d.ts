import type {LayerArgs} from '../engine/layer.js';
import {Cropping} from './cropping.js';
import {edgePairsND} from './edge-pairs.js';
import type {EdgeSpec} from './edge-pairs.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';

export interface Cropping2DArgs extends LayerArgs {
  /**
   * Rows and columns removed: `n` (every side), `[h, w]` (symmetric per axis) or
   * `[[top, bottom], [left, right]]`. Default 0.
   */
  cropping?: number | readonly [EdgeSpec, EdgeSpec];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Crops images along height and width (keras/src/layers/reshaping/cropping2d.py).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or `[batch, channels, height, width]`.
 * Output shape: the same with height - top - bottom and width - left - right.
 */
export class Cropping2D extends Cropping {
  static override readonly className = 'Cropping2D';

  constructor(args: Cropping2DArgs = {}) {
    super(args, edgePairsND('Cropping2D', 'cropping', args.cropping ?? 0, 2), checkDataFormat('Cropping2D', args.dataFormat));
  }
}
