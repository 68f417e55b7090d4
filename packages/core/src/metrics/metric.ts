/**
 * Stateful metrics (Keras 3 semantics): `updateState` accumulates a batch, `result` gives the value
 * so far as a scalar tensor (read it with `await t.data()`), `reset` starts over. State lives in
 * backend variables, so updating never reads anything back to the CPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict, Serializable} from '../serialization/config.js';
import {alignWeights} from '../losses/loss.js';

export interface MetricArgs {
  /** Default: the metric's snake_case name. */
  name?: string;
}

/** A non-trainable float32 state variable of zeros (the initial tensor is freed). */
export function zerosVariable(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape, 'float32'), false));
}

/** Zeroes state variables in place. */
export function zeroVariables(vars: readonly tf.Variable[]): void {
  tf.tidy(() => vars.forEach((v) => v.assign(tf.zerosLike(v))));
}

/** Keras's `squeeze_or_expand_to_same_rank`: drops a trailing size-1 axis so `[batch]` meets `[batch, 1]`. */
export function alignRanks(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) return [tf.squeeze(a, [-1]), b];
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) return [a, tf.squeeze(b, [-1])];
  return [a, b];
}

/** Base of every stateful metric: `updateState` accumulates, `result` reads, `reset` forgets. */
export abstract class Metric implements Serializable {
  static readonly className: string = 'Metric';
  readonly name: string;
  constructor(args: MetricArgs, defaultName: string) {
    this.name = args.name ?? defaultName;
  }
  /** Accumulates one batch. */
  abstract updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor | null): void;
  /**
   * The value so far: a new tensor owned by the caller, a scalar for most metrics (a vector for
   * per-class or per-threshold results such as `F1Score({average: null})`).
   */
  abstract result(): tf.Tensor;
  /** Forgets everything accumulated. */
  abstract reset(): void;
  /** Frees the state. */
  abstract dispose(): void;
  getConfig(): ConfigDict {
    return {name: this.name};
  }

  /** Rebuilds a metric (with fresh state) from {@link getConfig}'s output: `AUC.fromConfig(auc.getConfig())`. */
  static fromConfig<T extends Metric>(this: new (args: never) => T, config: ConfigDict): T {
    return new this(config as never);
  }
}

/** Weighted mean of the values it is given. The base of every per-sample metric and of loss tracking. */
export class Mean extends Metric {
  static override readonly className: string = 'Mean';
  protected readonly total = zerosVariable([]);
  protected readonly count = zerosVariable([]);

  constructor(args: MetricArgs = {}) {
    super(args, 'mean');
  }

  /** Adds `values` (any shape) with optional per-sample weights. */
  updateValues(values: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      let v = tf.cast(values, 'float32');
      let n: tf.Tensor = tf.scalar(v.size);
      if (sampleWeight !== null && v.rank > 0) {
        const w = tf.mul(tf.onesLike(v), alignWeights(sampleWeight, v));
        v = tf.mul(v, w);
        n = tf.sum(w);
      }
      this.total.assign(tf.add(this.total, tf.sum(v)));
      this.count.assign(tf.add(this.count, n));
    });
  }

  /** Adds one scalar value counted `weight` times (e.g. a batch's mean loss weighted by batch size). */
  updateScalar(value: tf.Tensor, weight: number): void {
    tf.tidy(() => {
      this.total.assign(tf.add(this.total, tf.mul(value, weight)));
      this.count.assign(tf.add(this.count, weight));
    });
  }

  updateState(_yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    this.updateValues(yPred, sampleWeight);
  }

  result(): tf.Scalar {
    return tf.tidy(() => tf.divNoNan(this.total, this.count) as tf.Scalar);
  }

  reset(): void {
    tf.tidy(() => {
      this.total.assign(tf.scalar(0));
      this.count.assign(tf.scalar(0));
    });
  }

  dispose(): void {
    this.total.dispose();
    this.count.dispose();
  }
}

/** A per-sample function of (yTrue, yPred), averaged: the shape of every accuracy metric. */
export abstract class MeanMetricWrapper extends Mean {
  /** One value per sample (or per element); averaged by the metric. */
  abstract fn(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor;
  override updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => this.updateValues(this.fn(yTrue, yPred), sampleWeight));
  }
}
