/**
 * Area under the ROC or precision–recall curve, approximated from confusion counts at fixed
 * thresholds (Keras 3 semantics: Riemann sums, with PR interpolation after Davis & Goadrich 2006).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import {EPSILON, checkInteger, checkNumber} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {checkThresholds, confusionCounts} from './confusion.js';
import type {ConfusionCounts} from './confusion.js';
import {Metric, zeroVariables, zerosVariable} from './metric.js';
import type {MetricArgs} from './metric.js';

export type AUCCurve = 'ROC' | 'PR';
export type AUCSummationMethod = 'interpolation' | 'minoring' | 'majoring';

export interface AUCArgs extends MetricArgs {
  /** Number of thresholds, evenly spread over [0, 1] (the ends just outside it). Default 200; more than 1. */
  numThresholds?: number;
  /** 'ROC' (true against false positive rate) or 'PR' (precision against recall); either case. Default 'ROC'. */
  curve?: AUCCurve | 'roc' | 'pr';
  /** Rectangle heights: the interpolated mean, the lower ('minoring') or the higher ('majoring') end. Default 'interpolation'. */
  summationMethod?: AUCSummationMethod;
  /** Explicit thresholds in [0, 1] (sorted; −ε and 1 + ε are added), replacing `numThresholds`. */
  thresholds?: number[] | null;
  /** One curve per label (last axis), averaged; otherwise every label is pooled into one curve. Default false. */
  multiLabel?: boolean;
  /** Number of labels with `multiLabel`; default: taken from the first batch. */
  numLabels?: number | null;
  /** Non-negative weight of each label (in the pooled counts, or in the average with `multiLabel`). */
  labelWeights?: number[] | null;
  /** Predictions are logits: a sigmoid is applied first. Default false. */
  fromLogits?: boolean;
}

type Counts = Record<keyof ConfusionCounts, tf.Variable>;

/** The first `n − 1` and last `n − 1` entries of the threshold axis. */
function ends(v: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const n = v.shape[0] as number;
  return [tf.slice(v, [0], [n - 1]), tf.slice(v, [1], [n - 1])];
}

/**
 * AUC: the area under the ROC curve (default) or the precision–recall curve, from weighted confusion
 * counts at `numThresholds` thresholds accumulated over batches. Targets are 0/1 (nonzero = positive),
 * predictions probabilities (or logits with `fromLogits`).
 */
export class AUC extends Metric {
  static override readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: AUCCurve;
  readonly summationMethod: AUCSummationMethod;
  readonly thresholds: number[] | null;
  readonly multiLabel: boolean;
  readonly labelWeights: number[] | null;
  readonly fromLogits: boolean;
  private labels: number | null;
  private readonly cutoffs: number[];
  private counts: Counts | null = null;

  constructor(args: AUCArgs = {}) {
    super(args, 'auc');
    const curve = typeof args.curve === 'string' ? args.curve.toUpperCase() : (args.curve ?? 'ROC');
    if (curve !== 'ROC' && curve !== 'PR') throw new ValueError(`AUC: curve must be "ROC" or "PR", received ${describe(args.curve)}`);
    this.curve = curve;
    this.summationMethod = args.summationMethod ?? 'interpolation';
    if (!['interpolation', 'minoring', 'majoring'].includes(this.summationMethod)) {
      throw new ValueError(`AUC: summationMethod must be "interpolation", "minoring" or "majoring", received ${describe(args.summationMethod)}`);
    }
    if (args.thresholds != null) {
      this.thresholds = [...checkThresholds('AUC', args.thresholds)].sort((a, b) => a - b);
      this.cutoffs = [-EPSILON, ...this.thresholds, 1 + EPSILON];
    } else {
      this.thresholds = null;
      const n = checkInteger('AUC', 'numThresholds', args.numThresholds ?? 200, 2);
      this.cutoffs = [-EPSILON, ...Array.from({length: n - 2}, (_, i) => (i + 1) / (n - 1)), 1 + EPSILON];
    }
    this.numThresholds = this.cutoffs.length;
    this.multiLabel = args.multiLabel ?? false;
    this.labels = args.numLabels == null ? null : checkInteger('AUC', 'numLabels', args.numLabels, 1);
    this.labelWeights = args.labelWeights == null ? null : args.labelWeights.map((w) => checkNumber('AUC', 'every labelWeights entry', w, 0));
    this.fromLogits = args.fromLogits ?? false;
    if (!this.multiLabel || this.labels !== null) this.counts = this.build(this.labels ?? 1);
  }

