import type {LayerArgs} from '../engine/layer.js';
import {edgePairsND} from './edge-pairs.js';
import type {EdgeSpec} from './edge-pairs.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';
import {ZeroPadding} from './zero-padding.js';

export interface ZeroPadding3DArgs extends LayerArgs {
  /**
   * Zeros added along the three spatial axes: `n` (every side), `[d1, d2, d3]` (symmetric per axis) or
   * `[[before, after], [before, after], [before, after]]`. Default 1.
   */
  padding?: number | readonly [EdgeSpec, EdgeSpec, EdgeSpec];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Adds zeros around volumes along their three spatial axes (keras/src/layers/reshaping/zero_padding3d.py).
 *
 * Input shape: `[batch, d1, d2, d3, channels]` (channels_last) or `[batch, channels, d1, d2, d3]`.
 * Output shape: the same with each spatial size increased by its before + after.
 */
export class ZeroPadding3D extends ZeroPadding {
  static override readonly className = 'ZeroPadding3D';

  constructor(args: ZeroPadding3DArgs = {}) {
    super(args, edgePairsND('ZeroPadding3D', 'padding', args.padding ?? 1, 3), checkDataFormat('ZeroPadding3D', args.dataFormat));
  }
}
