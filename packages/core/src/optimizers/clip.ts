/**
 * Gradient clipping as Keras 3 applies it before an update: at most one of `clipvalue` (element-wise),
 * `clipnorm` (each gradient's L2 norm) and `globalClipnorm` (the L2 norm of all gradients together).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ClipOptions {
  clipnorm: number | null;
  clipvalue: number | null;
  globalClipnorm: number | null;
}

/** Returns the clipped gradients (new tensors, or the inputs when no clipping is configured). */
export function clipGradients(grads: readonly tf.Tensor[], options: ClipOptions): tf.Tensor[] {
  const {clipnorm, clipvalue, globalClipnorm} = options;
  if (clipvalue !== null) return grads.map((g) => tf.clipByValue(g, -clipvalue, clipvalue));
  if (clipnorm !== null) return grads.map((g) => tf.mul(g, tf.div(clipnorm, tf.maximum(tf.norm(g), clipnorm))));
  if (globalClipnorm !== null) {
    const total = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    const scale = tf.div(globalClipnorm, tf.maximum(total, globalClipnorm));
    return grads.map((g) => tf.mul(g, scale));
  }
  return [...grads];
}
