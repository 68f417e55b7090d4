/**
 * The activations the hot ops fuse: applying them in the forward pass, and their derivative expressed
 * from the activation's *output* y (so backward passes need not keep the pre-activation).
 */
import * as tf from '@tensorflow/tfjs-core';
import {fastPath} from './backend-choice.js';
import type {FusedActivation} from './types.js';

/** Every activation name {@link FusedActivation} allows, for validation. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu'];

/**
 * Whether the backend's fused matMul / conv2d kernels apply `activation` themselves. tfjs fuses
 * linear, relu, relu6, sigmoid and elu on every backend; tanh never.
 */
export function fusable(activation: FusedActivation): activation is Exclude<FusedActivation, 'tanh'> {
  return activation !== 'tanh';
}

/** `activation(z)` with stock tfjs ops. */
export function activate(z: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation) {
    case 'linear': return z;
    case 'relu': return tf.relu(z);
    case 'relu6': return tf.relu6(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'elu': return tf.elu(z);
  }
}

/** 1 where y > 0, 0 where y == 0, for y >= 0: `sign` on cpu (3x faster there than `step`), `step` elsewhere (wasm's sign is slow). */
function positive(y: tf.Tensor): tf.Tensor {
  return fastPath() === 'cpu' ? tf.sign(y) : tf.step(y);
}

/**
 * The gradient with respect to the pre-activation, `dy * activation'(z)`, computed from the output
 * `y = activation(z)`:
 * relu: y > 0; relu6: 0 < y < 6 (TF's Relu6Grad; tfjs uses 0 < z <= 6, which differs only at z = 6
 * exactly); sigmoid: y(1 - y); tanh: 1 - y²; elu: 1 where y > 0, else y + 1.
 * Uses only same-shape and scalar arithmetic, which is fast on every backend. `y` of relu and relu6
 * is never negative.
 */
export function activationGrad(dy: tf.Tensor, y: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation) {
    case 'linear': return dy;
    case 'relu': return tf.mul(dy, positive(y));
    case 'relu6': return tf.mul(dy, tf.mul(positive(y), tf.step(tf.sub(6, y))));
    case 'sigmoid': return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'tanh': return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'elu': return tf.mul(dy, tf.sub(1, tf.relu(tf.neg(y))));
  }
}
