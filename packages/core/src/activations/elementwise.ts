/**
 * Element-wise activation functions, composed from TF.js ops where TF.js has no kernel. Every function
 * is differentiable through TF.js autodiff and runs the same on every backend. Formulas follow Keras 3.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';

function finite(owner: string, name: string, value: number | undefined, dflt: number, min = -Infinity): number {
  const v = value ?? dflt;
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= min)) {
    const expected = min === -Infinity ? 'a finite number' : `a finite number >= ${min}`;
    throw new ValueError(`${owner}: ${name} must be ${expected}, received ${describe(value)}`);
  }
  return v;
}

/** Identity: `x`. */
export function linear(x: tf.Tensor): tf.Tensor {
  return x;
}

/** Logistic sigmoid `1 / (1 + e^-x)`. */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.sigmoid(x);
}

/** Hyperbolic tangent. */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.tanh(x);
}

/** Exponential `e^x`. */
export function exponential(x: tf.Tensor): tf.Tensor {
  return tf.exp(x);
}

/** `x` where `x > threshold`, else 0 (masked with `step`, which unlike `greater` has a gradient in TF.js). */
function above(x: tf.Tensor, threshold: number): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.step(tf.sub(x, threshold), 0)));
}

export interface ReluOptions {
  /** Slope below the threshold. Default 0. */
  negativeSlope?: number;
  /** Upper bound of the output; null for none. Default null. */
  maxValue?: number | null;
  /** Inputs at or below it count as "off". Default 0. */
  threshold?: number;
}

/**
 * Rectified linear unit, Keras 3 form: `min(x, maxValue)` for `x > threshold`, otherwise
 * `negativeSlope · (x - threshold)`. With the defaults, `max(x, 0)`.
 */
export function relu(x: tf.Tensor, options: ReluOptions = {}): tf.Tensor {
  const slope = finite('relu', 'negativeSlope', options.negativeSlope, 0, 0);
  const threshold = finite('relu', 'threshold', options.threshold, 0, 0);
  const maxValue = options.maxValue ?? null;
  if (maxValue !== null) finite('relu', 'maxValue', maxValue, 0, 0);
  if (threshold === 0 && maxValue === null) return slope === 0 ? tf.relu(x) : tf.leakyRelu(x, slope);
  if (threshold === 0 && maxValue === 6 && slope === 0) return tf.relu6(x);
  return tf.tidy(() => {
    let y = threshold === 0 ? tf.relu(x) : above(x, threshold);
    if (maxValue !== null) y = tf.minimum(y, maxValue);
    if (slope !== 0) y = tf.sub(y, tf.mul(slope, tf.relu(tf.sub(threshold, x))));
    return y;
  });
}

/** `min(max(x, 0), 6)`. */
export function relu6(x: tf.Tensor): tf.Tensor {
  return tf.relu6(x);
}

/** `x` for `x > 0`, `negativeSlope · x` otherwise. Keras 3 default slope 0.2. */
export function leakyRelu(x: tf.Tensor, options: {negativeSlope?: number} = {}): tf.Tensor {
  return tf.leakyRelu(x, finite('leakyRelu', 'negativeSlope', options.negativeSlope, 0.2));
}

/** `x` for `x > theta`, 0 otherwise (Keras `ThresholdedReLU`). Default theta 1. */
export function thresholdedRelu(x: tf.Tensor, options: {theta?: number} = {}): tf.Tensor {
  const theta = finite('thresholdedRelu', 'theta', options.theta, 1, 0);
  return above(x, theta);
}

/** `alpha · (e^min(x,0) - 1) + max(x, 0)`, without overflow (or NaN gradients) for large `x`. */
function expLinear(x: tf.Tensor, alpha: number, scale: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.relu(x), tf.mul(alpha, tf.expm1(tf.div(tf.minimum(x, 0), scale)))));
}

/** Exponential linear unit: `x` for `x > 0`, `alpha · (e^x - 1)` otherwise. Default alpha 1. */
export function elu(x: tf.Tensor, options: {alpha?: number} = {}): tf.Tensor {
  const alpha = finite('elu', 'alpha', options.alpha, 1);
  return alpha === 1 ? tf.elu(x) : expLinear(x, alpha, 1);
}

/** Scaled ELU: `1.0507… · elu(x, 1.6732…)` (Klambauer et al., 2017). */
export function selu(x: tf.Tensor): tf.Tensor {
  return tf.selu(x);
}

/** Continuously differentiable ELU: `max(x, 0) + alpha · (e^(min(x,0)/alpha) - 1)`. Default alpha 1. */
export function celu(x: tf.Tensor, options: {alpha?: number} = {}): tf.Tensor {
  const alpha = options.alpha ?? 1;
  if (!(Number.isFinite(alpha) && alpha > 0)) throw new ValueError(`celu: alpha must be a finite number > 0, received ${describe(options.alpha)}`);
  return expLinear(x, alpha, alpha);
}

/**
 * Gaussian error linear unit `x · Φ(x)`. Exact (Keras 3 default): `0.5·x·(1 + erf(x/√2))`; approximate:
 * `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
 */
export function gelu(x: tf.Tensor, options: {approximate?: boolean} = {}): tf.Tensor {
  return tf.tidy(() => {
    const inner = options.approximate === true
      ? tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x))))))
      : tf.erf(tf.mul(x, Math.SQRT1_2));
    return tf.mul(tf.mul(0.5, x), tf.add(1, inner));
  });
}

/** Sigmoid linear unit (swish) `x · sigmoid(x)`. */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** Alias of {@link silu}. */
export const swish = silu;

/** `log(1 + e^x)`. */
export function softplus(x: tf.Tensor): tf.Tensor {
  return tf.softplus(x);
}

/** `x / (1 + |x|)`. */
export function softsign(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(x, tf.add(1, tf.abs(x))));
}

/** `log(sigmoid(x)) = -softplus(-x)`. */
export function logSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.logSigmoid(x);
}

/** Keras 3 hard sigmoid: `relu6(x + 3) / 6`, i.e. 0 below -3, 1 above 3, linear with slope 1/6 between. */
export function hardSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(tf.relu6(tf.add(x, 3)), 6));
}

/** Keras 2 / TF.js hard sigmoid: `clip(0.2·x + 0.5, 0, 1)` (slope 0.2, saturating at ±2.5). */
export function hardSigmoidKeras2(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1));
}

/** Hard SiLU (hard swish) `x · relu6(x + 3) / 6`. */
export function hardSilu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, hardSigmoid(x)));
}

/** Alias of {@link hardSilu}. */
export const hardSwish = hardSilu;

/** `clip(x, -1, 1)`. */
export function hardTanh(x: tf.Tensor): tf.Tensor {
  return tf.clipByValue(x, -1, 1);
}

/** Mish `x · tanh(softplus(x))` (Misra, 2019). */
export function mish(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.tanh(tf.softplus(x))));
}
