/**
 * Weight constraints: projections applied to a weight after each optimizer step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict, Serializable} from '../serialization/config.js';
import type {WeightConstraint} from '../variable.js';

/** Base class: `apply(weight)` returns the projected weight (a new tensor). */
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
