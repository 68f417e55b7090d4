/**
 * The two gradients of a 2-D convolution (NHWC, filter [kH, kW, inC, outC]) from the pre-activation
 * gradient g = dL/dz, [N, outH, outW, outC], in the formulations that are fast on each backend.
 *
 * dX: the convolution of g (zero-dilated by the stride, padded) with the filter rotated 180° and its
 * channel axes swapped: one forward conv, which is XNNPACK on wasm (12x faster there than
 * Conv2DBackpropInput for 32->64 channels). The cpu backend's own Conv2DBackpropInput is its fastest
 * conv loop, so cpu keeps it when there is no dilation (tfjs's has none).
 *
 * dW: on wasm one XNNPACK convolution with batch and channel axes swapped (filterGradBySwappedConv).
 * On cpu im2col: a nearest-neighbour `cropAndResize` (every box inside the padded image) gathers each
 * filter tap's input window for every image, then one flagged matMul with g; tfjs's cpu
 * Conv2DBackpropFilter takes ~66 s for a 64×14×14×32 -> 64 batch, this ~1 s.
 */
import * as tf from '@tensorflow/tfjs-core';
import {fastPath, perBackend} from './backend-choice.js';
import {biasGrad, product} from './matmul.js';
import type {Geometry} from './conv-geometry.js';

/** Explicit NHWC padding. */
export type Pads4 = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The adjoint of a windowed op with geometry `geo` as a forward op: g is zero-dilated by the stride and
 * padded so that `conv(padded, pads)` (a stride-1 convolution with the window's dilation and the given
 * explicit padding) lands each g[o] on the inputs its window read. Serves conv2d's dX (conv with the
 * rotated filter) and average pooling's dx (depthwise conv with ones).
 */
export function adjointByConv(g: tf.Tensor4D, geo: Geometry, conv: (d: tf.Tensor4D, pad: Pads4) => tf.Tensor4D): tf.Tensor4D {
  const {batch, inH, inW, kH, kW, sH, sW, dH, dW, outH, outW, padTop, padLeft} = geo;
  const channels = g.shape[3];
  let d: tf.Tensor4D = g;
  if (sH > 1 || sW > 1) {
    const g6 = tf.reshape(g, [batch, outH, 1, outW, 1, channels]);
    const padded = tf.pad(g6, [[0, 0], [0, 0], [0, sH - 1], [0, 0], [0, sW - 1], [0, 0]]);
    d = tf.reshape(padded, [batch, outH * sH, outW * sW, channels]);
  }
  // d holds outH·sH rows; input row y reads d[y - before + i·dH].
  let [afterH, afterW] = [inH + padTop - outH * sH, inW + padLeft - outW * sW];
  if (afterH < 0 || afterW < 0) {
    // Trailing rows/columns of d that no input position reads (they are dilation zeros).
    d = tf.slice(d, [0, 0, 0, 0], [batch, outH * sH + Math.min(afterH, 0), outW * sW + Math.min(afterW, 0), channels]);
    [afterH, afterW] = [Math.max(afterH, 0), Math.max(afterW, 0)];
  }
  return conv(d, [[0, 0], [(kH - 1) * dH - padTop, afterH], [(kW - 1) * dW - padLeft, afterW], [0, 0]]);
}

/** dX by one forward convolution with the filter rotated 180° and its channel axes swapped. */
export function inputGradByConv(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return adjointByConv(g, geo, (d, pad) => tf.conv2d(d, rotated, 1, pad, 'NHWC', [geo.dH, geo.dW]));
}

/** dX: the backend's fastest formulation. */
export function inputGrad(g: tf.Tensor4D, filter: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const path = fastPath();
  if (path !== 'wasm' && geo.dH === 1 && geo.dW === 1) {
    return tf.conv2dTranspose(g, filter, [geo.batch, geo.inH, geo.inW, geo.inC], [geo.sH, geo.sW], geo.padding);
  }
  return inputGradByConv(g, filter, geo);
}

