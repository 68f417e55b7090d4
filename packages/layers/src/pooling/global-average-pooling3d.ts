import type {Tensor} from '@stratum/core';
import {GlobalPooling, globalMean} from './global-pooling.js';
import type {GlobalPoolingArgs} from './global-pooling.js';

/**
 * Mean over every position of the volume.
 *
 * Input shape: `[batch, depth, height, width, channels]` (channels_last). Output shape: `[batch, channels]`, or
 * `[batch, 1, 1, 1, channels]` with `keepdims`.
 */
export class GlobalAveragePooling3D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling3D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(args, 3);
  }
  protected reduce(x: Tensor, axes: number[], _mask: Tensor | null): Tensor {
    return globalMean(x, axes, this.keepdims, null, 1);
  }
}
