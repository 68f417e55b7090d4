import type {LayerArgs} from '../engine/layer.js';
import {Cropping} from './cropping.js';
import {edgePairsND} from './edge-pairs.js';
import type {EdgeSpec} from './edge-pairs.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';

export interface Cropping3DArgs extends LayerArgs {
  /**
   * Entries removed along the three spatial axes: `n` (every side), `[d1, d2, d3]` (symmetric per axis)
   * or `[[before, after], [before, after], [before, after]]`. Default 1.
   */
  cropping?: number | readonly [EdgeSpec, EdgeSpec, EdgeSpec];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Crops volumes along their three spatial axes (keras/src/layers/reshaping/cropping3d.py).
 *
 * Input shape: `[batch, d1, d2, d3, channels]` (channels_last) or `[batch, channels, d1, d2, d3]`.
 * Output shape: the same with each spatial size reduced by its before + after.
 */
export class Cropping3D extends Cropping {
  static override readonly className = 'Cropping3D';

  constructor(args: Cropping3DArgs = {}) {
    super(args, edgePairsND('Cropping3D', 'cropping', args.cropping ?? 1, 3), checkDataFormat('Cropping3D', args.dataFormat));
  }
}
