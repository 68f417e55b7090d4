import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {MeanMetricWrapper} from './metric.js';
import type {MetricArgs} from './metric.js';

/** Keras's `squeeze_or_expand_to_same_rank`: drops a trailing size-1 axis so `[batch]` meets `[batch, 1]`. */
function alignRanks(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) return [tf.squeeze(a, [-1]), b];
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) return [a, tf.squeeze(b, [-1])];
  return [a, b];
}

/** Fraction of predictions exactly equal to their targets. */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className = 'Accuracy';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'accuracy'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignRanks(yTrue, yPred);
    return tf.cast(tf.equal(t, p), 'float32');
  }
}

export interface BinaryAccuracyArgs extends MetricArgs {
  /** Predictions above it count as 1. Default 0.5. */
  threshold?: number;
}

/** Fraction of binary predictions (`yPred > threshold`) equal to their 0/1 targets. */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override readonly className = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(args: BinaryAccuracyArgs = {}) {
    super({name: args.name ?? 'binary_accuracy'});
    this.threshold = args.threshold ?? 0.5;
    if (!Number.isFinite(this.threshold)) throw new ValueError(`BinaryAccuracy: threshold must be a number, received ${describe(args.threshold)}`);
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignRanks(yTrue, yPred);
    const predicted = tf.cast(tf.greater(p, this.threshold), 'float32');
    // one value per element (Keras 3); the Mean base averages them, so `[batch]` inputs count per sample
    return tf.cast(tf.equal(tf.cast(t, 'float32'), predicted), 'float32');
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), threshold: this.threshold};
  }
}

/** Fraction of samples whose arg-max prediction equals the arg-max of the one-hot target. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'CategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'categorical_accuracy'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.cast(tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)), 'float32');
  }
}

/** Fraction of samples whose arg-max prediction equals the integer target. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'SparseCategoricalAccuracy';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'sparse_categorical_accuracy'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    let labels = yTrue;
    if (labels.rank === yPred.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    return tf.cast(tf.equal(tf.cast(labels, 'int32'), tf.argMax(yPred, -1)), 'float32');
  }
}