/** A padded copy of x in which every tap's window lies inside, and the geometry the boxes walk it with. */
function tapImage(x: tf.Tensor4D, geo: Geometry): {image: tf.Tensor4D; sW: number; dW: number} {
  const {batch, inH, inW, inC, kH, kW, sH, dH, outH, outW, padTop, padLeft} = geo;
  const padBottom = Math.max(0, (kH - 1) * dH + (outH - 1) * sH + 1 - inH - padTop);
  const padRight = Math.max(0, (kW - 1) * geo.dW + (outW - 1) * geo.sW + 1 - inW - padLeft);
  const [imageH, imageW] = [inH + padTop + padBottom, inW + padLeft + padRight];
  // wasm's CropAndResize returns wrong columns when a box's width scale is exactly 1 (column stride 1;
  // found by randomised comparison with cpu, tfjs 4.22), so there the columns are spread out by 2, in
  // the same pad. (The wasm formulation does not use taps; this keeps the cpu one correct on wasm.)
  if (tf.getBackend() === 'wasm' && geo.sW === 1 && outW > 1) {
    const wide = tf.pad(tf.reshape(x, [batch, inH, inW, 1, inC]), [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 1], [0, 0]]);
    return {image: tf.reshape(wide, [batch, imageH, imageW * 2, inC]), sW: 2, dW: geo.dW * 2};
  }
  const image = padTop + padBottom + padLeft + padRight === 0
    ? x : tf.pad(x, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]]);
  return {image, sW: geo.sW, dW: geo.dW};
}

/**
 * Every filter tap's input window for every image, [kH·kW·N, outH, outW, inC], tap-major
 * (t = i·kW + j): one nearest-neighbour cropAndResize with every box inside the padded image.
 */
export function taps(x: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {batch, kH, kW, sH, dH, outH, outW} = geo;
  const {image, sW, dW} = tapImage(x, geo);
  const scaleH = Math.max(image.shape[1] - 1, 1);
  const scaleW = Math.max(image.shape[2] - 1, 1);
  const count = kH * kW * batch;
  const boxes = new Float32Array(count * 4);
  const boxInd = new Int32Array(count);
  for (let t = 0, b = 0; t < kH * kW; t++) {
    const y1 = Math.floor(t / kW) * dH, x1 = (t % kW) * dW;
    const box = [y1 / scaleH, x1 / scaleW, (y1 + (outH - 1) * sH) / scaleH, (x1 + (outW - 1) * sW) / scaleW];
    for (let n = 0; n < batch; n++, b++) {
      boxes.set(box, b * 4);
      boxInd[b] = n;
    }
  }
  return tf.image.cropAndResize(image, tf.tensor2d(boxes, [count, 4]), tf.tensor1d(boxInd, 'int32'), [outH, outW], 'nearest');
}

/**
 * dW by im2col: the taps [kH·kW, M, inC] times g [M, outC] with a flagged batched matMul (the cpu
 * backend's flags cost nothing).
 */
export function filterGradByTaps(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, outC: number): tf.Tensor4D {
  const {kH, kW, inC} = geo;
  const m = geo.batch * geo.outH * geo.outW;
  const t = tf.reshape(taps(x, geo), [kH * kW, m, inC]);
  return tf.reshape(tf.matMul(t, tf.reshape(g, [1, m, outC]), true, false), [kH, kW, inC, outC]);
}

/**
 * dW as one forward convolution with batch and channel axes swapped: the input x as [inC, H, W, N]
 * (padded or cropped to exactly the rows and columns the taps read), the "filter" g as
 * [outH, outW, N, outC], the forward stride as the dilation and the forward dilation as the stride;
 * the output is dW as [inC, kH, kW, outC]. On wasm this is an XNNPACK convolution, 10-35% faster there
 * than im2col (cropAndResize, transpose, matMul) once every operand is a fresh tensor, as in training.
 */
