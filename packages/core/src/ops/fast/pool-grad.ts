/**
 * Pooling gradients from the output gradient g ([N, outH, outW, C]) in the formulations that are
 * correct and fast on each backend.
 *
 * tfjs 4.22 kernels avoided here, with the reasons found while testing:
 * - wasm MaxPoolGrad and MaxPoolWithArgmax treat a window whose values are all negative as if it had
 *   no maximum (they start the running max at 0), so the stock maxPool gradient on wasm is wrong for
 *   such windows; MaxPoolGrad also routes ties to the last maximum.
 * - AvgPoolGrad (cpu and wasm) divides by the full window size at 'same' borders although the forward
 *   pass divides by the number of real inputs, so its gradient there is wrong.
 * - MaxPoolGrad and AvgPoolGrad take ~50 and ~30 ms on wasm, ~1 s and ~0.6 s on cpu, for a
 *   64×28×28×32 batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import {adjointByConv, type Pads4} from './conv2d-grad.js';
import type {Geometry} from './conv-geometry.js';

/** Windows tile the input exactly once (stride = window) and so never overlap. */
export function nonOverlapping(geo: Geometry): boolean {
  return geo.sH === geo.kH && geo.sW === geo.kW;
}

const hasPadding = (geo: Geometry): boolean => geo.padTop + geo.padBottom + geo.padLeft + geo.padRight > 0;

/** For non-overlapping windows: x cropped ('valid') or padded with `fill` ('same') to exactly [outH·kH, outW·kW]. */
function alignToWindows(x: tf.Tensor4D, geo: Geometry, fill: number): tf.Tensor4D {
  const {batch, inH, inW, inC, kH, kW, outH, outW} = geo;
  if (geo.padding === 'same') {
    const pads: Pads4 = [[0, 0], [geo.padTop, geo.padBottom], [geo.padLeft, geo.padRight], [0, 0]];
    return hasPadding(geo) ? tf.pad(x, pads, fill) : x;
  }
  return outH * kH === inH && outW * kW === inW ? x : tf.slice(x, [0, 0, 0, 0], [batch, outH * kH, outW * kW, inC]);
}

/** The inverse of {@link alignToWindows} for a gradient: zeros for uncovered inputs, padding dropped. */
function unalign(dxa: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {batch, inH, inW, inC, kH, kW, outH, outW} = geo;
  if (geo.padding === 'same') {
    return hasPadding(geo) ? tf.slice(dxa, [0, geo.padTop, geo.padLeft, 0], [batch, inH, inW, inC]) : dxa;
  }
  return outH * kH === inH && outW * kW === inW ? dxa : tf.pad(dxa, [[0, 0], [0, inH - outH * kH], [0, inW - outW * kW], [0, 0]]);
}

/**
 * Max-pool gradient for non-overlapping windows with broadcasting arithmetic (XNNPACK on wasm): mark
 * the maxima, score them by window position (first = highest), max-pool the scores to find the
 * winner per window, and route g there. Exactly TF's rule, ties included.
 */
export function maxGradByPriority(x: tf.Tensor4D, y: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {batch, inC, kH, kW, outH, outW} = geo;
  const k = kH * kW;
  const x6 = tf.reshape(alignToWindows(x, geo, -Infinity), [batch, outH, kH, outW, kW, inC]);
  const windowShape = [batch, outH, 1, outW, 1, inC];
  const notMax = tf.step(tf.sub(tf.reshape(y, windowShape), x6));
  const priority = new Float32Array(k).map((_, t) => k - t);
  const score = tf.sub(tf.tensor(priority, [1, 1, kH, 1, kW, 1]), tf.mul(notMax, k + 1));
  const alignedShape: [number, number, number, number] = [batch, outH * kH, outW * kW, inC];
  const best = tf.maxPool(tf.reshape(score, alignedShape) as tf.Tensor4D, [kH, kW], [kH, kW], 'valid');
  const notChosen = tf.step(tf.sub(tf.reshape(best, windowShape), score));
  const g6 = tf.reshape(g, windowShape);
  return unalign(tf.reshape(tf.sub(g6, tf.mul(notChosen, g6)), alignedShape), geo);
}

