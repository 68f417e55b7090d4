import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {GlobalPooling} from './global-pooling.js';
import type {GlobalPoolingArgs} from './global-pooling.js';

/**
 * Maximum over the steps.
 *
 * Input shape: `[batch, steps, channels]` (channels_last). Output shape: `[batch, channels]`, or
 * `[batch, 1, channels]` with `keepdims`.
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className = 'GlobalMaxPooling1D';
  constructor(args: GlobalPoolingArgs = {}) {
    super(args, 1);
  }
  protected reduce(x: Tensor, axes: number[], _mask: Tensor | null): Tensor {
    return ops.max(x, axes, this.keepdims);
  }
}
