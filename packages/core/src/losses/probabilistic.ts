/**
 * Divergence and count losses (Keras 3 semantics): Kullback–Leibler divergence and Poisson.
 */
import * as tf from '@tensorflow/tfjs-core';
import {EPSILON, Loss, assertSameShape} from './loss.js';
import type {LossArgs} from './loss.js';

/**
 * Kullback–Leibler divergence Σ y·log(y / p) over the last axis, with both distributions clipped to
 * [ε, 1] so zero probabilities stay finite.
 */
export class KLDivergence extends Loss {
  static override readonly className = 'KLDivergence';
  constructor(args: LossArgs = {}) {
    super(args, 'kl_divergence');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    const y = tf.clipByValue(tf.cast(yTrue, yPred.dtype), EPSILON, 1);
    const p = tf.clipByValue(yPred, EPSILON, 1);
    return tf.sum(tf.mul(y, tf.sub(tf.log(y), tf.log(p))), -1);
  }
}

/** Poisson negative log-likelihood (up to a constant): mean(p − y·log(p + ε)) over the last axis. */
export class Poisson extends Loss {
  static override readonly className = 'Poisson';
  constructor(args: LossArgs = {}) {
    super(args, 'poisson');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    const y = tf.cast(yTrue, yPred.dtype);
    return tf.mean(tf.sub(yPred, tf.mul(y, tf.log(tf.add(yPred, EPSILON)))), -1);
  }
}
