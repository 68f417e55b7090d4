/**
 * R² (coefficient of determination), accumulated over batches from weighted sums, Keras 3 semantics.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import {alignWeights, checkInteger} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {Metric, zeroVariables, zerosVariable} from './metric.js';
import type {MetricArgs} from './metric.js';
import {alignedPair} from './regression.js';

/** How per-output scores combine: their mean, a mean weighted by each output's variance, or none (a vector). */
export type R2Aggregation = 'uniform_average' | 'variance_weighted_average' | null;
const AGGREGATIONS: R2Aggregation[] = ['uniform_average', 'variance_weighted_average', null];

export interface R2ScoreArgs extends MetricArgs {
  /** Default 'uniform_average'. */
  classAggregation?: R2Aggregation;
  /** Number of explanatory variables p, for the adjusted R² 1 − (1 − R²)(n − 1)/(n − p − 1). Default 0 (plain R²). */
  numRegressors?: number;
}

interface R2State {
  sum: tf.Variable;
  squaredSum: tf.Variable;
  residual: tf.Variable;
  count: tf.Variable;
}

/**
 * R² = 1 − SS_res / SS_tot per output column, over everything seen since the last reset, with
 * optional sample weights. Inputs are `[batch, outputs]` (or `[batch]`, one output).
 *
 * Where the targets are constant (SS_tot = 0) the score is 1 if the predictions are exact and 0
 * otherwise (never NaN). For the adjusted R², n counts samples (rows); when n − p − 1 ≤ 0 the
 * unadjusted score is returned, as Keras does.
 */
export class R2Score extends Metric {
  static override readonly className = 'R2Score';
  readonly classAggregation: R2Aggregation;
  readonly numRegressors: number;
  private state: R2State | null = null;
  private readonly numSamples = zerosVariable([]);

  constructor(args: R2ScoreArgs = {}) {
    super(args, 'r2_score');
    this.classAggregation = args.classAggregation === undefined ? 'uniform_average' : args.classAggregation;
    if (!AGGREGATIONS.includes(this.classAggregation)) {
      throw new ValueError(`R2Score: classAggregation must be one of "uniform_average", "variance_weighted_average" or null, received ${describe(args.classAggregation)}`);
    }
    this.numRegressors = checkInteger('R2Score', 'numRegressors', args.numRegressors ?? 0, 0);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      let [t, p] = alignedPair(this.name, yTrue, yPred);
      if (t.rank === 1) [t, p] = [tf.expandDims(t, -1), tf.expandDims(p, -1)];
      if (t.rank !== 2) throw new ShapeError(`${this.name}: expected [batch, outputs] or [batch] targets and predictions, received shape [${yTrue.shape.join(', ')}]`);
      const s = this.build(t.shape[1] as number);
      const w = sampleWeight === null ? tf.onesLike(t) : tf.mul(tf.onesLike(t), alignWeights(sampleWeight, t));
      const wy = tf.mul(w, t);
      s.sum.assign(tf.add(s.sum, tf.sum(wy, 0)));
      s.squaredSum.assign(tf.add(s.squaredSum, tf.sum(tf.mul(wy, t), 0)));
      s.residual.assign(tf.add(s.residual, tf.sum(tf.mul(w, tf.squaredDifference(t, p)), 0)));
      s.count.assign(tf.add(s.count, tf.sum(w, 0)));
      this.numSamples.assign(tf.add(this.numSamples, t.shape[0] as number));
    });
  }

  result(): tf.Tensor {
    const s = this.state;
    if (s === null) return tf.scalar(0);
    return tf.tidy(() => {
      const total = tf.sub(s.squaredSum, tf.mul(s.sum, tf.divNoNan(s.sum, s.count)));
      // float32 cancellation leaves constant targets with a tiny ±SS_tot: treat it as 0
      const varies = tf.greater(total, tf.mul(s.squaredSum, 1e-6));
      const exact = tf.logicalAnd(tf.lessEqual(s.residual, 0), tf.greater(s.count, 0));
      const fallback = tf.cast(exact, 'float32');
      const raw = tf.where(varies, tf.sub(1, tf.divNoNan(s.residual, total)), fallback);
      let score: tf.Tensor = raw;
      if (this.classAggregation === 'uniform_average') score = tf.mean(raw);
      else if (this.classAggregation === 'variance_weighted_average') {
        const weights = tf.mul(total, tf.cast(varies, 'float32'));
        score = tf.divNoNan(tf.sum(tf.mul(weights, raw)), tf.sum(weights));
      }
      if (this.numRegressors === 0) return score;
      const dof = tf.sub(tf.sub(this.numSamples, this.numRegressors), 1);
      const ok = tf.cast(tf.greater(dof, 0), 'float32');
      // factor (n − 1)/(n − p − 1) when defined, else 1 (unadjusted)
      const factor = tf.add(tf.mul(ok, tf.divNoNan(tf.sub(this.numSamples, 1), dof)), tf.sub(1, ok));
      return tf.sub(1, tf.mul(tf.sub(1, score), factor));
    });
  }

  reset(): void {
    zeroVariables([this.numSamples, ...(this.state === null ? [] : Object.values(this.state))]);
  }

  dispose(): void {
    this.numSamples.dispose();
    if (this.state !== null) Object.values(this.state).forEach((v) => v.dispose());
    this.state = null;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), classAggregation: this.classAggregation, numRegressors: this.numRegressors};
  }

  private build(outputs: number): R2State {
    if (this.state === null) {
      this.state = {sum: zerosVariable([outputs]), squaredSum: zerosVariable([outputs]), residual: zerosVariable([outputs]), count: zerosVariable([outputs])};
    } else if (this.state.sum.shape[0] !== outputs) {
      throw new ShapeError(`${this.name}: received ${outputs} outputs, but earlier batches had ${this.state.sum.shape[0]}`);
    }
    return this.state;
  }
}
