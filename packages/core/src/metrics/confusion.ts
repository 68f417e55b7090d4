/**
 * Confusion counts at decision thresholds (Keras 3 semantics), and the Precision and Recall metrics
 * built on them. A prediction counts as positive at threshold θ when it is strictly above θ; a target
 * is positive when it is nonzero.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import {alignWeights, assertSameShape, checkInteger} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {Metric, alignRanks, zeroVariables, zerosVariable} from './metric.js';
import type {MetricArgs} from './metric.js';

/** Scores outside the top k are replaced by this (Keras's `NEG_INF`), so no threshold counts them. */
const NEG_INF = -1e10;

export interface ConfusionOptions {
  /** Decision thresholds, in the order the counts are returned. */
  thresholds: number[];
  /** Only each sample's k highest scores may count as positive. */
  topK?: number | null;
  /** Count only this class (a column of the last axis). */
  classId?: number | null;
  /** Per-sample weights (`[batch]`, `[batch, 1]` or the predictions' shape). */
  sampleWeight?: tf.Tensor | null;
  /** Keep one count per label (last axis) instead of pooling all of them. */
  multiLabel?: boolean;
  /** Weights of each label (last axis) when pooling them (ignored with `multiLabel`). */
  labelWeights?: number[] | null;
}

export interface ConfusionCounts {
  tp: tf.Tensor;
  fp: tf.Tensor;
  tn: tf.Tensor;
  fn: tf.Tensor;
}

/** Keeps each sample's `k` highest scores (the lowest indices win ties) and sets the rest to {@link NEG_INF}. */
function keepTopK(p: tf.Tensor, k: number): tf.Tensor {
  const classes = p.shape[p.rank - 1] as number;
  if (k >= classes) return p;
  const {indices} = tf.topk(p, k);
  const hits = tf.equal(tf.expandDims(indices, -1), tf.range(0, classes, 1, 'int32'));
  const inTop = tf.greater(tf.sum(tf.cast(hits, 'float32'), -2), 0);
  return tf.where(inTop, p, tf.fill(p.shape, NEG_INF));
}

function column(t: tf.Tensor, c: number): tf.Tensor {
  return tf.slice(t, [...t.shape.slice(0, -1).map(() => 0), c], [...t.shape.slice(0, -1), 1]);
}

/**
 * Weighted true/false positives/negatives at each threshold: shape `[thresholds]`, or
 * `[thresholds, labels]` with `multiLabel`. Call inside `tf.tidy`.
 */
export function confusionCounts(owner: string, yTrue: tf.Tensor, yPred: tf.Tensor, opts: ConfusionOptions): ConfusionCounts {
  const [t0, p0] = alignRanks(yTrue, yPred);
  assertSameShape(owner, t0, p0);
  let p = tf.cast(p0, 'float32');
  let label = tf.cast(tf.notEqual(t0, 0), 'float32');
  let w = opts.sampleWeight != null ? tf.mul(tf.onesLike(p), alignWeights(opts.sampleWeight, p)) : tf.onesLike(p);
  if (opts.topK != null) p = keepTopK(p, opts.topK);
  if (opts.classId != null) {
    const classes = p.rank === 0 ? 0 : (p.shape[p.rank - 1] as number);
    if (opts.classId >= classes) throw new ShapeError(`${owner}: classId ${opts.classId} is out of range for predictions of shape [${p.shape.join(', ')}] (${classes} classes)`);
    [p, label, w] = [column(p, opts.classId), column(label, opts.classId), column(w, opts.classId)];
  }
  if (opts.labelWeights != null && !opts.multiLabel) {
    if (p.shape[p.rank - 1] !== opts.labelWeights.length) {
      throw new ShapeError(`${owner}: labelWeights has ${opts.labelWeights.length} entries, expected one per label (${p.shape[p.rank - 1]})`);
    }
    w = tf.mul(w, tf.tensor1d(opts.labelWeights, 'float32'));
  }
  const numThresholds = opts.thresholds.length;
  const labels = opts.multiLabel ? (p.rank === 0 ? 1 : (p.shape[p.rank - 1] as number)) : 1;
  const dataShape = [1, p.size / labels, labels];
  const thresholds = tf.reshape(tf.tensor1d(opts.thresholds, 'float32'), [numThresholds, 1, 1]);
  const predPos = tf.cast(tf.greater(tf.reshape(p, dataShape), thresholds), 'float32');
  const posWeight = tf.reshape(tf.mul(label, w), dataShape);
  const negWeight = tf.reshape(tf.mul(tf.sub(1, label), w), dataShape);
  const tp = tf.sum(tf.mul(predPos, posWeight), 1);
  const fp = tf.sum(tf.mul(predPos, negWeight), 1);
  const fn = tf.sub(tf.sum(posWeight, 1), tp);
  const tn = tf.sub(tf.sum(negWeight, 1), fp);
  const outShape = opts.multiLabel ? [numThresholds, labels] : [numThresholds];
  return {tp: tf.reshape(tp, outShape), fp: tf.reshape(fp, outShape), tn: tf.reshape(tn, outShape), fn: tf.reshape(fn, outShape)};
}

