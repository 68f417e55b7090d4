/**
 * Mean intersection-over-union from an accumulated confusion matrix (Keras 3 semantics).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors.js';
import {EPSILON, alignWeights, checkInteger} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {Metric, zeroVariables, zerosVariable} from './metric.js';
import type {MetricArgs} from './metric.js';

export interface MeanIoUArgs extends MetricArgs {
  /** Number of classes (required): the confusion matrix is numClasses × numClasses. */
  numClasses: number;
  /** Targets of this class are left out entirely. Default null. */
  ignoreClass?: number | null;
  /** Targets are class ids (true, default) or one-hot/scores reduced by arg-max along `axis` (false). */
  sparseYTrue?: boolean;
  /** Predictions are class ids (true, default, as in Keras) or scores reduced by arg-max along `axis` (false). */
  sparseYPred?: boolean;
  /** Class axis for the arg-max of non-sparse inputs. Default -1. */
  axis?: number;
}

/** One-hot rows (as float32) of integer ids; ids outside [0, classes) give all-zero rows. */
function oneHotRows(ids: tf.Tensor, classes: number): tf.Tensor {
  return tf.cast(tf.equal(tf.expandDims(tf.cast(ids, 'int32'), -1), tf.range(0, classes, 1, 'int32')), 'float32');
}

/**
 * Mean IoU: for each class c, IoU = TP / (TP + FP + FN) from the weighted confusion matrix of every
 * element seen (class-id targets against class-id predictions by default); the result is the mean over
 * the classes that occurred in targets or predictions. Ids outside [0, numClasses) are not counted.
 */
export class MeanIoU extends Metric {
  static override readonly className = 'MeanIoU';
  readonly numClasses: number;
  readonly ignoreClass: number | null;
  readonly sparseYTrue: boolean;
  readonly sparseYPred: boolean;
  readonly axis: number;
  private readonly confusion: tf.Variable;

  constructor(args: MeanIoUArgs) {
    super(args ?? {}, 'mean_io_u');
    this.numClasses = checkInteger('MeanIoU', 'numClasses', args?.numClasses, 1);
    this.ignoreClass = args.ignoreClass == null ? null : checkInteger('MeanIoU', 'ignoreClass', args.ignoreClass);
    this.sparseYTrue = args.sparseYTrue ?? true;
    this.sparseYPred = args.sparseYPred ?? true;
    this.axis = checkInteger('MeanIoU', 'axis', args.axis ?? -1);
    this.confusion = zerosVariable([this.numClasses, this.numClasses]);
  }

  updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      const t = this.sparseYTrue ? yTrue : tf.argMax(yTrue, this.axis);
      const p = this.sparseYPred ? yPred : tf.argMax(yPred, this.axis);
      if (t.size !== p.size) {
        throw new ShapeError(`${this.name}: ${t.size} target ids (shape [${yTrue.shape.join(', ')}]) do not match ${p.size} predicted ids (shape [${yPred.shape.join(', ')}])`);
      }
      let w: tf.Tensor = tf.ones([t.size]);
      if (sampleWeight !== null) {
        const tIds = t.rank === 0 ? tf.reshape(t, [1]) : t;
        w = tf.reshape(tf.mul(tf.ones(tIds.shape), alignWeights(sampleWeight, tIds)), [-1]);
      }
      const trueIds = tf.reshape(t, [-1]);
      if (this.ignoreClass !== null) w = tf.mul(w, tf.cast(tf.notEqual(tf.cast(trueIds, 'int32'), this.ignoreClass), 'float32'));
      // confusion[i][j] += Σ w over elements with target i and prediction j
      const rows = tf.mul(oneHotRows(trueIds, this.numClasses), tf.expandDims(w, -1));
      const cols = oneHotRows(tf.reshape(p, [-1]), this.numClasses);
      this.confusion.assign(tf.add(this.confusion, tf.matMul(rows, cols, true, false)));
    });
  }

  result(): tf.Scalar {
    return tf.tidy(() => {
      const tp = tf.sum(tf.mul(this.confusion, tf.eye(this.numClasses)), 1);
      const union = tf.sub(tf.add(tf.sum(this.confusion, 0), tf.sum(this.confusion, 1)), tp);
      const present = tf.sum(tf.cast(tf.greater(union, 1e-9), 'float32'));
      const iou = tf.div(tp, tf.add(union, EPSILON));
      return tf.div(tf.sum(iou), tf.add(present, EPSILON)) as tf.Scalar;
    });
  }

  reset(): void {
    zeroVariables([this.confusion]);
  }

  dispose(): void {
    this.confusion.dispose();
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      ignoreClass: this.ignoreClass,
      sparseYTrue: this.sparseYTrue,
      sparseYPred: this.sparseYPred,
      axis: this.axis,
    };
  }
}
