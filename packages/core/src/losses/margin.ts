/**
 * Margin losses: functions of the margin y·f(x) for targets y ∈ {−1, +1} (Keras's hinge family, plus
 * the logistic and exponential losses), and the multiclass hinges over class scores.
 * Binary targets in {0, 1} are turned into {−1, +1} first, as Keras does for its hinge losses.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Loss, assertSameShape, checkNumber, toSignedLabels} from './loss.js';
import type {LossArgs} from './loss.js';

/** The margins y·f of signed targets and predictions (after checking the shapes). */
function margins(loss: Loss, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  assertSameShape(loss.name, yTrue, yPred);
  return tf.mul(toSignedLabels(tf.cast(yTrue, yPred.dtype)), yPred);
}

/** mean(max(1 − y·f, 0)) over the last axis, targets in {−1, +1} or {0, 1}. */
export class Hinge extends Loss {
  static override readonly className = 'Hinge';
  constructor(args: LossArgs = {}) {
    super(args, 'hinge');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(tf.relu(tf.sub(1, margins(this, yTrue, yPred))), -1);
  }
}

/** mean(max(1 − y·f, 0)²) over the last axis, targets in {−1, +1} or {0, 1}. */
export class SquaredHinge extends Loss {
  static override readonly className = 'SquaredHinge';
  constructor(args: LossArgs = {}) {
    super(args, 'squared_hinge');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(tf.square(tf.relu(tf.sub(1, margins(this, yTrue, yPred)))), -1);
  }
}

/**
 * The logistic loss mean(log(1 + e^(−y·f))) over the last axis, targets in {−1, +1} or {0, 1}: the
 * margin form of binary crossentropy from logits. Computed as softplus(−y·f) without overflow.
 */
export class LogisticLoss extends Loss {
  static override readonly className = 'LogisticLoss';
  constructor(args: LossArgs = {}) {
    super(args, 'logistic_loss');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const z = tf.neg(margins(this, yTrue, yPred));
    // softplus(z) = max(z, 0) + log1p(e^(−|z|))
    return tf.mean(tf.add(tf.relu(z), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), -1);
  }
}

/**
 * The exponential loss mean(e^(−y·f)) over the last axis, targets in {−1, +1} or {0, 1} (the loss
 * AdaBoost minimises). It grows exponentially with a wrong margin, so very wrong scores overflow to
 * Infinity in float32 (beyond a margin of about −88).
 */
export class ExponentialLoss extends Loss {
  static override readonly className = 'ExponentialLoss';
  constructor(args: LossArgs = {}) {
    super(args, 'exponential_loss');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(tf.exp(tf.neg(margins(this, yTrue, yPred))), -1);
  }
}

/**
 * Crammer–Singer style categorical hinge over one-hot targets: max(0, 1 + max_{j≠y} f_j − f_y),
 * computed as max(0, 1 + max((1 − y)·f) − Σ y·f).
 */
export class CategoricalHinge extends Loss {
  static override readonly className = 'CategoricalHinge';
  constructor(args: LossArgs = {}) {
    super(args, 'categorical_hinge');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    const y = tf.cast(yTrue, yPred.dtype);
    const pos = tf.sum(tf.mul(y, yPred), -1);
    const neg = tf.max(tf.mul(tf.sub(1, y), yPred), -1);
    return tf.relu(tf.add(tf.sub(neg, pos), 1));
  }
}

export interface MulticlassHingeArgs extends LossArgs {
  /** The margin Δ the true class's score must beat every other score by. Default 1. */
  margin?: number;
}

/**
 * The multiclass SVM loss of Weston and Watkins: Σ_{j≠y} max(0, f_j − f_y + Δ) per sample, with Δ = 1
 * by default (the "SVM loss" of linear classifiers). Targets are one-hot (the predictions' shape) or
 * integer class ids (`[batch]` or `[batch, 1]`, or the predictions' shape without the class axis).
 * Unlike {@link CategoricalHinge}, every class inside the margin adds to the loss, not only the worst.
 */
export class MulticlassHinge extends Loss {
  static override readonly className = 'MulticlassHinge';
  readonly margin: number;
  constructor(args: MulticlassHingeArgs = {}) {
    super(args, 'multiclass_hinge');
    this.margin = checkNumber('MulticlassHinge', 'margin', args.margin ?? 1, 0);
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const y = this.oneHot(yTrue, yPred);
    const trueScore = tf.sum(tf.mul(y, yPred), -1, true);
    const violations = tf.relu(tf.add(tf.sub(yPred, trueScore), this.margin));
    // the true class itself would add Δ: leave it out
    return tf.sum(tf.mul(violations, tf.sub(1, y)), -1);
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), margin: this.margin};
  }
  private oneHot(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    if (tf.util.arraysEqual(yTrue.shape, yPred.shape)) return tf.cast(yTrue, yPred.dtype);
    let labels = yTrue;
    if (labels.rank === yPred.rank && labels.shape[labels.rank - 1] === 1) labels = tf.squeeze(labels, [-1]);
    if (!tf.util.arraysEqual(labels.shape, yPred.shape.slice(0, -1))) {
      throw new ShapeError(`${this.name}: targets of shape [${yTrue.shape.join(', ')}] match neither predictions of shape [${yPred.shape.join(', ')}] (one-hot) nor [${yPred.shape.slice(0, -1).join(', ')}] (class ids)`);
    }
    const k = yPred.shape[yPred.rank - 1] as number;
    const hot = tf.equal(tf.expandDims(tf.cast(labels, 'int32'), -1), tf.range(0, k, 1, 'int32'));
    return tf.cast(hot, yPred.dtype);
  }
}
