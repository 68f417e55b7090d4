import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {MeanMetricWrapper} from './metric.js';
import type {MetricArgs} from './metric.js';

/** Fraction of predictions exactly equal to their targets. */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className = 'Accuracy';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'accuracy'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.cast(tf.equal(yTrue, yPred), 'float32');
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
    const predicted = tf.cast(tf.greater(yPred, this.threshold), 'float32');
    return tf.mean(tf.cast(tf.equal(tf.cast(yTrue, 'float32'), predicted), 'float32'), -1);
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
