/**
 * 2-D max and average pooling (NHWC) whose backward passes Stratum owns: tfjs's are slow on wasm and
 * cpu and, in places, wrong (see pool-grad.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import {fastPath} from './backend-choice.js';
import {recordingGradients} from './split-grad.js';
import {geometry, pair, type Geometry} from './conv-geometry.js';
import {avgGradByConv, avgGradByUpsampling, maxGradByPriority, maxGradByScatter, maxGradNative, nonOverlapping} from './pool-grad.js';
import type {Pool2DOptions} from './types.js';

type SaveFn = (tensors: tf.Tensor[]) => void;

function poolGeometry(op: string, x: tf.Tensor4D, options: Pool2DOptions): Geometry {
  const size = pair(options.poolSize, 1, 'poolSize', op);
  const strides = pair(options.strides, 1, 'strides', op);
  return geometry(op, x.shape, size, options.strides === undefined ? size : strides, [1, 1], options.padding ?? 'valid');
}

function maxPoolGrad(x: tf.Tensor4D, y: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  switch (fastPath()) {
    case 'wasm': return nonOverlapping(geo) ? maxGradByPriority(x, y, g, geo) : maxGradNative(x, y, g, geo, true);
    case 'cpu': return maxGradByScatter(x, g, geo);
    case 'generic': return maxGradNative(x, y, g, geo, false);
  }
}

/**
 * 2-D max pooling, NHWC: the maximum over each [poolH, poolW] window.
 *
 * The gradient goes to one maximum per window (the first in row-major order within the window, as in
 * TF) and sums over overlapping windows. Documented differences: on wasm with overlapping windows
 * (stride < pool size) the native MaxPoolGrad (made correct for negative inputs) routes a tie to the
 * last maximum; on other backends than cpu and wasm the native MaxPoolGrad's rule applies.
 *
 * @param x Input, [batch, height, width, channels].
 * @param options poolSize, strides (default poolSize), padding ('valid' or 'same', TF rules).
 * @returns [batch, outH, outW, channels].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function maxPool(x: tf.Tensor4D, options: Pool2DOptions): tf.Tensor4D {
  const geo = poolGeometry('maxPool', x, options);
  if (!recordingGradients()) return tf.maxPool(x, [geo.kH, geo.kW], [geo.sH, geo.sW], geo.padding);
  const op = tf.customGrad((...args: Array<tf.Tensor | SaveFn>) => {
    const save = args[args.length - 1] as SaveFn;
    const y = tf.maxPool(x, [geo.kH, geo.kW], [geo.sH, geo.sW], geo.padding);
    save([x, y]);
    return {value: y, gradFunc: (g: tf.Tensor4D, [xs, ys]: tf.Tensor[]) => maxPoolGrad(xs as tf.Tensor4D, ys as tf.Tensor4D, g, geo)};
  });
  return tf.tidy(() => op(x) as tf.Tensor4D);
}

function avgPoolGrad(g: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const broadcastIsSlow = fastPath() === 'cpu';
  return nonOverlapping(geo) ? avgGradByUpsampling(g, geo, broadcastIsSlow) : avgGradByConv(g, geo, broadcastIsSlow);
}

/**
 * 2-D average pooling, NHWC: the mean over each [poolH, poolW] window; with 'same' padding the mean
 * of the window's real inputs (padding is not counted), as in TF. The gradient is consistent with
 * that (tfjs's own AvgPoolGrad is not: it divides by the full window at 'same' borders).
 *
 * @param x Input, [batch, height, width, channels].
 * @param options poolSize, strides (default poolSize), padding ('valid' or 'same', TF rules).
 * @returns [batch, outH, outW, channels].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function avgPool(x: tf.Tensor4D, options: Pool2DOptions): tf.Tensor4D {
  const geo = poolGeometry('avgPool', x, options);
  if (!recordingGradients()) return tf.avgPool(x, [geo.kH, geo.kW], [geo.sH, geo.sW], geo.padding);
  const op = tf.customGrad(() => {
    const y = tf.avgPool(x, [geo.kH, geo.kW], [geo.sH, geo.sW], geo.padding);
    return {value: y, gradFunc: (g: tf.Tensor4D) => avgPoolGrad(g, geo)};
  });
  return tf.tidy(() => op(x) as tf.Tensor4D);
}
