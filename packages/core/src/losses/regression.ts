/**
 * Regression losses (Keras 3 semantics): each is a mean over the last axis of an element-wise error,
 * except cosine similarity, which reduces its own `axis`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {EPSILON, Loss, assertSameShape, checkInteger, checkNumber, normalizeAxis} from './loss.js';
import type {LossArgs} from './loss.js';

/** Targets cast to the predictions' dtype after checking that the shapes match. */
function targets(loss: Loss, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  assertSameShape(loss.name, yTrue, yPred);
  return tf.cast(yTrue, yPred.dtype);
}

/** mean((yPred − yTrue)²) over the last axis: least squares. */
export class MeanSquaredError extends Loss {
  static override readonly className = 'MeanSquaredError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_error');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(tf.squaredDifference(yPred, targets(this, yTrue, yPred)), -1);
  }
}

/** mean(|yPred − yTrue|) over the last axis. */
export class MeanAbsoluteError extends Loss {
  static override readonly className = 'MeanAbsoluteError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_absolute_error');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(tf.abs(tf.sub(yPred, targets(this, yTrue, yPred))), -1);
  }
}

/** 100 · mean(|yTrue − yPred| / max(|yTrue|, ε)) over the last axis (ε = 1e-7 keeps zero targets finite). */
export class MeanAbsolutePercentageError extends Loss {
  static override readonly className = 'MeanAbsolutePercentageError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_absolute_percentage_error');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const y = targets(this, yTrue, yPred);
    const ratio = tf.div(tf.abs(tf.sub(y, yPred)), tf.maximum(tf.abs(y), EPSILON));
    return tf.mul(tf.mean(ratio, -1), 100);
  }
}

/** mean((log(1 + max(yPred, ε)) − log(1 + max(yTrue, ε)))²) over the last axis. */
export class MeanSquaredLogarithmicError extends Loss {
  static override readonly className = 'MeanSquaredLogarithmicError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_logarithmic_error');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const y = targets(this, yTrue, yPred);
    const a = tf.log1p(tf.maximum(yPred, EPSILON));
    const b = tf.log1p(tf.maximum(y, EPSILON));
    return tf.mean(tf.squaredDifference(a, b), -1);
  }
}

export interface HuberArgs extends LossArgs {
  /** Where the loss turns from quadratic to linear; a positive number. Default 1. */
  delta?: number;
}

/** Huber loss: ½e² where |e| ≤ δ, δ·|e| − ½δ² beyond, averaged over the last axis (e = yPred − yTrue). */
export class Huber extends Loss {
  static override readonly className = 'Huber';
  readonly delta: number;
  constructor(args: HuberArgs = {}) {
    super(args, 'huber_loss');
    this.delta = checkNumber('Huber', 'delta', args.delta ?? 1, 0, Infinity, true);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const err = tf.sub(yPred, targets(this, yTrue, yPred));
    const abs = tf.abs(err);
    // min(|e|, δ) = q splits |e| into a quadratic part and a linear rest: ½q² + δ(|e| − q)
    const q = tf.minimum(abs, this.delta);
    const values = tf.add(tf.mul(0.5, tf.square(q)), tf.mul(this.delta, tf.sub(abs, q)));
    return tf.mean(values, -1);
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), delta: this.delta};
  }
}

/** mean(log(cosh(yPred − yTrue))) over the last axis, computed as |x| + log1p(e^(−2|x|)) − log 2 (no overflow). */
export class LogCosh extends Loss {
  static override readonly className = 'LogCosh';
  constructor(args: LossArgs = {}) {
    super(args, 'log_cosh');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const x = tf.abs(tf.sub(yPred, targets(this, yTrue, yPred)));
    const values = tf.sub(tf.add(x, tf.log1p(tf.exp(tf.mul(x, -2)))), Math.log(2));
    return tf.mean(values, -1);
  }
}

export interface CosineSimilarityArgs extends LossArgs {
  /** The axis along which the similarity is computed. Default -1. */
  axis?: number;
}

/** L2-normalises `v` along `axis` (a zero vector stays zero). */
export function l2Normalize(v: tf.Tensor, axis: number): tf.Tensor {
  return tf.mul(v, tf.rsqrt(tf.maximum(tf.sum(tf.square(v), axis, true), 1e-12)));
}

/**
 * The negative cosine similarity −Σ ŷ·ŷ' of the L2-normalised targets and predictions along `axis`:
 * −1 for parallel vectors, 0 for orthogonal ones, 1 for opposite ones (so minimising it aligns them).
 */
export class CosineSimilarity extends Loss {
  static override readonly className = 'CosineSimilarity';
  readonly axis: number;
  constructor(args: CosineSimilarityArgs = {}) {
    super(args, 'cosine_similarity');
    this.axis = checkInteger('CosineSimilarity', 'axis', args.axis ?? -1);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const y = targets(this, yTrue, yPred);
    const axis = normalizeAxis(this.name, this.axis, yPred.rank);
    return tf.neg(tf.sum(tf.mul(l2Normalize(y, axis), l2Normalize(yPred, axis)), axis));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis};
  }
}
