/**
 * Depthwise 2-D convolution whose backward pass Stratum owns (depthwise-grad.ts): tfjs 4.22's wasm
 * backend has no kernel for either of its stock gradients.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {FUSED_ACTIVATIONS, activate, activationGrad, fusable} from './activation.js';
import {fusedDepthwiseKernel} from './fused-kernels.js';
import {biasGrad} from './matmul.js';
import {depthwiseFilterGrad, depthwiseInputGrad} from './depthwise-grad.js';
import {geometry, pair} from './conv-geometry.js';
import {splitGradients, type GradSide} from './split-grad.js';
import type {Conv2DOptions, FusedActivation} from './types.js';

function validate(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, activation: FusedActivation): void {
  if (filter.rank !== 4) throw new ShapeError(`depthwiseConv2d: filter must be rank 4 [kH, kW, channels, multiplier], received shape [${filter.shape}]`);
  if (x.rank === 4 && x.shape[3] !== filter.shape[2]) {
    throw new ShapeError(`depthwiseConv2d: x has ${x.shape[3]} channels ([${x.shape}]) but the filter expects ${filter.shape[2]} ([${filter.shape}])`);
  }
  const outC = filter.shape[2] * filter.shape[3];
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outC)) {
    throw new ShapeError(`depthwiseConv2d: bias must have shape [${outC}] (channels × multiplier), received [${bias.shape}]`);
  }
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`depthwiseConv2d: unknown activation ${describe(activation)}; expected one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
}

/**
 * Depthwise 2-D convolution, NHWC: each input channel c convolved with its own M filters, output
 * channel c·M + m; optional fused bias and activation.
 *
 * Padding follows TF ('same': the smaller half before). Strides and dilations cannot both exceed 1.
 * The forward pass is the backend's depthwise conv; the backward pass is Stratum's own (it trains on
 * wasm, whose tfjs backend has no depthwise backprop kernels), and supports dilations. dX is computed
 * only when x leads from the tensors being differentiated, dW and db only when the weights do.
 *
 * @param x Input, [batch, height, width, C].
 * @param filter Weights, [kH, kW, C, M] (M: channel multiplier).
 * @param options Strides, padding, dilations, bias [C·M], activation.
 * @returns [batch, outH, outW, C·M].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function depthwiseConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, options: Conv2DOptions = {}): tf.Tensor4D {
  const bias = options.bias ?? null;
  const activation = options.activation ?? 'linear';
  const padding = options.padding ?? 'valid';
  validate(x, filter, bias, activation);
  const strides = pair(options.strides, 1, 'strides', 'depthwiseConv2d');
  const dilations = pair(options.dilations, 1, 'dilations', 'depthwiseConv2d');
  const geo = geometry('depthwiseConv2d', x.shape, [filter.shape[0], filter.shape[1]], strides, dilations, padding);
  const m = filter.shape[3];
  return tf.tidy(() => {
    const weights: GradSide = {
      inputs: bias === null ? [filter] : [filter, bias],
      keep: [x],
      backward: (g, [xk]) => {
        const dW = depthwiseFilterGrad(xk as tf.Tensor4D, g as tf.Tensor4D, geo, m);
        return bias === null ? [dW] : [dW, biasGrad(g)];
      },
    };
    const input: GradSide = {
      inputs: [x],
      keep: [filter],
      backward: (g, [fk]) => [depthwiseInputGrad(g as tf.Tensor4D, fk as tf.Tensor4D, geo)],
    };
    const fusedAct = fusable(activation) ? activation : 'linear';
    const forward = (): tf.Tensor4D => {
      // The kernel directly: tf.fused.depthwiseConv2d unfuses the activation under a tape (fused-kernels.ts).
      const z = fusedDepthwiseKernel(x, filter, {strides, pad: padding, dilations, bias, activation: fusedAct});
      return fusedAct === activation ? z : activate(z, activation) as tf.Tensor4D;
    };
    return splitGradients(forward, [weights, input], activation === 'linear' ? null : (dy, y) => activationGrad(dy, y, activation)) as tf.Tensor4D;
  });
}
