import * as tf from '@tensorflow/tfjs-core';
import {Loss, assertSameShape} from './loss.js';
import type {LossArgs} from './loss.js';

/** mean((yPred − yTrue)²) over the last axis: least squares. */
export class MeanSquaredError extends Loss {
  static override readonly className = 'MeanSquaredError';
  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_error');
  }
  compute(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    assertSameShape(this.name, yTrue, yPred);
    return tf.mean(tf.squaredDifference(yPred, tf.cast(yTrue, yPred.dtype)), -1);
  }
}
