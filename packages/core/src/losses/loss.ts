/**
 * Loss base class (Keras 3 semantics): `compute` gives one loss value per sample (the last axis is
 * reduced by the loss itself), then sample weights are applied and the batch is reduced.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable} from '../serialization/config.js';

export type Reduction = 'sum_over_batch_size' | 'sum' | 'none';
const REDUCTIONS: Reduction[] = ['sum_over_batch_size', 'sum', 'none'];

export interface LossArgs {
  /** Default: the loss's snake_case name. */
  name?: string;
  /** Default 'sum_over_batch_size' (the mean over every per-sample value). */
  reduction?: Reduction;
}

/** Smallest probability used when taking logs of probabilities (Keras `epsilon()`). */
export const EPSILON = 1e-7;

export abstract class Loss implements Serializable {
  static readonly className: string = 'Loss';
  readonly name: string;
  readonly reduction: Reduction;

  constructor(args: LossArgs, defaultName: string) {
    this.name = args.name ?? defaultName;
    this.reduction = args.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(this.reduction)) {
      throw new ValueError(`${defaultName}: reduction must be one of ${REDUCTIONS.join(', ')}, received ${describe(args.reduction)}`);
    }
  }

  /** Per-sample losses, shape = yPred's shape without its last axis. */
  abstract compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;

  /** The reduced loss (a scalar unless reduction is 'none'), with optional per-sample weights. */
  call(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): tf.Tensor {
    return tf.tidy(() => {
      let values = this.compute(yTrue, yPred);
      if (sampleWeight !== null) values = tf.mul(values, alignWeights(sampleWeight, values));
      return reduce(values, this.reduction);
    });
  }

  getConfig(): ConfigDict {
    return {name: this.name, reduction: this.reduction};
  }
}

/** Reshapes per-sample weights `[batch]` or `[batch, 1]` to broadcast against `values`. */
export function alignWeights(w: tf.Tensor, values: tf.Tensor): tf.Tensor {
  let weights = w.dtype === 'float32' ? w : tf.cast(w, 'float32');
  while (weights.rank > values.rank && weights.shape[weights.rank - 1] === 1) weights = tf.squeeze(weights, [-1]);
  while (weights.rank < values.rank) weights = tf.expandDims(weights, -1);
  if (weights.shape[0] !== values.shape[0]) {
    throw new ShapeError(`sampleWeight has ${weights.shape[0]} entries, expected one per sample (${values.shape[0]})`);
  }
  return weights;
}

/** Applies a reduction to per-sample values. */
export function reduce(values: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return values;
  const total = tf.sum(values);
  return reduction === 'sum' ? total : tf.div(total, Math.max(values.size, 1));
}

/** Checks that yTrue and yPred can be compared element-wise (same shape), naming both. */
export function assertSameShape(loss: string, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  if (!tf.util.arraysEqual(yTrue.shape, yPred.shape)) {
    throw new ShapeError(`${loss}: targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${yPred.shape.join(', ')}]`);
  }
}
