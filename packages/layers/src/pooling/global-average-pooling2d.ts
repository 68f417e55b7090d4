import type {Tensor} from '@stratum/core';
import {GlobalPooling, globalMean} from './global-pooling.js';
import type {GlobalPoolingArgs} from './global-pooling.js';

/**
 * Mean over every position of the image.
 *
 * Input shape: `[batch, height, width, channels]` (channels_last). Output shape: `[batch, channels]`, or
 * `[batch, 1, 1, channels]` with `keepdims`.
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className = 'GlobalAveragePooling2D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(args, 2);
  }
  protected reduce(x: Tensor, axes: number[], _mask: Tensor | null): Tensor {
    return globalMean(x, axes, this.keepdims, null, 1);
  }
}
