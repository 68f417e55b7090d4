/**
 * Focal crossentropies (Lin et al., 2017; Keras 3 semantics): the crossentropy of each class scaled by
 * (1 − p)^γ, so well-classified examples count less and hard ones dominate.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {CrossentropyBase, classesLast} from './crossentropy.js';
import type {CrossentropyArgs} from './crossentropy.js';
import {EPSILON, assertSameShape, checkNumber} from './loss.js';

export interface BinaryFocalCrossentropyArgs extends CrossentropyArgs {
  /** Weight the positive class by `alpha` and the negative one by `1 − alpha`. Default false. */
  applyClassBalancing?: boolean;
  /** Class-balancing weight of the positive class, in [0, 1]. Default 0.25 (used only with `applyClassBalancing`). */
  alpha?: number;
  /** Focusing parameter γ ≥ 0; 0 gives plain binary crossentropy. Default 2. */
  gamma?: number;
}

/**
 * Binary focal crossentropy: mean over the last axis of w·(1 − p_t)^γ·BCE, where p_t is the predicted
 * probability of the true label and w = α·y + (1 − α)·(1 − y) with `applyClassBalancing` (else 1).
 * From logits, the crossentropy uses the stable logits form.
 */
export class BinaryFocalCrossentropy extends CrossentropyBase {
  static override readonly className = 'BinaryFocalCrossentropy';
  readonly applyClassBalancing: boolean;
  readonly alpha: number;
  readonly gamma: number;
  constructor(args: BinaryFocalCrossentropyArgs = {}) {
    super(args, 'binary_focal_crossentropy');
    this.applyClassBalancing = args.applyClassBalancing ?? false;
    this.alpha = checkNumber('BinaryFocalCrossentropy', 'alpha', args.alpha ?? 0.25, 0, 1);
    this.gamma = checkNumber('BinaryFocalCrossentropy', 'gamma', args.gamma ?? 2, 0);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    let y = tf.cast(yTrue, yPred.dtype);
    if (this.labelSmoothing > 0) y = tf.add(tf.mul(y, 1 - this.labelSmoothing), 0.5 * this.labelSmoothing);
    let p: tf.Tensor;
    let bce: tf.Tensor;
    if (this.fromLogits) {
      p = tf.sigmoid(yPred);
      bce = tf.add(tf.sub(tf.relu(yPred), tf.mul(yPred, y)), tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))));
    } else {
      p = yPred;
      const clipped = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
      bce = tf.neg(tf.add(tf.mul(y, tf.log(clipped)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, clipped)))));
    }
    // p_t = y·p + (1 − y)(1 − p); the focal factor is (1 − p_t)^γ
    const pt = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
    let values = tf.mul(focalFactor(pt, this.gamma), bce);
    if (this.applyClassBalancing) values = tf.mul(values, tf.add(tf.mul(y, this.alpha), tf.mul(tf.sub(1, y), 1 - this.alpha)));
    return tf.mean(values, this.axis);
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), applyClassBalancing: this.applyClassBalancing, alpha: this.alpha, gamma: this.gamma};
  }
}

/**
 * (1 − p)^γ, with 0^0 = 1. The base is floored at ε so that γ < 1 keeps a finite gradient where a
 * probability is exactly right (the value changes by at most ε^γ·BCE, negligible).
 */
function focalFactor(p: tf.Tensor, gamma: number): tf.Tensor {
  if (gamma === 0) return tf.onesLike(p);
  return tf.pow(tf.maximum(tf.sub(1, p), EPSILON), gamma);
}

export interface CategoricalFocalCrossentropyArgs extends CrossentropyArgs {
  /** Weight of every class (a number) or one weight per class (a list). Default 0.25. */
  alpha?: number | number[];
  /** Focusing parameter γ ≥ 0; 0 gives α times categorical crossentropy. Default 2. */
  gamma?: number;
}

/**
 * Categorical focal crossentropy over one-hot targets: −Σ α·(1 − p)^γ·y·log p along the class axis.
 * From probabilities, predictions are renormalised and clipped to [ε, 1 − ε] (as Keras does); from
 * logits, log-softmax is used directly.
 */
export class CategoricalFocalCrossentropy extends CrossentropyBase {
  static override readonly className = 'CategoricalFocalCrossentropy';
  readonly alpha: number | number[];
  readonly gamma: number;
  constructor(args: CategoricalFocalCrossentropyArgs = {}) {
    super(args, 'categorical_focal_crossentropy');
    const alpha = args.alpha ?? 0.25;
    if (Array.isArray(alpha)) {
      if (alpha.length === 0) throw new ValueError(`CategoricalFocalCrossentropy: alpha must be a number or a non-empty list of numbers, received ${describe(alpha)}`);
      alpha.forEach((a) => checkNumber('CategoricalFocalCrossentropy', 'every alpha', a, 0));
      this.alpha = [...alpha];
    } else {
      this.alpha = checkNumber('CategoricalFocalCrossentropy', 'alpha', alpha, 0);
    }
    this.gamma = checkNumber('CategoricalFocalCrossentropy', 'gamma', args.gamma ?? 2, 0);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    let y = classesLast(this.name, tf.cast(yTrue, yPred.dtype), this.axis);
    const x = classesLast(this.name, yPred, this.axis);
    const k = x.shape[x.rank - 1] as number;
    if (Array.isArray(this.alpha) && this.alpha.length !== k) {
      throw new ShapeError(`${this.name}: alpha has ${this.alpha.length} entries, expected one per class (${k})`);
    }
    if (this.labelSmoothing > 0) y = tf.add(tf.mul(y, 1 - this.labelSmoothing), this.labelSmoothing / k);
    let p: tf.Tensor;
    let logp: tf.Tensor;
    if (this.fromLogits) {
      logp = tf.logSoftmax(x, -1);
      p = tf.exp(logp);
    } else {
      p = tf.clipByValue(tf.div(x, tf.sum(x, -1, true)), EPSILON, 1 - EPSILON);
      logp = tf.log(p);
    }
    const alpha = Array.isArray(this.alpha) ? tf.tensor1d(this.alpha, 'float32') : this.alpha;
    const weight = tf.mul(focalFactor(p, this.gamma), alpha);
    return tf.neg(tf.sum(tf.mul(weight, tf.mul(y, logp)), -1));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), alpha: Array.isArray(this.alpha) ? [...this.alpha] : this.alpha, gamma: this.gamma};
  }
}
