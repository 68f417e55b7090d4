/**
 * Projective (affine) image transforms, as `tf.raw_ops.ImageProjectiveTransformV3` computes them: the
 * op behind Keras 3's augmentation layers (keras/src/backend/tensorflow/image.py `affine_transform`).
 *
 * tfjs 4.22 has a `Transform` kernel on every backend, but:
 * - cpu: the kernel returns after the first image of the batch (the others are left at the fill value),
 *   so the batch is transformed one image at a time;
 * - wasm: `reflect` maps negative input coordinates wrongly (to the far edge), so for that mode each
 *   image's transform is first shifted by whole reflection periods (2 x width, 2 x height), computed
 *   from the transform's values at the output corners, so that every input coordinate is >= 0. The
 *   reflection is periodic with that period, so the sampled points are the same.
 * - generic: the kernel on the whole batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {perBackend} from './backend-choice.js';

/** How points outside the input are filled (TensorFlow's and Keras's names). */
export type FillMode = 'constant' | 'reflect' | 'wrap' | 'nearest';

export interface AffineTransformOptions {
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Default 'constant'. */
  fillMode?: FillMode;
  /** The value of points outside the input with `fillMode: 'constant'` (default 0). */
  fillValue?: number;
}

const FILL_MODES: readonly FillMode[] = ['constant', 'reflect', 'wrap', 'nearest'];

/**
 * Transforms a batch of images [batch, height, width, channels]. Row `[a0, a1, a2, b0, b1, b2, c0, c1]`
 * of `transforms` ([batch, 8], or [1, 8] for all images) maps each output point (x, y) to the input
 * point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k) with k = c0 x + c1 y + 1, which is then
 * sampled. The output has the input's shape.
 *
 * Not differentiable (tfjs has no gradient for the kernel): it is meant for data augmentation, in front
 * of the trainable layers.
 *
 * @throws ShapeError for images that are not rank 4 or transforms that are not [batch | 1, 8];
 *   ValueError for an unknown interpolation or fill mode.
 */
export function affineTransform(images: tf.Tensor, transforms: tf.Tensor, options: AffineTransformOptions = {}): tf.Tensor4D {
  const interpolation = options.interpolation ?? 'bilinear';
  const fillMode = options.fillMode ?? 'constant';
  const fillValue = options.fillValue ?? 0;
  if (images.rank !== 4) throw new ShapeError(`affineTransform: images must be [batch, height, width, channels], received shape [${images.shape}]`);
  const batch = images.shape[0] as number;
  if (transforms.rank !== 2 || transforms.shape[1] !== 8 || (transforms.shape[0] !== batch && transforms.shape[0] !== 1)) {
    throw new ShapeError(`affineTransform: transforms must be [${batch}, 8] or [1, 8], received shape [${transforms.shape}]`);
  }
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new ValueError(`affineTransform: interpolation must be 'bilinear' or 'nearest', received ${describe(interpolation)}`);
  }
  if (!FILL_MODES.includes(fillMode)) throw new ValueError(`affineTransform: fillMode must be one of ${FILL_MODES.join(', ')}, received ${describe(fillMode)}`);
  const x = images as tf.Tensor4D;
  const t = transforms as tf.Tensor2D;
  const whole = (): tf.Tensor4D => tf.image.transform(x, t, interpolation, fillMode, fillValue);
  const oneByOne = (): tf.Tensor4D => tf.tidy(() => {
    if (batch <= 1) return whole();
    const rows = t.shape[0] === 1 ? Array.from({length: batch}, () => t) : tf.split(t, batch, 0);
    const outs = tf.split(x, batch, 0).map((img, i) => tf.image.transform(img as tf.Tensor4D, rows[i] as tf.Tensor2D, interpolation, fillMode, fillValue));
    return tf.concat(outs, 0);
  });
  const shifted = (): tf.Tensor4D => tf.tidy(() => {
    const [, h, w] = x.shape;
    return tf.image.transform(x, shiftToPositive(t, h, w), interpolation, fillMode, fillValue);
  });
  return perBackend<() => tf.Tensor4D>({wasm: fillMode === 'reflect' ? shifted : whole, cpu: oneByOne, generic: whole})();
}

/**
 * The transforms with whole periods (2 w, 2 h) added to the input coordinates they produce, enough
 * that none is negative at the output's corners (where an affine or projective map with a positive
 * denominator has its extremes); transforms [n, 8] for images [*, h, w, *].
 */
export function shiftToPositive(t: tf.Tensor2D, h: number, w: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [a0, a1, a2, b0, b1, b2, c0, c1] = tf.split(t, 8, 1) as tf.Tensor2D[];
    const xs = tf.tensor2d([[0, w - 1, 0, w - 1]]);
    const ys = tf.tensor2d([[0, 0, h - 1, h - 1]]);
    const k = tf.add(tf.add(tf.mul(c0 as tf.Tensor, xs), tf.mul(c1 as tf.Tensor, ys)), 1);
    const at = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor): tf.Tensor => tf.div(tf.add(tf.add(tf.mul(p, xs), tf.mul(q, ys)), r), k);
    const periods = (coord: tf.Tensor, len: number): tf.Tensor =>
      tf.mul(tf.ceil(tf.div(tf.relu(tf.neg(tf.min(coord, 1, true))), 2 * len)), 2 * len);
    const px = periods(at(a0 as tf.Tensor, a1 as tf.Tensor, a2 as tf.Tensor), w);
    const py = periods(at(b0 as tf.Tensor, b1 as tf.Tensor, b2 as tf.Tensor), h);
    return tf.concat([
      tf.add(a0 as tf.Tensor, tf.mul(px, c0 as tf.Tensor)), tf.add(a1 as tf.Tensor, tf.mul(px, c1 as tf.Tensor)), tf.add(a2 as tf.Tensor, px),
      tf.add(b0 as tf.Tensor, tf.mul(py, c0 as tf.Tensor)), tf.add(b1 as tf.Tensor, tf.mul(py, c1 as tf.Tensor)), tf.add(b2 as tf.Tensor, py),
      c0 as tf.Tensor, c1 as tf.Tensor,
    ], 1) as tf.Tensor2D;
  });
}
