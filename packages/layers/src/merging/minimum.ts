import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Merge} from './merge.js';

/** Element-wise minimum of its inputs. */
export class Minimum extends Merge {
  static override readonly className = 'Minimum';
  protected merge(xs: Tensor[]): Tensor {
    return xs.length === 1 ? ops.clone(xs[0] as Tensor) : xs.reduce((a, b) => ops.minimum(a, b));
  }
}
