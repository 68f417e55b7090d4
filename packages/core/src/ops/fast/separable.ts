/**
 * Separable 2-D convolution: a depthwise convolution then a 1×1 ("pointwise") convolution, as Keras's
 * SeparableConv2D. Each step is a Stratum op with its own per-backend backward pass: depthwiseConv2d,
 * then the pointwise step as `dense` over the channel axis (a 1×1 convolution is a matMul), so it trains
 * on wasm, which has neither depthwise backprop kernel nor Conv2DBackpropFilter.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {dense} from './dense.js';
import {depthwiseConv2d} from './depthwise-conv2d.js';
import type {SeparableConv2DOptions} from './types.js';

/**
 * `activation(pointwise(depthwise(x)) + bias)`, NHWC.
 *
 * @param x Input, [batch, height, width, C].
 * @param depthwise Depthwise weights, [kH, kW, C, M] (M: depth multiplier).
 * @param pointwise Pointwise weights, [1, 1, C·M, filters].
 * @param options strides, padding, dilations (of the depthwise step), bias [filters], activation.
 * @returns [batch, outH, outW, filters].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function separableConv2d(x: tf.Tensor4D, depthwise: tf.Tensor4D, pointwise: tf.Tensor4D, options: SeparableConv2DOptions = {}): tf.Tensor4D {
  if (depthwise.rank !== 4) throw new ShapeError(`separableConv2d: depthwise must be rank 4 [kH, kW, C, M], received shape [${depthwise.shape}]`);
  const cm = depthwise.shape[2] * depthwise.shape[3];
  if (pointwise.rank !== 4 || pointwise.shape[0] !== 1 || pointwise.shape[1] !== 1 || pointwise.shape[2] !== cm) {
    throw new ShapeError(`separableConv2d: pointwise must have shape [1, 1, ${cm}, filters] (channels × multiplier = ${cm}), received [${pointwise.shape}]`);
  }
  const filters = pointwise.shape[3];
  return tf.tidy(() => {
    const mid = depthwiseConv2d(x, depthwise, {strides: options.strides, padding: options.padding, dilations: options.dilations});
    return dense(mid, tf.reshape(pointwise, [cm, filters]), options.bias ?? null, options.activation ?? 'linear') as tf.Tensor4D;
  });
}