  /** Labels per sample with `multiLabel` (null until known). */
  get numLabels(): number | null {
    return this.labels;
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      const counts = this.ensureBuilt(yPred);
      const p = this.fromLogits ? tf.sigmoid(yPred) : yPred;
      const c = confusionCounts(this.name, yTrue, p, {thresholds: this.cutoffs, sampleWeight, multiLabel: this.multiLabel, labelWeights: this.labelWeights});
      for (const k of ['tp', 'fp', 'tn', 'fn'] as const) counts[k].assign(tf.add(counts[k], c[k]));
    });
  }

  result(): tf.Tensor {
    const c = this.counts;
    if (c === null) return tf.scalar(0);
    return tf.tidy(() => {
      const areas = this.curve === 'PR' && this.summationMethod === 'interpolation' ? interpolatedPrAreas(c) : this.riemannAreas(c);
      const perLabel = tf.sum(areas, 0);
      if (!this.multiLabel) return perLabel;
      if (this.labelWeights === null) return tf.mean(perLabel);
      const w = tf.tensor1d(this.labelWeights, 'float32');
      return tf.divNoNan(tf.sum(tf.mul(perLabel, w)), tf.sum(w));
    });
  }

  reset(): void {
    if (this.counts !== null) zeroVariables(Object.values(this.counts));
  }

  dispose(): void {
    if (this.counts !== null) Object.values(this.counts).forEach((v) => v.dispose());
    this.counts = null;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      numThresholds: this.numThresholds,
      curve: this.curve,
      summationMethod: this.summationMethod,
      multiLabel: this.multiLabel,
      numLabels: this.labels,
      labelWeights: this.labelWeights === null ? null : [...this.labelWeights],
      fromLogits: this.fromLogits,
      thresholds: this.thresholds === null ? null : [...this.thresholds],
    };
  }

  /** Rectangle areas between neighbouring thresholds: width along x, height from the summation method. */
  private riemannAreas(c: Counts): tf.Tensor {
    const recall = tf.divNoNan(c.tp, tf.add(c.tp, c.fn));
    let x: tf.Tensor;
    let y: tf.Tensor;
    if (this.curve === 'ROC') [x, y] = [tf.divNoNan(c.fp, tf.add(c.fp, c.tn)), recall];
    else [x, y] = [recall, tf.divNoNan(c.tp, tf.add(c.tp, c.fp))];
    const [x0, x1] = ends(x);
    const [y0, y1] = ends(y);
    const heights = this.summationMethod === 'interpolation' ? tf.div(tf.add(y0, y1), 2) : this.summationMethod === 'minoring' ? tf.minimum(y0, y1) : tf.maximum(y0, y1);
    return tf.mul(tf.sub(x0, x1), heights);
  }

  private ensureBuilt(yPred: tf.Tensor): Counts {
    if (this.multiLabel && yPred.rank < 2) {
      throw new ShapeError(`${this.name}: multiLabel needs [batch, labels] predictions, received shape [${yPred.shape.join(', ')}]`);
    }
    const labels = yPred.rank === 0 ? 1 : (yPred.shape[yPred.rank - 1] as number);
    if (this.counts === null) {
      this.labels = labels;
      this.counts = this.build(labels);
    } else if (this.multiLabel && labels !== this.labels) {
      throw new ShapeError(`${this.name}: predictions have ${labels} labels, expected ${this.labels} (multiLabel)`);
    }
    return this.counts;
  }

  private build(labels: number): Counts {
    const shape = this.multiLabel ? [this.numThresholds, labels] : [this.numThresholds];
    return {tp: zerosVariable(shape), fp: zerosVariable(shape), tn: zerosVariable(shape), fn: zerosVariable(shape)};
  }
}

/**
 * Areas under the interpolated precision–recall curve between neighbouring thresholds A (lower) and B.
 * Within an interval TP is taken to be linear in P = TP + FP, TP = b + s·P with slope s = ΔTP/ΔP, so
 * ∫ precision d(recall) = ∫ (b + s·P)/P · s dP / positives = s·(ΔTP + b·ln(P_A / P_B)) / positives.
 */
function interpolatedPrAreas(c: Counts): tf.Tensor {
  const predicted = tf.add(c.tp, c.fp);
  const [tpA, tpB] = ends(c.tp);
  const [pA, pB] = ends(predicted);
  const dTp = tf.sub(tpA, tpB);
  const slope = tf.divNoNan(dTp, tf.relu(tf.sub(pA, pB)));
  const intercept = tf.sub(tpB, tf.mul(slope, pB));
  const bothPositive = tf.logicalAnd(tf.greater(pA, 0), tf.greater(pB, 0));
  // ln(P_A / P_B), taken as 0 when either end has no predicted positives
  const logRatio = tf.log(tf.where(bothPositive, tf.divNoNan(pA, tf.relu(pB)), tf.onesLike(pA)));
  const positives = tf.relu(tf.add(tpB, ends(c.fn)[1]));
  return tf.divNoNan(tf.mul(slope, tf.add(dTp, tf.mul(intercept, logRatio))), positives);
}
