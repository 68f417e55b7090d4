/**
 * Fβ and F1 scores over `[batch, classes]` targets and predictions (Keras 3 semantics).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import {EPSILON, alignWeights, assertSameShape, checkNumber} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {Metric, zeroVariables, zerosVariable} from './metric.js';
import type {MetricArgs} from './metric.js';

/** How per-class scores combine; null (or 'none') keeps one score per class. */
export type FBetaAverage = 'micro' | 'macro' | 'weighted' | null;

export interface F1ScoreArgs extends MetricArgs {
  /**
   * 'micro' pools every class's counts into one score, 'macro' averages the per-class scores, 'weighted'
   * averages them weighted by each class's (weighted) number of true instances; null or 'none' returns
   * one score per class. Default null.
   */
  average?: FBetaAverage | 'none';
  /**
   * Predictions above it are positive (multi-label). Default null: each sample's highest prediction
   * is its positive class (ties all count; an all-zero row predicts nothing).
   */
  threshold?: number | null;
}

export interface FBetaScoreArgs extends F1ScoreArgs {
  /** Weight of recall relative to precision; positive. Default 1. */
  beta?: number;
}

interface FBetaState {
  tp: tf.Variable;
  fp: tf.Variable;
  fn: tf.Variable;
  support: tf.Variable;
}

/**
 * Fβ = (1 + β²)·P·R / (β²·P + R), from true/false positives and false negatives accumulated per class
 * (or pooled with 'micro'). As in Keras, ε = 1e-7 is added to every denominator, so a perfect score is
 * 1 − O(ε) and a class with no instances scores 0.
 */
export class FBetaScore extends Metric {
  static override readonly className: string = 'FBetaScore';
  readonly average: FBetaAverage;
  readonly beta: number;
  readonly threshold: number | null;
  private state: FBetaState | null = null;

  constructor(args: FBetaScoreArgs = {}, defaultName = 'fbeta_score') {
    super(args, defaultName);
    const owner = (this.constructor as typeof FBetaScore).className;
    const average = args.average === 'none' ? null : (args.average ?? null);
    if (average !== null && !['micro', 'macro', 'weighted'].includes(average)) {
      throw new ValueError(`${owner}: average must be "micro", "macro", "weighted", "none" or null, received ${describe(args.average)}`);
    }
    this.average = average;
    this.beta = checkNumber(owner, 'beta', args.beta ?? 1, 0, Infinity, true);
    this.threshold = args.threshold == null ? null : checkNumber(owner, 'threshold', args.threshold, 0, 1, true);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      let p = tf.cast(yPred, 'float32');
      let t = tf.cast(yTrue, 'float32');
      if (p.rank === 1) [p, t] = [tf.expandDims(p, -1), t.rank === 1 ? tf.expandDims(t, -1) : t];
      if (p.rank !== 2) throw new ShapeError(`${this.name}: expected [batch, classes] predictions, received shape [${yPred.shape.join(', ')}]`);
      assertSameShape(this.name, t, p);
      const s = this.build(p.shape[1] as number);
      const predicted = this.threshold === null
        ? tf.logicalAnd(tf.greaterEqual(p, tf.max(p, -1, true)), tf.greater(tf.abs(p), 1e-9))
        : tf.greater(p, this.threshold);
      const pred = tf.cast(predicted, 'float32');
      const w = sampleWeight === null ? null : alignWeights(sampleWeight, p);
      const total = (v: tf.Tensor): tf.Tensor => tf.sum(w === null ? v : tf.mul(v, w), this.average === 'micro' ? undefined : 0);
      s.tp.assign(tf.add(s.tp, total(tf.mul(pred, t))));
      s.fp.assign(tf.add(s.fp, total(tf.mul(pred, tf.sub(1, t)))));
      s.fn.assign(tf.add(s.fn, total(tf.mul(tf.sub(1, pred), t))));
      s.support.assign(tf.add(s.support, total(t)));
    });
  }

  result(): tf.Tensor {
    const s = this.state;
    if (s === null) return tf.scalar(0);
    return tf.tidy(() => {
      const precision = tf.div(s.tp, tf.add(tf.add(s.tp, s.fp), EPSILON));
      const recall = tf.div(s.tp, tf.add(tf.add(s.tp, s.fn), EPSILON));
      const b2 = this.beta * this.beta;
      const f = tf.div(tf.mul(tf.mul(precision, recall), 1 + b2), tf.add(tf.add(tf.mul(precision, b2), recall), EPSILON));
      if (this.average === 'weighted') return tf.sum(tf.mul(f, tf.div(s.support, tf.add(tf.sum(s.support), EPSILON))));
      return this.average === null ? f : tf.mean(f);
    });
  }

  reset(): void {
    if (this.state !== null) zeroVariables(Object.values(this.state));
  }

  dispose(): void {
    if (this.state !== null) Object.values(this.state).forEach((v) => v.dispose());
    this.state = null;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), average: this.average, beta: this.beta, threshold: this.threshold};
  }

  private build(classes: number): FBetaState {
    const shape = this.average === 'micro' ? [] : [classes];
    if (this.state === null) {
      this.state = {tp: zerosVariable(shape), fp: zerosVariable(shape), fn: zerosVariable(shape), support: zerosVariable(shape)};
    } else if (this.average !== 'micro' && this.state.tp.shape[0] !== classes) {
      throw new ShapeError(`${this.name}: received ${classes} classes, but earlier batches had ${this.state.tp.shape[0]}`);
    }
    return this.state;
  }
}

/** F1 = 2·P·R / (P + R): {@link FBetaScore} with β = 1. */
export class F1Score extends FBetaScore {
  static override readonly className: string = 'F1Score';
  constructor(args: F1ScoreArgs = {}) {
    super({...args, beta: 1}, 'f1_score');
  }
  override getConfig(): ConfigDict {
    const config = super.getConfig();
    delete config['beta'];
    return config;
  }
}
