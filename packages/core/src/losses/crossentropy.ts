import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {EPSILON, Loss, assertSameShape, checkInteger, normalizeAxis} from './loss.js';
import type {LossArgs} from './loss.js';

export interface CrossentropyArgs extends LossArgs {
  /** Predictions are logits (unnormalised), not probabilities. Default false. */
  fromLogits?: boolean;
  /** Smooths one-hot/binary targets towards uniform by this amount in [0, 1]. Default 0. */
  labelSmoothing?: number;
  /** Class axis. Default -1. */
  axis?: number;
}

/** Shared options of the crossentropies. */
export abstract class CrossentropyBase extends Loss {
  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;
  constructor(args: CrossentropyArgs, name: string) {
    super(args, name);
    this.fromLogits = args.fromLogits ?? false;
    this.labelSmoothing = args.labelSmoothing ?? 0;
    this.axis = args.axis ?? -1;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing <= 1)) {
      throw new ValueError(`${name}: labelSmoothing must be in [0, 1], received ${describe(args.labelSmoothing)}`);
    }
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis};
  }
}

/** −Σ y·log p over the class axis; predictions are probabilities unless `fromLogits`. */
export class CategoricalCrossentropy extends CrossentropyBase {
  static override readonly className = 'CategoricalCrossentropy';
  constructor(args: CrossentropyArgs = {}) {
    super(args, 'categorical_crossentropy');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    let y = tf.cast(yTrue, yPred.dtype);
    if (this.labelSmoothing > 0) {
      const k = yPred.shape[normalizeAxis(this.name, this.axis, yPred.rank)] as number;
      y = tf.add(tf.mul(y, 1 - this.labelSmoothing), this.labelSmoothing / k);
    }
    // log-softmax works along the last axis only, so the class axis is moved there first
    return categoricalFromPredictions(classesLast(this.name, y, this.axis), classesLast(this.name, yPred, this.axis), this.fromLogits, -1);
  }
}

export interface SparseCategoricalCrossentropyArgs extends CrossentropyArgs {
  /** A class id whose targets are ignored: their loss is 0 and they leave the mean. Default null (none). */
  ignoreClass?: number | null;
}

/**
 * Categorical crossentropy with integer class targets (`[batch]` or `[batch, 1]`, or the predictions'
 * shape without the class axis). With `ignoreClass`, targets of that class count for nothing.
 */
export class SparseCategoricalCrossentropy extends CrossentropyBase {
  static override readonly className = 'SparseCategoricalCrossentropy';
  readonly ignoreClass: number | null;
  constructor(args: SparseCategoricalCrossentropyArgs = {}) {
    super(args, 'sparse_categorical_crossentropy');
    if (this.labelSmoothing !== 0) {
      throw new ValueError(`SparseCategoricalCrossentropy: labelSmoothing is not supported with integer targets (as in Keras), received ${describe(args.labelSmoothing)}; use CategoricalCrossentropy with one-hot targets`);
    }
    this.ignoreClass = args.ignoreClass ?? null;
    if (this.ignoreClass !== null) checkInteger('SparseCategoricalCrossentropy', 'ignoreClass', this.ignoreClass);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const preds = classesLast(this.name, yPred, this.axis);
    const labels = this.labels(yTrue, preds);
    const k = preds.shape[preds.rank - 1] as number;
    // one-hot by comparison with the class indices (tf.oneHot rejects a single class)
    const y = tf.equal(tf.expandDims(labels, -1), tf.range(0, k, 1, 'int32'));
    const values = categoricalFromPredictions(tf.cast(y, preds.dtype), preds, this.fromLogits, -1);
    return this.ignoreClass === null ? values : tf.mul(values, this.validity(labels));
  }
  override computeMask(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor | null {
    if (this.ignoreClass === null) return null;
    return this.validity(this.labels(yTrue, classesLast(this.name, yPred, this.axis)));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), ignoreClass: this.ignoreClass};
  }
  private validity(labels: tf.Tensor): tf.Tensor {
    return tf.cast(tf.notEqual(labels, this.ignoreClass as number), 'float32');
  }
  /** Integer labels of shape `preds.shape[:-1]` (a trailing axis of 1 is dropped). */
  private labels(yTrue: tf.Tensor, preds: tf.Tensor): tf.Tensor {
    let labels = yTrue;
    if (labels.rank === preds.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    if (labels.rank !== preds.rank - 1 || !tf.util.arraysEqual(labels.shape, preds.shape.slice(0, -1))) {
      throw new ShapeError(`${this.name}: integer targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${preds.shape.join(', ')}]; expected [${preds.shape.slice(0, -1).join(', ')}]`);
    }
    return tf.cast(labels, 'int32');
  }
}

/** Moves the class axis of `t` last (a no-op for the default -1). */
export function classesLast(owner: string, t: tf.Tensor, axis: number): tf.Tensor {
  const a = normalizeAxis(owner, axis, t.rank);
  if (a === t.rank - 1) return t;
  const perm = [...Array(t.rank).keys()].filter((i) => i !== a);
  return tf.transpose(t, [...perm, a]);
}

/** −Σ y·log p along `axis`, from logits (log-softmax) or from probabilities (renormalised, clipped to [ε, 1−ε]). */
export function categoricalFromPredictions(y: tf.Tensor, yPred: tf.Tensor, fromLogits: boolean, axis: number): tf.Tensor {
  if (fromLogits) return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(yPred, axis)), axis));
  const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, axis, true)), EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(y, tf.log(p)), axis));
}

/** Mean over the last axis of −(y·log p + (1−y)·log(1−p)); stable from logits too. */
export class BinaryCrossentropy extends CrossentropyBase {
  static override readonly className = 'BinaryCrossentropy';
  constructor(args: CrossentropyArgs = {}) {
    super(args, 'binary_crossentropy');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    let y = tf.cast(yTrue, yPred.dtype);
    if (this.labelSmoothing > 0) y = tf.add(tf.mul(y, 1 - this.labelSmoothing), 0.5 * this.labelSmoothing);
    let values: tf.Tensor;
    if (this.fromLogits) {
      // max(x, 0) − x·y + log(1 + e^(−|x|)): no overflow for large |x|
      values = tf.add(tf.sub(tf.relu(yPred), tf.mul(yPred, y)), tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))));
    } else {
      const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
      values = tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))));
    }
    return tf.mean(values, this.axis);
  }
}
