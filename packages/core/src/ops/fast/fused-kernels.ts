/**
 * The backends' fused kernels (product or convolution, + bias, + activation in one pass), called
 * directly. `tf.fused.matMul` / `conv2d` / `depthwiseConv2d` run a non-linear activation unfused
 * (product, then Add, then the activation: three kernels and two extra full-size tensors) whenever a
 * gradient tape records, because only their own gradient needs the pre-activation; Stratum's hot ops
 * own their gradients (from the activation's output, activation.ts), so under a tape they keep the
 * single fused kernel, as in prediction.
 *
 * Only for forward passes whose gradient Stratum owns: called while a tape records outside such a
 * custom-gradient node, tfjs would record a kernel that has no gradient. Every backend Stratum selects
 * (cpu, wasm, webgl, webgpu, tensorflow) registers these three kernels and fuses the activations of
 * {@link FusedActivation} except tanh (activation.ts `fusable`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {FusedActivation} from './types.js';

type Fusable = Exclude<FusedActivation, 'tanh'>;
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

const attrMap = (attrs: object): tf.NamedAttrMap => attrs as unknown as tf.NamedAttrMap;

function inputMap(tensors: Record<string, tf.Tensor | null>): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(tensors)) if (t !== null) out[name] = t;
  return out;
}

/** `activation(a · b + bias)` for 2-D a [m, k] and b [k, n], bias [n], in one `_FusedMatMul` kernel. */
export function fusedMatMulKernel(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D | null, activation: Fusable): tf.Tensor2D {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const inputs = inputMap({a: tf.reshape(a, [1, m, k]), b: tf.reshape(b, [1, k, n]), bias});
  const y = tf.engine().runKernel(tf._FusedMatMul, inputs, attrMap({transposeA: false, transposeB: false, activation, leakyreluAlpha: 0.2}));
  return tf.reshape(y as tf.Tensor, [m, n]);
}

/** Options of the fused NHWC convolutions. */
export interface FusedConvArgs {
  strides: [number, number] | number;
  pad: Pad;
  dilations: [number, number] | number;
  bias: tf.Tensor1D | null;
  activation: Fusable;
}

function convAttrs(c: FusedConvArgs): tf.NamedAttrMap {
  return attrMap({strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations, dimRoundingMode: undefined, activation: c.activation, leakyreluAlpha: 0.2});
}

/** `activation(conv2d(x, filter) + bias)`, NHWC, in one `FusedConv2D` kernel. */
export function fusedConv2dKernel(x: tf.Tensor4D, filter: tf.Tensor4D, c: FusedConvArgs): tf.Tensor4D {
  return tf.engine().runKernel(tf.FusedConv2D, inputMap({x, filter, bias: c.bias}), convAttrs(c)) as tf.Tensor4D;
}

/** `activation(depthwiseConv2d(x, filter) + bias)`, NHWC, in one `FusedDepthwiseConv2D` kernel. */
export function fusedDepthwiseKernel(x: tf.Tensor4D, filter: tf.Tensor4D, c: FusedConvArgs): tf.Tensor4D {
  return tf.engine().runKernel(tf.FusedDepthwiseConv2D, inputMap({x, filter, bias: c.bias}), convAttrs(c)) as tf.Tensor4D;
}
