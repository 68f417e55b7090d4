import type {ConfigDict} from '@stratum/core';
import type {LayerArgs} from '../engine/layer.js';
import {Cropping} from './cropping.js';
import {edgePair1D} from './edge-pairs.js';
import type {EdgePair, EdgeSpec} from './edge-pairs.js';

export interface Cropping1DArgs extends LayerArgs {
  /** Steps removed from the start and the end: `n` (both) or `[start, end]`. Default 1. */
  cropping?: EdgeSpec;
}

/**
 * Removes steps at the start and end of each sequence (keras/src/layers/reshaping/cropping1d.py).
 *
 * Input shape: `[batch, steps, features]`. Output shape: `[batch, steps - start - end, features]`.
 */
export class Cropping1D extends Cropping {
  static override readonly className = 'Cropping1D';

  constructor(args: Cropping1DArgs = {}) {
    super(args, edgePair1D('Cropping1D', 'cropping', args.cropping ?? 1), 'channels_last');
  }

  /** Keras's Cropping1D has no data format: the config is `cropping: [start, end]` alone. */
  override getConfig(): ConfigDict {
    const {dataFormat: _dropped, ...config} = super.getConfig();
    return {...config, cropping: this.cropping[0] as EdgePair};
  }
}
