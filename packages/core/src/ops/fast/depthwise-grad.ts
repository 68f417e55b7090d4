/**
 * The gradients of a depthwise 2-D convolution (NHWC, filter [kH, kW, C, M], output channel c·M + m)
 * from the pre-activation gradient g [N, outH, outW, C·M], built from forward depthwise convolutions
 * and plain arithmetic: tfjs 4.22's wasm backend has no DepthwiseConv2dNativeBackpropFilter/Input.
 *
 * dX: the adjoint as a forward depthwise conv (adjointByConv) of g with the filter rotated 180°, one
 * channel per (c, m), then a sum over m. On cpu with strides > 1 (and on generic backends) tfjs's own
 * DepthwiseConv2dNativeBackpropInput is faster, where it applies (no dilation).
 * dW: one depthwise conv whose "image" is x with the batch folded into the channels ([1, H, W, N·C])
 * and whose "filter" is g the same way ([outH, outW, N·C, M]); the forward stride becomes the dilation
 * and the forward dilation the stride; the [1, kH, kW, N·C·M] result summed over N is dW.
 *
 * Measured (tfjs 4.22, 2026-12-02, each formulation alone then dataSync, 3×3 'same', M = 1, ms median):
 * | x | strides | backend | dW folded | dW im2col taps·g | stock dW | dX ours | stock dX |
 * | 32×28×28×96 | 1 | wasm | 65 | 238 | missing | 44 | missing |
 * | 32×28×28×96 | 2 | wasm | 28 | 29 | missing | 49 | missing |
 * | 64×14×14×32 | 1 | wasm | 10 | 18 | missing | 1.3 | missing |
 * | 32×28×28×96 | 1 | cpu | 747 | 4811 | 4555 | 117 | 143 |
 * | 32×28×28×96 | 2 | cpu | 416 | 1503 | 1013 | 260 | 98 |
 * | 64×14×14×32 | 1 | cpu | 108 | 764 | 613 | 16 | 28 |
 */
import * as tf from '@tensorflow/tfjs-core';
import {perBackend} from './backend-choice.js';
import {adjointByConv} from './conv2d-grad.js';
import type {Geometry} from './conv-geometry.js';

/** dX, [N, H, W, C], by a forward depthwise conv. */
export function depthwiseInputGradByConv(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const [kH, kW, c, m] = filter.shape;
  const rotated = tf.reshape(tf.reverse(filter, [0, 1]), [kH, kW, c * m, 1]) as tf.Tensor4D;
  const spread = adjointByConv(g, geo, (d, pad) => tf.depthwiseConv2d(d, rotated, 1, pad, 'NHWC', [geo.dH, geo.dW]));
  if (m === 1) return spread;
  return tf.sum(tf.reshape(spread, [geo.batch, geo.inH, geo.inW, c, m]), 4);
}

/** x padded (or cropped) to exactly the rows and columns the taps read, so a 'valid' window op over it has geo's output size. */
export function windowImage(x: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {batch, inH, inW, inC, kH, kW, sH, sW, dH, dW, outH, outW, padTop, padLeft} = geo;
  const [needH, needW] = [(kH - 1) * dH + (outH - 1) * sH + 1, (kW - 1) * dW + (outW - 1) * sW + 1];
  const [padBottom, padRight] = [needH - inH - padTop, needW - inW - padLeft];
  let image = x;
  if (padTop > 0 || padLeft > 0 || padBottom > 0 || padRight > 0) {
    image = tf.pad(image, [[0, 0], [padTop, Math.max(padBottom, 0)], [padLeft, Math.max(padRight, 0)], [0, 0]]);
  }
  if (padBottom < 0 || padRight < 0) image = tf.slice(image, [0, 0, 0, 0], [batch, needH, needW, inC]);
  return image;
}

/** dW by one depthwise conv with the batch folded into the channels. */
export function depthwiseFilterGradBySwappedConv(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, m: number): tf.Tensor4D {
  const {batch, inC, kH, kW, sH, sW, dH, dW, outH, outW} = geo;
  const image = windowImage(x, geo);
  const folded = tf.reshape(tf.transpose(image, [1, 2, 0, 3]), [1, image.shape[1], image.shape[2], batch * inC]) as tf.Tensor4D;
  const gf = tf.reshape(tf.transpose(g, [1, 2, 0, 3]), [outH, outW, batch * inC, m]) as tf.Tensor4D;
  const out = tf.depthwiseConv2d(folded, gf, [dH, dW], 'valid', 'NHWC', [sH, sW]);
  return tf.sum(tf.reshape(out, [kH, kW, batch, inC, m]), 2) as tf.Tensor4D;
}

/** dX by tfjs's own kernel (no dilation). */
function inputGradNative(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const attrs = {strides: [geo.sH, geo.sW], pad: geo.padding, dilations: [1, 1], inputShape: [geo.batch, geo.inH, geo.inW, geo.inC]};
  return tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, {dy: g, filter}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** dX, [N, H, W, C]: the backend's fastest formulation. */
export function depthwiseInputGrad(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const dilated = geo.dH > 1 || geo.dW > 1;
  const strided = geo.sH > 1 || geo.sW > 1;
  const native = perBackend({wasm: false, cpu: strided && !dilated, generic: !dilated});
  return native ? inputGradNative(g, filter, geo) : depthwiseInputGradByConv(g, filter, geo);
}

/** dW, [kH, kW, C, M]: the folded conv on every backend (faster than tfjs's own kernel on cpu too). */
export function depthwiseFilterGrad(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, m: number): tf.Tensor4D {
  return perBackend({
    wasm: depthwiseFilterGradBySwappedConv,
    cpu: depthwiseFilterGradBySwappedConv,
    generic: depthwiseFilterGradBySwappedConv,
  })(x, g, geo, m);
}
