/**
 * 1-D convolution as Stratum's conv2d over a height of 1, so its backward pass is conv2d's own (which
 * needs no Conv2DBackpropFilter: tfjs's conv1d gradient does, and wasm lacks it).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {conv2d} from './conv2d.js';
import {checkGroups} from './grouped.js';
import type {Conv1DOptions} from './types.js';

function positive(v: number | undefined, what: string): number {
  const n = v ?? 1;
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`conv1d: ${what} must be a positive integer, received ${describe(v)}`);
  return n;
}

/**
 * 1-D convolution, input [batch, steps, inC], filter [k, inC, outC], with optional fused bias and
 * activation.
 *
 * Padding: 'valid', 'same' (TF rules) or 'causal' (Keras: (k-1)·dilation zeros before the first step,
 * then 'valid', so output t sees inputs up to t only). Strides and dilations cannot both exceed 1.
 * Forward and backward are conv2d's (see conv2d), so it trains on every backend, wasm included.
 *
 * @param x Input, [batch, steps, inC].
 * @param filter Weights, [k, inC / groups, outC].
 * @param options strides, padding, dilations (numbers), bias [outC], activation, groups.
 * @returns [batch, outSteps, outC].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function conv1d(x: tf.Tensor3D, filter: tf.Tensor3D, options: Conv1DOptions = {}): tf.Tensor3D {
  if (x.rank !== 3) throw new ShapeError(`conv1d: x must be rank 3 [batch, steps, channels], received shape [${x.shape}]`);
  if (filter.rank !== 3) throw new ShapeError(`conv1d: filter must be rank 3 [k, inC, outC], received shape [${filter.shape}]`);
  const [batch, steps, inC] = x.shape;
  const [k, filterInC, outC] = filter.shape;
  const groups = checkGroups('conv1d', options.groups, x.shape, filter.shape);
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same' && padding !== 'causal') {
    throw new ValueError(`conv1d: padding must be 'valid', 'same' or 'causal', received ${describe(padding)}`);
  }
  const stride = positive(options.strides, 'strides');
  const dilation = positive(options.dilations, 'dilations');
  if (stride > 1 && dilation > 1) throw new ValueError(`conv1d: strides and dilations cannot both exceed 1, received strides ${stride} and dilations ${dilation}`);
  const span = (k - 1) * dilation + 1;
  if (padding === 'valid' && span > steps) {
    throw new ShapeError(`conv1d: a filter of width ${k} (dilations ${dilation}) does not fit in input [${x.shape}] with padding 'valid'`);
  }
  return tf.tidy(() => {
    let x4 = tf.reshape(x, [batch, 1, steps, inC]) as tf.Tensor4D;
    if (padding === 'causal') x4 = tf.pad(x4, [[0, 0], [0, 0], [span - 1, 0], [0, 0]]);
    const y = conv2d(x4, tf.reshape(filter, [1, k, filterInC, outC]) as tf.Tensor4D, {
      strides: [1, stride], dilations: [1, dilation], padding: padding === 'causal' ? 'valid' : padding,
      bias: options.bias ?? null, activation: options.activation ?? 'linear', groups,
    });
    return tf.reshape(y, [batch, y.shape[2], outC]) as tf.Tensor3D;
  });
}
