/**
 * 2-D convolution whose backward pass Stratum owns (see conv2d-grad.ts for the formulations): it trains
 * on wasm, which has no Conv2DBackpropFilter kernel, and avoids cpu's extremely slow one.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {FUSED_ACTIVATIONS, activate, activationGrad, fusable} from './activation.js';
import {filterGrad, inputGrad} from './conv2d-grad.js';
import {geometry, pair} from './conv-geometry.js';
import {fusedConv2dKernel} from './fused-kernels.js';
import {byGroups, checkGroups} from './grouped.js';
import {splitGradients, type GradSide} from './split-grad.js';
import type {Conv2DOptions, FusedActivation} from './types.js';

/**
 * The forward pass: the backend's fused conv2d kernel, called directly so that a non-linear activation
 * stays fused while a gradient tape records (tf.fused.conv2d unfuses it then: fused-kernels.ts).
 */
function convForward(
  x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, activation: FusedActivation,
  strides: [number, number], padding: 'valid' | 'same', dilations: [number, number],
): tf.Tensor4D {
  const fusedAct = fusable(activation) ? activation : 'linear';
  const z = fusedConv2dKernel(x, filter, {strides, pad: padding, dilations, bias, activation: fusedAct});
  return fusedAct === activation ? z : activate(z, activation) as tf.Tensor4D;
}

function validate(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, activation: FusedActivation): void {
  if (filter.rank !== 4) throw new ShapeError(`conv2d: filter must be rank 4 [kH, kW, inC, outC], received shape [${filter.shape}]`);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== filter.shape[3])) {
    throw new ShapeError(`conv2d: bias must have shape [${filter.shape[3]}], received [${bias.shape}]`);
  }
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`conv2d: unknown activation ${describe(activation)}; expected one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
}

/**
 * 2-D convolution, NHWC input, filter [kH, kW, inC, outC], with optional fused bias and activation.
 *
 * Padding follows TF: 'same' pads max((out-1)·stride + (k-1)·dilation + 1 - in, 0) in total, the
 * smaller half before. Strides and dilations cannot both exceed 1 (as in tfjs). With `groups` g the
 * filter is [kH, kW, inC / g, outC] and each group of channels is convolved alone (grouped.ts).
 *
 * The forward pass is the backend's fused conv2d. The backward pass is Stratum's own, chosen per
 * backend at call time; it supports dilations (tfjs's does not) and computes dX only when x leads
 * from the tensors being differentiated (not for a model's data input), dW and db only when the
 * weights do.
 *
 * @param x Input, [batch, height, width, inC].
 * @param filter Weights, [kH, kW, inC, outC].
 * @param options Strides, padding, dilations, bias [outC], activation, groups.
 * @returns [batch, outH, outW, outC].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2DOptions = {}): tf.Tensor4D {
  const bias = options.bias ?? null;
  const activation = options.activation ?? 'linear';
  const padding = options.padding ?? 'valid';
  validate(x, filter, bias, activation);
  if (x.rank !== 4) throw new ShapeError(`conv2d: x must be rank 4 (NHWC), received shape [${x.shape}]`);
  const groups = checkGroups('conv2d', options.groups, x.shape, filter.shape);
  if (groups > 1) {
    return tf.tidy(() => byGroups(x, filter, bias, groups, (xg, fg, bg) => conv2d(xg, fg as tf.Tensor4D, {...options, bias: bg, groups: 1})));
  }
  const strides = pair(options.strides, 1, 'strides', 'conv2d');
  const dilations = pair(options.dilations, 1, 'dilations', 'conv2d');
  const geo = geometry('conv2d', x.shape, [filter.shape[0], filter.shape[1]], strides, dilations, padding);
  const filterShape = filter.shape as [number, number, number, number];
  return tf.tidy(() => {
    const weights: GradSide = {
      inputs: bias === null ? [filter] : [filter, bias],
      keep: [x],
      backward: (g, [xk]) => filterGrad(xk as tf.Tensor4D, g as tf.Tensor4D, geo, filterShape, bias !== null),
    };
    const input: GradSide = {
      inputs: [x],
      keep: [filter],
      backward: (g, [fk]) => [inputGrad(g as tf.Tensor4D, fk as tf.Tensor4D, geo)],
    };
    const forward = (): tf.Tensor4D => convForward(x, filter, bias, activation, strides, padding, dilations);
    return splitGradients(forward, [weights, input], activation === 'linear' ? null : (dy, y) => activationGrad(dy, y, activation)) as tf.Tensor4D;
  });
}
