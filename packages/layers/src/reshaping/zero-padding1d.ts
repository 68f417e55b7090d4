import type {ConfigDict} from '@stratum/core';
import type {LayerArgs} from '../engine/layer.js';
import {edgePair1D} from './edge-pairs.js';
import type {EdgePair, EdgeSpec} from './edge-pairs.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';
import {ZeroPadding} from './zero-padding.js';

export interface ZeroPadding1DArgs extends LayerArgs {
  /** Zero steps added at the start and the end: `n` (both) or `[start, end]`. Default 1. */
  padding?: EdgeSpec;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Adds zero steps at the start and end of each sequence (keras/src/layers/reshaping/zero_padding1d.py).
 *
 * Input shape: `[batch, steps, features]` (channels_last) or `[batch, features, steps]`.
 * Output shape: the same with steps + start + end.
 */
export class ZeroPadding1D extends ZeroPadding {
  static override readonly className = 'ZeroPadding1D';

  constructor(args: ZeroPadding1DArgs = {}) {
    super(args, edgePair1D('ZeroPadding1D', 'padding', args.padding ?? 1), checkDataFormat('ZeroPadding1D', args.dataFormat));
  }

  /** Keras writes the 1-D padding as one pair, `padding: [start, end]`. */
  override getConfig(): ConfigDict {
    return {...super.getConfig(), padding: this.padding[0] as EdgePair};
  }
}