/** Max-pool gradient by argmax (the first maximum, TF's rule, on cpu) and a scatter that sums overlaps. */
export function maxGradByScatter(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {indexes} = tf.maxPoolWithArgmax(x, [geo.kH, geo.kW], [geo.sH, geo.sW], geo.padding, true);
  const r = g.size;
  return tf.reshape(tf.scatterND(tf.reshape(indexes, [r, 1]), tf.reshape(g, [r]), [x.size]), x.shape);
}

/**
 * Max-pool gradient by the backend's MaxPoolGrad kernel. With `shiftPositive` (for wasm's kernel) x
 * and y are first shifted by the same amount so every value is ≥ 1; values closer together than
 * float32 resolution at that magnitude then count as ties.
 */
export function maxGradNative(x: tf.Tensor4D, y: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, shiftPositive: boolean): tf.Tensor4D {
  let [input, output] = [x, y];
  if (shiftPositive) {
    const shift = tf.sub(1, tf.min(x));
    [input, output] = [tf.add(x, shift), tf.add(y, shift)];
  }
  const attrs = {filterSize: [geo.kH, geo.kW], strides: [geo.sH, geo.sW], pad: geo.padding};
  return tf.engine().runKernel(tf.MaxPoolGrad, {dy: g, input, output}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** How many real (unpadded) inputs window o covers along one axis. */
function covered(o: number, k: number, s: number, padBefore: number, size: number): number {
  return Math.min(size, o * s + k - padBefore) - Math.max(0, o * s - padBefore);
}

/**
 * g divided by each window's count of real inputs. The per-window factor broadcasts over batch and
 * channels, which is slow on cpu, so there (`broadcastIsSlow`) it is materialised at g's full shape.
 */
function perWindowMean(g: tf.Tensor4D, geo: Geometry, broadcastIsSlow: boolean): tf.Tensor4D {
  const {batch, inC, kH, kW, sH, sW, outH, outW} = geo;
  if (!hasPadding(geo)) return tf.mul(g, 1 / (kH * kW));
  const per = new Float32Array(outH * outW);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      per[oy * outW + ox] = 1 / (covered(oy, kH, sH, geo.padTop, geo.inH) * covered(ox, kW, sW, geo.padLeft, geo.inW));
    }
  }
  if (!broadcastIsSlow) return tf.mul(g, tf.tensor4d(per, [1, outH, outW, 1]));
  const full = new Float32Array(batch * outH * outW * inC);
  for (let i = 0; i < full.length; i++) full[i] = per[Math.floor(i / inC) % (outH * outW)] as number;
  return tf.mul(g, tf.tensor4d(full, [batch, outH, outW, inC]));
}

/**
 * Avg-pool gradient for non-overlapping windows: each window's mean gradient repeated over the
 * window, by a broadcasting multiply, or on cpu (`broadcastIsSlow`) by a nearest-neighbour resize,
 * exact for integer factors with half-pixel centres.
 */
export function avgGradByUpsampling(g: tf.Tensor4D, geo: Geometry, broadcastIsSlow: boolean): tf.Tensor4D {
  const {batch, inC, kH, kW, outH, outW} = geo;
  const mean = perWindowMean(g, geo, broadcastIsSlow);
  const alignedShape: [number, number, number, number] = [batch, outH * kH, outW * kW, inC];
  const up = broadcastIsSlow
    ? tf.image.resizeNearestNeighbor(mean, [outH * kH, outW * kW], false, true)
    : tf.reshape(tf.mul(tf.reshape(mean, [batch, outH, 1, outW, 1, inC]), tf.ones([1, 1, kH, 1, kW, 1])), alignedShape);
  return unalign(up as tf.Tensor4D, geo);
}

/** Avg-pool gradient for any windows: each window's mean gradient spread back by a depthwise conv with ones. */
export function avgGradByConv(g: tf.Tensor4D, geo: Geometry, broadcastIsSlow: boolean): tf.Tensor4D {
  const ones = tf.ones([geo.kH, geo.kW, geo.inC, 1]) as tf.Tensor4D;
  return adjointByConv(perWindowMean(g, geo, broadcastIsSlow), geo, (d, pad) => tf.depthwiseConv2d(d, ones, 1, pad));
}
