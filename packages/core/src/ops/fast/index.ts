/**
 * Hot ops whose forward and backward passes Stratum owns (PERFORMANCE.md). Baseline: tfjs ops and
 * tfjs autodiff; per-backend fast paths replace the internals behind these signatures.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {Conv2DOptions, FusedActivation, Pool2DOptions} from './types.js';

function pair(v: number | [number, number] | undefined, dflt: number): [number, number] {
  if (v === undefined) return [dflt, dflt];
  return typeof v === 'number' ? [v, v] : v;
}

function activate(x: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation) {
    case 'linear': return x;
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'tanh': return tf.tanh(x);
    case 'elu': return tf.elu(x);
  }
}

/** 2-D matrix product a·b (optionally transposed operands). */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  return tf.matMul(a, b, transposeA, transposeB);
}

/**
 * Dense (fully connected) transform: `activation(x · kernel + bias)`. `x` has rank ≥ 2; its last axis
 * is contracted with `kernel`'s first; leading axes are kept.
 */
export function dense(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D | null = null, activation: FusedActivation = 'linear'): tf.Tensor {
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const x2 = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, x.shape[x.rank - 1] as number]) as tf.Tensor2D;
    let y: tf.Tensor = tf.matMul(x2, kernel);
    if (bias !== null) y = tf.add(y, bias);
    y = activate(y, activation);
    return x.rank === 2 ? y : tf.reshape(y, [...lead, kernel.shape[1]]);
  });
}

/** 2-D convolution, NHWC input, filter [kH, kW, inC, outC], with optional fused bias and activation. */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2DOptions = {}): tf.Tensor4D {
  return tf.tidy(() => {
    let y: tf.Tensor = tf.conv2d(x, filter, pair(options.strides, 1), options.padding ?? 'valid', 'NHWC', pair(options.dilations, 1));
    if (options.bias != null) y = tf.add(y, options.bias);
    return activate(y, options.activation ?? 'linear') as tf.Tensor4D;
  });
}

/** 2-D max pooling, NHWC. */
export function maxPool(x: tf.Tensor4D, options: Pool2DOptions): tf.Tensor4D {
  const size = pair(options.poolSize, 1);
  return tf.maxPool(x, size, pair(options.strides, size[0]), options.padding ?? 'valid');
}

/** 2-D average pooling, NHWC. */
export function avgPool(x: tf.Tensor4D, options: Pool2DOptions): tf.Tensor4D {
  const size = pair(options.poolSize, 1);
  return tf.avgPool(x, size, pair(options.strides, size[0]), options.padding ?? 'valid');
}
