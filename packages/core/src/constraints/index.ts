/**
 * Weight constraints: projections applied to a weight after each optimizer step.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable, SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import type {WeightConstraint} from '../variable.js';

export abstract class Constraint implements Serializable, WeightConstraint {
  static readonly className: string = 'Constraint';
  abstract apply(w: tf.Tensor): tf.Tensor;
  getConfig(): ConfigDict {
    return {};
  }
}

/** Clamps negative weights to zero. */
export class NonNeg extends Constraint {
  static override readonly className = 'NonNeg';
  apply(w: tf.Tensor): tf.Tensor {
    return tf.relu(w);
  }
}

export interface MaxNormArgs {
  /** Default 2. */
  maxValue?: number;
  /** Axis along which norms are computed. Default 0. */
  axis?: number;
}

/** Rescales each weight vector (along `axis`) whose L2 norm exceeds `maxValue` down to it. */
export class MaxNorm extends Constraint {
  static override readonly className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number;
  constructor(args: MaxNormArgs = {}) {
    super();
    this.maxValue = args.maxValue ?? 2;
    this.axis = args.axis ?? 0;
    if (!(this.maxValue > 0)) throw new ValueError(`MaxNorm: maxValue must be positive, received ${describe(args.maxValue)}`);
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const norms = tf.sqrt(tf.sum(tf.square(w), this.axis, true));
      const desired = tf.clipByValue(norms, 0, this.maxValue);
      return tf.mul(w, tf.div(desired, tf.add(norms, 1e-7)));
    });
  }
  override getConfig(): ConfigDict {
    return {maxValue: this.maxValue, axis: this.axis};
  }
}

export type ConstraintIdentifier = string | Constraint | SerializedObject;

export function registerConstraints(): void {
  for (const cls of [NonNeg, MaxNorm]) registerSerializable(cls, {category: 'constraint', module: 'keras.constraints'});
}

/** Resolves `'non_neg'`, `'maxNorm'`, an envelope or an instance; null stays null. */
export function getConstraint(id: ConstraintIdentifier | null | undefined): Constraint | null {
  if (id === null || id === undefined) return null;
  return resolveIdentifier<Constraint>('constraint', id);
}
