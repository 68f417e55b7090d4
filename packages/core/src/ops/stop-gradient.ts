import * as tf from '@tensorflow/tfjs-core';

const stop = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({value: tf.clone(args[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy)}));

/**
 * `x`'s value, treated as a constant by gradients (Keras `ops.stop_gradient`): nothing flows back
 * through it to whatever computed `x`.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
