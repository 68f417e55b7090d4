import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Merge} from './merge.js';

/**
 * Sum of its inputs. Input: a list of tensors whose non-batch axes broadcast. Output: their broadcast shape.
 *
 * ```ts
 * const y = st.layers.add().apply([a, b]);
 * ```
 */
export class Add extends Merge {
  static override readonly className = 'Add';
  protected merge(xs: Tensor[]): Tensor {
    return xs.length === 1 ? ops.clone(xs[0] as Tensor) : xs.reduce((a, b) => ops.add(a, b));
  }
}
