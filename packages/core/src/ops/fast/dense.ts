/**
 * Dense (fully connected) transform with Stratum's own backward pass: the activation's derivative
 * from the output, dX = g·Wᵀ, dW = Xᵀ·g, db = Σg, each product written the way the backend runs it
 * fastest (see {@link product}).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {FUSED_ACTIVATIONS, activate, activationGrad, fusable} from './activation.js';
import {fusedMatMulKernel} from './fused-kernels.js';
import {biasGrad, product} from './matmul.js';
import {splitGradients, type GradSide} from './split-grad.js';
import type {FusedActivation} from './types.js';

function flatten2d(x: tf.Tensor): tf.Tensor2D {
  return (x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1] as number])) as tf.Tensor2D;
}

/**
 * `activation(x2·W + b)` for 2-D x2, with the backend's fused kernel when it supports the activation,
 * called directly so that it stays fused under a gradient tape (fused-kernels.ts).
 */
function denseForward(x2: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | null, activation: FusedActivation): tf.Tensor2D {
  if (fusable(activation)) {
    return fusedMatMulKernel(x2, kernel, bias, activation);
  }
  const z = bias === null ? tf.matMul(x2, kernel) : tf.add(tf.matMul(x2, kernel), bias);
  return activate(z, activation) as tf.Tensor2D;
}

function validate(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D | null, activation: FusedActivation): void {
  if (x.rank < 2) throw new ShapeError(`dense: x must have rank >= 2, received shape [${x.shape}]`);
  if (kernel.rank !== 2) throw new ShapeError(`dense: kernel must be rank 2, received shape [${kernel.shape}]`);
  if (x.shape[x.rank - 1] !== kernel.shape[0]) {
    throw new ShapeError(`dense: the last axis of x ([${x.shape}]) must equal the kernel's first axis ([${kernel.shape}])`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== kernel.shape[1])) {
    throw new ShapeError(`dense: bias must have shape [${kernel.shape[1]}], received [${bias.shape}]`);
  }
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`dense: unknown activation ${describe(activation)}; expected one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
}

/**
 * Dense (fully connected) transform: `activation(x · kernel + bias)`. `x` has rank ≥ 2; its last axis
 * is contracted with `kernel`'s first; leading axes are kept.
 *
 * The forward pass uses the backend's fused matMul; the backward pass is Stratum's own (explicit
 * transposes and plain matMuls on wasm) and computes dX only when x leads from the tensors being
 * differentiated (not for a model's data input), dW and db only when the weights do.
 *
 * @param x Input, [..., inUnits].
 * @param kernel Weights, [inUnits, units].
 * @param bias Optional bias, [units].
 * @param activation Applied to the result; default 'linear'.
 * @returns [..., units].
 * @throws ShapeError when the shapes do not fit together; ValueError for an unknown activation.
 */
export function dense(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D | null = null, activation: FusedActivation = 'linear'): tf.Tensor {
  validate(x, kernel, bias, activation);
  const units = kernel.shape[1];
  const outShape = [...x.shape.slice(0, -1), units];
  return tf.tidy(() => {
    const params: GradSide = {
      inputs: bias === null ? [kernel] : [kernel, bias],
      keep: [x],
      backward: (g, [xk]) => {
        const g2 = tf.reshape(g, [-1, units]) as tf.Tensor2D;
        const dW = product(flatten2d(xk as tf.Tensor), g2, true, false);
        return bias === null ? [dW] : [dW, biasGrad(g2)];
      },
    };
    const input: GradSide = {
      inputs: [x],
      keep: [kernel],
      backward: (g, [wk]) => [tf.reshape(product(tf.reshape(g, [-1, units]) as tf.Tensor2D, wk as tf.Tensor2D, false, true), x.shape)],
    };
    return splitGradients(
      () => tf.reshape(denseForward(flatten2d(x), kernel, bias, activation), outShape),
      [params, input],
      activation === 'linear' ? null : (dy, y) => activationGrad(dy, y, activation),
    );
  });
}
