import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Merge} from './merge.js';

/** Element-wise maximum of its inputs. */
export class Maximum extends Merge {
  static override readonly className = 'Maximum';
  protected merge(xs: Tensor[]): Tensor {
    return xs.length === 1 ? ops.clone(xs[0] as Tensor) : xs.reduce((a, b) => ops.maximum(a, b));
  }
}
