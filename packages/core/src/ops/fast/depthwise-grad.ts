/**
 * The gradients of a depthwise 2-D convolution (NHWC, filter [kH, kW, C, M], output channel c·M + m)
 * from the pre-activation gradient g [N, outH, outW, C·M], built from forward depthwise convolutions
 * and plain arithmetic: tfjs 4.22's wasm backend has no DepthwiseConv2dNativeBackpropFilter/Input.
 *
 * dX: the adjoint as a forward depthwise conv (adjointByConv) of g with the filter rotated 180°, one
 * channel per (c, m), then a sum over m.
 * dW, two formulations (measured in the commit that added them):
 * - swapped: one depthwise conv whose "image" is x with the batch folded into the channels
 *   ([1, H, W, N·C]) and whose "filter" is g the same way ([outH, outW, N·C, M]); the forward stride
 *   becomes the dilation and the forward dilation the stride; the [1, kH, kW, N·C·M] result summed
 *   over N is dW.
 * - taps: every tap's input window (cropAndResize, as conv2d's cpu dW) times g, summed over positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import {perBackend} from './backend-choice.js';
import {adjointByConv, taps} from './conv2d-grad.js';
import type {Geometry} from './conv-geometry.js';

/** dX, [N, H, W, C]. */
export function depthwiseInputGrad(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const [kH, kW, c, m] = filter.shape;
  const rotated = tf.reshape(tf.reverse(filter, [0, 1]), [kH, kW, c * m, 1]) as tf.Tensor4D;
  const spread = adjointByConv(g, geo, (d, pad) => tf.depthwiseConv2d(d, rotated, 1, pad, 'NHWC', [geo.dH, geo.dW]));
  if (m === 1) return spread;
  return tf.sum(tf.reshape(spread, [geo.batch, geo.inH, geo.inW, c, m]), 4);
}

/** x padded (or cropped) to exactly the rows and columns the taps read. */
function windowImage(x: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
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

/** dW by im2col taps, products and a sum over positions. */
export function depthwiseFilterGradByTaps(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, m: number): tf.Tensor4D {
  const {kH, kW, inC} = geo;
  const positions = geo.batch * geo.outH * geo.outW;
  const windows = tf.reshape(taps(x, geo), [kH * kW, positions, inC, 1]);
  const products = tf.mul(windows, tf.reshape(g, [1, positions, inC, m]));
  return tf.reshape(tf.sum(products, 1), [kH, kW, inC, m]);
}

/** dW, [kH, kW, C, M]: the backend's fastest formulation. */
export function depthwiseFilterGrad(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, m: number): tf.Tensor4D {
  return perBackend({
    wasm: depthwiseFilterGradBySwappedConv,
    cpu: depthwiseFilterGradBySwappedConv,
    generic: depthwiseFilterGradBySwappedConv,
  })(x, g, geo, m);
}
