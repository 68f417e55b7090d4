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

  /**
   * Which per-sample values count (1) and which are ignored (0), with the shape of {@link compute}'s
   * result; `null` (the default) when every value counts. Ignored values are left out of the
   * `sum_over_batch_size` denominator, as Keras does for a loss's mask (e.g. `ignoreClass`).
   */
  computeMask(_yTrue: tf.Tensor, _yPred: tf.Tensor): tf.Tensor | null {
    return null;
  }

  /**
   * The reduced loss (a scalar unless reduction is 'none'), with optional per-sample weights and the
   * prediction's mask (a model output's `[batch, time]` mask): as Keras 3 (keras/src/losses/loss.py),
   * masked values do not count, and the mean is over the values that do.
   */
  call(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null, predMask: tf.Tensor | null = null): tf.Tensor {
    return tf.tidy(() => {
      let values = this.compute(yTrue, yPred);
      if (sampleWeight !== null) values = tf.mul(values, alignWeights(sampleWeight, values));
      const own = this.computeMask(yTrue, yPred);
      const given = predMask === null ? null : alignMask(predMask, values);
      const mask = own === null ? given : given === null ? own : tf.mul(own, given);
      if (mask === null) return reduce(values, this.reduction);
      values = tf.mul(values, mask);
      // mean over the valid values only; 0 (not NaN) when nothing is valid. (Not divNoNan: its
      // gradient is undefined in TF.js, and the mask counts are whole numbers anyway.)
      if (this.reduction !== 'sum_over_batch_size') return reduce(values, this.reduction);
      return tf.div(tf.sum(values), tf.maximum(tf.sum(mask), 1));
    });
  }

  getConfig(): ConfigDict {
    return {name: this.name, reduction: this.reduction};
  }

  /** Rebuilds a loss from {@link getConfig}'s output (camelCase keys): `Huber.fromConfig(h.getConfig())`. */
  static fromConfig<T extends Loss>(this: new (args: never) => T, config: ConfigDict): T {
    return new this(config as never);
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

/**
 * A prediction's mask as 0/1 weights of `values`' shape: a trailing size-1 axis is dropped and missing
 * trailing axes are broadcast (Keras's `squeeze_or_expand_to_same_rank`), e.g. `[batch, time]` for
 * per-step losses `[batch, time]`.
 */
export function alignMask(mask: tf.Tensor, values: tf.Tensor): tf.Tensor {
  let m = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
  while (m.rank > values.rank && m.shape[m.rank - 1] === 1) m = tf.squeeze(m, [-1]);
  while (m.rank < values.rank) m = tf.expandDims(m, -1);
  const fits = m.rank === values.rank && m.shape.every((d, i) => d === values.shape[i] || d === 1);
  if (!fits) throw new ShapeError(`the mask of the predictions has shape [${mask.shape.join(', ')}], which does not match the per-sample loss values of shape [${values.shape.join(', ')}]`);
  return tf.mul(tf.onesLike(values), m);
}

/**
 * Sample weights with a prediction's mask applied (what Keras 3 gives the mean metrics): masked values
 * get weight 0. Either may be null.
 */
export function maskSampleWeight(sampleWeight: tf.Tensor | null, mask: tf.Tensor | null): tf.Tensor | null {
  if (mask === null) return sampleWeight;
  const m = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
  if (sampleWeight === null) return m;
  return tf.mul(m, alignWeights(sampleWeight, m));
}

/** Applies a reduction to per-sample values. */
export function reduce(values: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return values;
  const total = tf.sum(values);
  return reduction === 'sum' ? total : tf.div(total, Math.max(values.size, 1));
}

/** Normalises a possibly negative axis of a rank-`rank` tensor, naming the loss if it is out of range. */
export function normalizeAxis(owner: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new ValueError(`${owner}: axis must be an integer in [${-rank}, ${rank - 1}] for rank-${rank} predictions, received ${describe(axis)}`);
  }
  return a;
}

/** Checks that a numeric option is finite and within `[min, max]` (or above `min` when `openMin`). */
export function checkNumber(owner: string, option: string, value: unknown, min: number, max = Infinity, openMin = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (openMin ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range = max === Infinity ? (openMin ? `> ${min}` : `>= ${min}`) : `in ${openMin ? '(' : '['}${min}, ${max}]`;
    throw new ValueError(`${owner}: ${option} must be a number ${range}, received ${describe(value)}`);
  }
  return value;
}

/** Checks that an option is an integer `>= min`. */
export function checkInteger(owner: string, option: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const range = min === -Infinity ? 'an integer' : `an integer >= ${min}`;
    throw new ValueError(`${owner}: ${option} must be ${range}, received ${describe(value)}`);
  }
  return value;
}

/**
 * Binary targets in {0, 1} become {−1, +1}; targets already in {−1, +1} (or anything else) are kept.
 * Decided on the backend over the whole tensor (as Keras does), without reading it back.
 */
export function toSignedLabels(y: tf.Tensor): tf.Tensor {
  const isBinary = tf.cast(tf.all(tf.logicalOr(tf.equal(y, 0), tf.equal(y, 1))), y.dtype);
  // y + b·(y − 1) is 2y − 1 when b = 1 and y when b = 0
  return tf.add(y, tf.mul(isBinary, tf.sub(y, 1)));
}

/** Checks that yTrue and yPred can be compared element-wise (same shape), naming both. */
export function assertSameShape(loss: string, yTrue: tf.Tensor, yPred: tf.Tensor): void {
  if (!tf.util.arraysEqual(yTrue.shape, yPred.shape)) {
    throw new ShapeError(`${loss}: targets of shape [${yTrue.shape.join(', ')}] do not match predictions of shape [${yPred.shape.join(', ')}]`);
  }
}
