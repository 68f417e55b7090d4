import type {LayerArgs} from '../engine/layer.js';
import {edgePairsND} from './edge-pairs.js';
import type {EdgeSpec} from './edge-pairs.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';
import {ZeroPadding} from './zero-padding.js';

export interface ZeroPadding2DArgs extends LayerArgs {
  /**
   * Rows and columns of zeros added: `n` (every side), `[h, w]` (symmetric per axis) or
   * `[[top, bottom], [left, right]]`. Default 1.
   */
  padding?: number | readonly [EdgeSpec, EdgeSpec];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Adds rows and columns of zeros around images (keras/src/layers/reshaping/zero_padding2d.py).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or `[batch, channels, height, width]`.
 * Output shape: the same with height + top + bottom and width + left + right.
 */
export class ZeroPadding2D extends ZeroPadding {
  static override readonly className = 'ZeroPadding2D';

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args, edgePairsND('ZeroPadding2D', 'padding', args.padding ?? 1, 2), checkDataFormat('ZeroPadding2D', args.dataFormat));
  }
}