/** Checks that thresholds are numbers in [0, 1], naming the metric. */
export function checkThresholds(owner: string, thresholds: unknown): number[] {
  const list = Array.isArray(thresholds) ? thresholds : [thresholds];
  if (list.length === 0 || list.some((t) => typeof t !== 'number' || !(t >= 0 && t <= 1))) {
    throw new ValueError(`${owner}: thresholds must be a number or a non-empty list of numbers in [0, 1], received ${describe(thresholds)}`);
  }
  return list as number[];
}

export interface PrecisionRecallArgs extends MetricArgs {
  /** Decision threshold(s) in [0, 1]; a list gives one result per threshold. Default 0.5 (no threshold with `topK`). */
  thresholds?: number | number[] | null;
  /** Only each sample's `topK` highest scores count as predicted positives. Default null. */
  topK?: number | null;
  /** Measure only this class (a column of the last axis). Default null (all, pooled). */
  classId?: number | null;
}

/** Precision and recall: true positives against one other count, at each threshold. */
abstract class PrecisionRecallBase extends Metric {
  readonly thresholds: number | number[] | null;
  readonly topK: number | null;
  readonly classId: number | null;
  private readonly cutoffs: number[];
  private readonly truePositives: tf.Variable;
  private readonly others: tf.Variable;

  constructor(args: PrecisionRecallArgs, defaultName: string, owner: string) {
    super(args, defaultName);
    this.thresholds = args.thresholds ?? null;
    this.topK = args.topK == null ? null : checkInteger(owner, 'topK', args.topK, 1);
    this.classId = args.classId == null ? null : checkInteger(owner, 'classId', args.classId, 0);
    this.cutoffs = this.thresholds === null ? [this.topK === null ? 0.5 : NEG_INF] : checkThresholds(owner, this.thresholds);
    this.truePositives = zerosVariable([this.cutoffs.length]);
    this.others = zerosVariable([this.cutoffs.length]);
  }

  /** The count that joins the true positives in the denominator. */
  protected abstract other(c: ConfusionCounts): tf.Tensor;

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      const c = confusionCounts(this.name, yTrue, yPred, {thresholds: this.cutoffs, topK: this.topK, classId: this.classId, sampleWeight});
      this.truePositives.assign(tf.add(this.truePositives, c.tp));
      this.others.assign(tf.add(this.others, this.other(c)));
    });
  }

  /** A scalar for one threshold, else one value per threshold; 0 where nothing was counted. */
  result(): tf.Tensor {
    return tf.tidy(() => {
      const r = tf.divNoNan(this.truePositives, tf.add(this.truePositives, this.others));
      return this.cutoffs.length === 1 ? tf.reshape(r, []) : r;
    });
  }

  reset(): void {
    zeroVariables([this.truePositives, this.others]);
  }

  dispose(): void {
    this.truePositives.dispose();
    this.others.dispose();
  }

  override getConfig(): ConfigDict {
    const thresholds = Array.isArray(this.thresholds) ? [...this.thresholds] : this.thresholds;
    return {...super.getConfig(), thresholds, topK: this.topK, classId: this.classId};
  }
}

/** Precision TP / (TP + FP): the fraction of predicted positives that are positive. */
export class Precision extends PrecisionRecallBase {
  static override readonly className = 'Precision';
  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'precision', 'Precision');
  }
  protected other(c: ConfusionCounts): tf.Tensor {
    return c.fp;
  }
}

/** Recall TP / (TP + FN): the fraction of positives predicted positive. */
export class Recall extends PrecisionRecallBase {
  static override readonly className = 'Recall';
  constructor(args: PrecisionRecallArgs = {}) {
    super(args, 'recall', 'Recall');
  }
  protected other(c: ConfusionCounts): tf.Tensor {
    return c.fn;
  }
}
