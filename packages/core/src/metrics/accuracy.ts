import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {MeanMetricWrapper, alignRanks} from './metric.js';
import type {MetricArgs} from './metric.js';

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

export interface TopKArgs extends MetricArgs {
  /** How many of the highest-scored classes count as a hit. Default 5. */
  k?: number;
}

function checkK(owner: string, k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new ValueError(`${owner}: k must be a positive integer, received ${describe(k)}`);
  return k;
}

/**
 * 1 where the score of class `labels` is among the `k` highest of `preds` (ties at the boundary count
 * as in, as in Keras's `in_top_k`), else 0; labels outside [0, classes) never count.
 */
export function inTopK(labels: tf.Tensor, preds: tf.Tensor, k: number): tf.Tensor {
  const classes = preds.shape[preds.rank - 1] as number;
  const hot = tf.cast(tf.equal(tf.expandDims(tf.cast(labels, 'int32'), -1), tf.range(0, classes, 1, 'int32')), 'float32');
  const p = tf.cast(preds, 'float32');
  const target = tf.sum(tf.mul(hot, p), -1, true);
  // in the top k ⇔ fewer than k classes score strictly higher
  const higher = tf.sum(tf.cast(tf.greater(p, target), 'float32'), -1);
  return tf.mul(tf.cast(tf.less(higher, k), 'float32'), tf.sum(hot, -1));
}

/** Fraction of samples whose one-hot target class is among the `k` highest predictions. */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'TopKCategoricalAccuracy';
  readonly k: number;
  constructor(args: TopKArgs = {}) {
    super({name: args.name ?? 'top_k_categorical_accuracy'});
    this.k = checkK('TopKCategoricalAccuracy', args.k ?? 5);
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return inTopK(tf.argMax(yTrue, -1), yPred, this.k);
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), k: this.k};
  }
}

export interface SparseTopKArgs extends TopKArgs {
  /** Predictions are class ids sorted by decreasing score (e.g. from a top-k search), not scores. Default false. */
  fromSortedIds?: boolean;
}

/** Fraction of samples whose integer target class is among the `k` highest predictions. */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className = 'SparseTopKCategoricalAccuracy';
  readonly k: number;
  readonly fromSortedIds: boolean;
  constructor(args: SparseTopKArgs = {}) {
    super({name: args.name ?? 'sparse_top_k_categorical_accuracy'});
    this.k = checkK('SparseTopKCategoricalAccuracy', args.k ?? 5);
    this.fromSortedIds = args.fromSortedIds ?? false;
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    let labels = yTrue;
    if (labels.rank === yPred.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    if (!this.fromSortedIds) return inTopK(labels, yPred, this.k);
    const width = Math.min(this.k, yPred.shape[yPred.rank - 1] as number);
    const ids = tf.slice(tf.cast(yPred, 'int32'), yPred.shape.map(() => 0), [...yPred.shape.slice(0, -1), width]);
    const hits = tf.sum(tf.cast(tf.equal(ids, tf.expandDims(tf.cast(labels, 'int32'), -1)), 'float32'), -1);
    return tf.cast(tf.greater(hits, 0), 'float32');
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), k: this.k, fromSortedIds: this.fromSortedIds};
  }
}
