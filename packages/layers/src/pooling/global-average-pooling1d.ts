import type {Tensor} from '@stratum/core';
import {GlobalPooling, globalMean} from './global-pooling.js';
import type {GlobalPoolingArgs} from './global-pooling.js';

/**
 * Mean over the steps.
 *
 * Input shape: `[batch, steps, channels]` (channels_last). Output shape: `[batch, channels]`, or
 * `[batch, 1, channels]` with `keepdims`.
 * A `[batch, steps]` mask leaves the masked steps out of the mean.
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(args, 1);
    // keras/src/layers/pooling/global_average_pooling1d.py: it reads the mask (and gives none).
    this.supportsMasking = true;
  }
  protected reduce(x: Tensor, axes: number[], mask: Tensor | null): Tensor {
    return globalMean(x, axes, this.keepdims, mask, axes[0] as number);
  }
}