export function filterGradBySwappedConv(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  const {batch, inH, inW, inC, kH, kW, sH, sW, dH, dW, outH, outW, padTop, padLeft} = geo;
  const [needH, needW] = [(kH - 1) * dH + (outH - 1) * sH + 1, (kW - 1) * dW + (outW - 1) * sW + 1];
  const [padBottom, padRight] = [needH - inH - padTop, needW - inW - padLeft];
  let image: tf.Tensor4D = x;
  if (padTop > 0 || padLeft > 0 || padBottom > 0 || padRight > 0) {
    image = tf.pad(image, [[0, 0], [padTop, Math.max(padBottom, 0)], [padLeft, Math.max(padRight, 0)], [0, 0]]);
  }
  if (padBottom < 0 || padRight < 0) image = tf.slice(image, [0, 0, 0, 0], [batch, needH, needW, inC]);
  const swapped = tf.conv2d(tf.transpose(image, [3, 1, 2, 0]), tf.transpose(g, [1, 2, 0, 3]), [dH, dW], 'valid', 'NHWC', [sH, sW]);
  return tf.transpose(swapped, [1, 2, 0, 3]);
}

/**
 * dW of a 1×1 convolution (no padding; any stride): x at the positions the filter reads, as [M, inC],
 * transposed times g as [M, outC], one matMul (explicit transpose on wasm); on cpu it skips im2col's
 * cropAndResize. On wasm (tfjs 4.22, x 32×32×32×C, 2026-12-02) it wins when x has fewer channels than
 * g: 16 -> 96 channels ~30 ms against 72-89 ms for the swapped convolution; for 96 -> 16 the
 * explicit transpose of the wide x alone takes ~80 ms and the swapped convolution ~16 ms
 * (usePointwiseFilterGrad).
 */
export function pointwiseFilterGrad(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, outC: number): tf.Tensor4D {
  const {batch, inC, sH, sW, outH, outW} = geo;
  const read = sH === 1 && sW === 1 && x.shape[1] === outH && x.shape[2] === outW
    ? x : tf.stridedSlice(x, [0, 0, 0, 0], [batch, (outH - 1) * sH + 1, (outW - 1) * sW + 1, inC], [1, sH, sW, 1]) as tf.Tensor4D;
  const m = batch * outH * outW;
  const dW = product(tf.reshape(read, [m, inC]) as tf.Tensor2D, tf.reshape(g, [m, outC]) as tf.Tensor2D, true, false);
  return tf.reshape(dW, [1, 1, inC, outC]);
}

/** Whether dW is {@link pointwiseFilterGrad}'s matMul: 1×1 filters without padding, on wasm when x is not wider than g. */
function usePointwiseFilterGrad(geo: Geometry, outC: number): boolean {
  if (geo.kH !== 1 || geo.kW !== 1 || geo.padTop !== 0 || geo.padLeft !== 0) return false;
  return perBackend({wasm: geo.inC <= outC, cpu: true, generic: true});
}

/** [dW] or [dW, db]: the backend's fastest formulation. */
export function filterGrad(x: tf.Tensor4D, g: tf.Tensor4D, geo: Geometry, filterShape: [number, number, number, number], withBias: boolean): tf.Tensor[] {
  const path = fastPath();
  let dW: tf.Tensor4D;
  if (usePointwiseFilterGrad(geo, filterShape[3])) {
    dW = pointwiseFilterGrad(x, g, geo, filterShape[3]);
  } else if (path === 'wasm') {
    dW = filterGradBySwappedConv(x, g, geo);
  } else if (path === 'generic' && geo.dH === 1 && geo.dW === 1) {
    const attrs = {strides: [geo.sH, geo.sW], pad: geo.padding, dataFormat: 'NHWC', filterShape};
    dW = tf.engine().runKernel(tf.Conv2DBackpropFilter, {x, dy: g}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  } else {
    dW = filterGradByTaps(x, g, geo, filterShape[3]);
  }
  return withBias ? [dW, biasGrad(g)] : [dW];
}
