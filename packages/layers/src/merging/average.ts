import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Merge} from './merge.js';

/** Element-wise mean of its inputs. */
export class Average extends Merge {
  static override readonly className = 'Average';
  protected merge(xs: Tensor[]): Tensor {
    return ops.div(xs.length === 1 ? (xs[0] as Tensor) : xs.reduce((a, b) => ops.add(a, b)), xs.length);
  }
}
