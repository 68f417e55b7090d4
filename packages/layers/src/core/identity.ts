import {mapStructure, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs, LayerIO} from '../engine/layer.js';
import {isTensor} from '../engine/shape.js';
import type {ShapeStructure} from '../engine/shape.js';

/** Identity takes only the common layer arguments. */
export type IdentityArgs = LayerArgs;

/**
 * Returns its input unchanged (keras/src/layers/core/identity.py): a placeholder where a model wants a
 * layer that does nothing. Any structure of tensors goes through, and so does the input mask.
 *
 * `T` is the structure it is called on: one tensor by default, e.g. `new Identity<Tensor[]>()` for a list.
 *
 * Input shape: any. Output shape: the same.
 */
export class Identity<T extends LayerIO = Tensor> extends Layer<T, T> {
  static override readonly className = 'Identity';

  constructor(args: IdentityArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  /** New handles on the same data (not the input objects themselves, which their owner may dispose). */
  call(inputs: T): T {
    return mapStructure<Tensor, Tensor>(inputs, isTensor, (t) => ops.clone(t)) as T;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }
}
