/**
 * 3-D max and average pooling (NDHWC) as two passes of Stratum's 2-D pooling: first over (height,
 * width) in every depth slice, then over depth. A box window is separable for both reductions: the
 * maximum of a box is the maximum over depth of the (height, width) maxima, and TF pads each axis on
 * its own, so a box's count of real inputs is the product of the per-axis counts and its mean is the
 * depth mean of the (height, width) means. The backward passes are then those of the 2-D ops, correct
 * and fast on every backend. tfjs 4.22's own 3-D kernels are avoided: on wasm MaxPool3D returns the
 * smallest positive float for a window of negative values (and MaxPool3DGrad routes its gradient
 * wrongly), and AvgPool3DGrad (cpu and wasm) divides by the whole window at 'same' borders while the
 * forward pass divides by the real inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {avgPool, maxPool} from './pooling.js';
import type {Padding, Pool3DOptions} from './types.js';

type Triple = [number, number, number];
type Pool2D = (x: tf.Tensor4D, options: {poolSize: [number, number]; strides: [number, number]; padding: Padding}) => tf.Tensor4D;

function triple(op: string, what: string, v: number | Triple | undefined, dflt: Triple): Triple {
  const t = v === undefined ? dflt : typeof v === 'number' ? [v, v, v] : v;
  if (!Array.isArray(t) || t.length !== 3 || !t.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ValueError(`${op}: ${what} must be a positive integer or a list of 3 of them, received ${describe(v)}`);
  }
  return t as Triple;
}

function outSize(inSize: number, k: number, s: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(inSize / s) : Math.ceil((inSize - k + 1) / s);
}

function pool3d(op: string, pool2d: Pool2D, x: tf.Tensor5D, options: Pool3DOptions): tf.Tensor5D {
  if (x.rank !== 5) throw new ShapeError(`${op}: x must be rank 5 (NDHWC), received shape [${x.shape}]`);
  const k = triple(op, 'poolSize', options.poolSize, [1, 1, 1]);
  const s = triple(op, 'strides', options.strides, k);
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(`${op}: padding must be 'valid' or 'same', received ${describe(padding)}`);
  const [batch, d, h, w, c] = x.shape;
  const [oD, oH, oW] = [outSize(d, k[0], s[0], padding), outSize(h, k[1], s[1], padding), outSize(w, k[2], s[2], padding)];
  if (oD <= 0 || oH <= 0 || oW <= 0) throw new ShapeError(`${op}: a [${k}] window does not fit in input [${x.shape}] with padding 'valid'`);
  return tf.tidy(() => {
    const planes = pool2d(tf.reshape(x, [batch * d, h, w, c]), {poolSize: [k[1], k[2]], strides: [s[1], s[2]], padding});
    const depth = pool2d(tf.reshape(planes, [batch, d, oH * oW, c]), {poolSize: [k[0], 1], strides: [s[0], 1], padding});
    return tf.reshape(depth, [batch, oD, oH, oW, c]);
  });
}

/**
 * 3-D max pooling, NDHWC: the maximum over each [poolD, poolH, poolW] window. The gradient goes to one
 * maximum per window and sums over overlapping windows; with non-overlapping windows (strides = pool
 * size) a tie goes to the first maximum in depth, row, column order, as in the 2-D op.
 *
 * @param x Input, [batch, depth, height, width, channels].
 * @param options poolSize, strides (default poolSize), padding ('valid' or 'same', TF rules).
 * @returns [batch, outD, outH, outW, channels].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function maxPool3d(x: tf.Tensor5D, options: Pool3DOptions): tf.Tensor5D {
  return pool3d('maxPool3d', maxPool, x, options);
}

/**
 * 3-D average pooling, NDHWC: the mean over each window; with 'same' padding the mean of the window's
 * real inputs (padding is not counted), as in TF, and a gradient consistent with that.
 *
 * @param x Input, [batch, depth, height, width, channels].
 * @param options poolSize, strides (default poolSize), padding ('valid' or 'same', TF rules).
 * @returns [batch, outD, outH, outW, channels].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function avgPool3d(x: tf.Tensor5D, options: Pool3DOptions): tf.Tensor5D {
  return pool3d('avgPool3d', avgPool, x, options);
}
