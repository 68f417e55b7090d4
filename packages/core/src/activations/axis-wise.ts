/**
 * Activations that work along an axis (softmax, log-softmax, GLU, sparsemax). TF.js kernels handle the
 * last axis only; other axes are moved last and back.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';

export interface AxisOptions {
  /** The axis to work along; negative counts from the end. Default -1. */
  axis?: number;
}

/** Normalises `axis` for a tensor of rank `rank`, naming the caller in errors. */
function resolveAxis(owner: string, axis: number | undefined, rank: number): number {
  const a = axis ?? -1;
  if (!Number.isInteger(a) || a < -rank || a >= rank || rank === 0) {
    throw new ValueError(`${owner}: axis must be an integer in [${-rank}, ${rank - 1}] for an input of rank ${rank}, received ${describe(axis)}`);
  }
  return a < 0 ? a + rank : a;
}

/** Applies `fn` (which works on the last axis) along `axis` by transposing that axis last and back. */
function alongAxis(x: tf.Tensor, axis: number, fn: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  const last = x.rank - 1;
  if (axis === last) return fn(x);
  return tf.tidy(() => {
    const perm = [...Array(x.rank).keys()];
    perm[axis] = last;
    perm[last] = axis;
    // swapping two axes is its own inverse
    return tf.transpose(fn(tf.transpose(x, perm)), perm);
  });
}

/** `e^x / Σ e^x` along `axis` (default last), computed stably. */
export function softmax(x: tf.Tensor, options: AxisOptions = {}): tf.Tensor {
  return alongAxis(x, resolveAxis('softmax', options.axis, x.rank), (t) => tf.softmax(t, -1));
}

/** `x - log Σ e^x` along `axis` (default last), computed stably. */
export function logSoftmax(x: tf.Tensor, options: AxisOptions = {}): tf.Tensor {
  return alongAxis(x, resolveAxis('logSoftmax', options.axis, x.rank), (t) => tf.logSoftmax(t, -1));
}

/**
 * Gated linear unit (Dauphin et al., 2017): splits `x` into halves `a`, `b` along `axis` (default last,
 * whose size must be even) and returns `a · sigmoid(b)`.
 */
export function glu(x: tf.Tensor, options: AxisOptions = {}): tf.Tensor {
  const axis = resolveAxis('glu', options.axis, x.rank);
  const size = x.shape[axis] as number;
  if (size % 2 !== 0) {
    throw new ValueError(`glu: the size of axis ${axis} must be even, received an input of shape [${x.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const [a, b] = tf.split(x, 2, axis) as [tf.Tensor, tf.Tensor];
    return tf.mul(a, tf.sigmoid(b));
  });
}

/**
 * Sparsemax over the last axis: the Euclidean projection of each row onto the probability simplex.
 * With the row sorted as z₁ ≥ z₂ ≥ …, k* = max{k : 1 + k·z_k > Σ_{j≤k} z_j} and τ = (Σ_{j≤k*} z_j - 1)/k*.
 */
function sparsemaxForward(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const last = z.rank - 1;
    const n = z.shape[last] as number;
    const sorted = tf.topk(z, n, true).values;
    // (tf.cumsum needs a non-negative axis)
    const cumulative = tf.cumsum(sorted, last);
    const k = tf.range(1, n + 1, 1, 'float32');
    const inSupport = tf.cast(tf.greater(tf.add(1, tf.mul(k, sorted)), cumulative), 'float32');
    const supportSize = tf.sum(inSupport, -1, true);
    const tau = tf.div(tf.sub(tf.sum(tf.mul(sorted, inSupport), -1, true), 1), supportSize);
    return tf.relu(tf.sub(z, tau));
  });
}

/**
 * Sparsemax (Martins & Astudillo, 2016) along `axis` (default last): like softmax it returns a
 * probability distribution, but small inputs get exactly zero. Its gradient, on the support S of the
 * output, is `dy - mean_S(dy)` (zero off S).
 */
export function sparsemax(x: tf.Tensor, options: AxisOptions = {}): tf.Tensor {
  const axis = resolveAxis('sparsemax', options.axis, x.rank);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const p = sparsemaxForward(z);
    save([p]);
    return {
      value: p,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => {
        const support = tf.cast(tf.greater(saved[0] as tf.Tensor, 0), 'float32');
        const mean = tf.div(tf.sum(tf.mul(dy, support), -1, true), tf.sum(support, -1, true));
        return tf.mul(support, tf.sub(dy, mean));
      }),
    };
  });
  return alongAxis(x, axis, (t) => op(t));
}
