/**
 * Regression metrics (Keras 3 semantics): running (weighted) means of per-sample errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import {assertSameShape, checkInteger, normalizeAxis} from '../losses/loss.js';
import {l2Normalize} from '../losses/regression.js';
import type {ConfigDict} from '../serialization/config.js';
import {MeanMetricWrapper, alignRanks} from './metric.js';
import type {MetricArgs} from './metric.js';

/** Targets and predictions as float32 of one shape (`[batch]` meets `[batch, 1]`). */
export function alignedPair(owner: string, yTrue: tf.Tensor, yPred: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const [t, p] = alignRanks(yTrue, yPred);
  assertSameShape(owner, t, p);
  return [tf.cast(t, 'float32'), tf.cast(p, 'float32')];
}

/** Running mean of mean((yPred − yTrue)²) over the last axis. */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className = 'MeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'mean_squared_error'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignedPair(this.name, yTrue, yPred);
    return tf.mean(tf.squaredDifference(p, t), -1);
  }
}

/** Running mean of mean(|yPred − yTrue|) over the last axis. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'mean_absolute_error'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignedPair(this.name, yTrue, yPred);
    return tf.mean(tf.abs(tf.sub(p, t)), -1);
  }
}

/** √(running mean of (yPred − yTrue)²) over every element seen: the square root is taken at the end. */
export class RootMeanSquaredError extends MeanMetricWrapper {
  static override readonly className = 'RootMeanSquaredError';
  constructor(args: MetricArgs = {}) {
    super({name: args.name ?? 'root_mean_squared_error'});
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignedPair(this.name, yTrue, yPred);
    return tf.squaredDifference(p, t);
  }
  override result(): tf.Scalar {
    return tf.tidy(() => tf.sqrt(tf.divNoNan(this.total, this.count)) as tf.Scalar);
  }
}

export interface CosineSimilarityMetricArgs extends MetricArgs {
  /** The axis along which the similarity is computed. Default -1. */
  axis?: number;
}

/** Running mean of the cosine similarity Σ ŷ·ŷ' of L2-normalised targets and predictions (1 = parallel). */
export class CosineSimilarity extends MeanMetricWrapper {
  static override readonly className = 'CosineSimilarity';
  readonly axis: number;
  constructor(args: CosineSimilarityMetricArgs = {}) {
    super({name: args.name ?? 'cosine_similarity'});
    this.axis = checkInteger('CosineSimilarity', 'axis', args.axis ?? -1);
  }
  fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const [t, p] = alignedPair(this.name, yTrue, yPred);
    const axis = normalizeAxis(this.name, this.axis, p.rank);
    return tf.sum(tf.mul(l2Normalize(t, axis), l2Normalize(p, axis)), axis);
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis};
  }
}
