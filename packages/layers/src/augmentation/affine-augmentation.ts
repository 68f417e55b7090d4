import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor, Tensor2D} from '@stratum/core';
import {asChannelsLastBatch} from './image-utils.js';
import {RandomImageLayer} from './random-image-layer.js';
import type {RandomImageLayerArgs} from './random-image-layer.js';

/** How points outside the image are filled (TensorFlow's and Keras's names). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';

export interface AffineAugmentationArgs extends RandomImageLayerArgs {
  /** How points outside the image are filled: 'reflect' (default), 'wrap', 'constant' or 'nearest'. */
  fillMode?: FillMode;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** The value of points outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
}

const FILL_MODES: readonly string[] = ['reflect', 'wrap', 'constant', 'nearest'];

/**
 * The base of the geometric augmentation layers (rotation, translation, zoom, shear): a random
 * projective transform per image, sampled as TensorFlow's ImageProjectiveTransformV3 does
 * (`ops.affineTransform`).
 */
export abstract class AffineAugmentation extends RandomImageLayer {
  readonly fillMode: FillMode;
  readonly interpolation: 'bilinear' | 'nearest';
  readonly fillValue: number;

  constructor(args: AffineAugmentationArgs) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    const fillMode = args.fillMode ?? 'reflect';
    if (!FILL_MODES.includes(fillMode)) throw new ValueError(`${owner}: fillMode must be one of ${FILL_MODES.join(', ')}, received ${describe(fillMode)}`);
    const interpolation = args.interpolation ?? 'bilinear';
    if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
      throw new ValueError(`${owner}: interpolation must be 'bilinear' or 'nearest', received ${describe(interpolation)}`);
    }
    const fillValue = args.fillValue ?? 0;
    if (typeof fillValue !== 'number' || !Number.isFinite(fillValue)) throw new ValueError(`${owner}: fillValue must be a finite number, received ${describe(fillValue)}`);
    this.fillMode = fillMode;
    this.interpolation = interpolation;
    this.fillValue = fillValue;
  }

  /** One transform row [a0, a1, a2, b0, b1, b2, c0, c1] per image, mapping output to input points. */
  protected abstract transforms(batch: number, height: number, width: number): Tensor2D;

  protected augment(x: Tensor): Tensor {
    const {images, restore} = asChannelsLastBatch(x, this.dataFormat);
    const [b, h, w] = images.shape;
    const t = this.transforms(b, h, w);
    return restore(ops.affineTransform(images, t, {interpolation: this.interpolation, fillMode: this.fillMode, fillValue: this.fillValue}));
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue};
  }
}

/**
 * Keras's affine matrix about the image centre ((w - 1) / 2, (h - 1) / 2) for per-image angles (radians)
 * [b, 1] with no translation, unit scale and no shear (base_image_preprocessing_layer.py
 * `_compute_affine_matrix`).
 */
export function rotationMatrix(angle: Tensor, height: number, width: number): Tensor2D {
  const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
  const [c, s] = [ops.cos(angle), ops.sin(angle)];
  const a2 = ops.sub(ops.sub(cx, ops.mul(cx, c)), ops.mul(cy, ops.neg(s)));
  const b2 = ops.sub(ops.sub(cy, ops.mul(cx, s)), ops.mul(cy, c));
  return ops.concat([c, ops.neg(s), a2, s, c, b2, ops.zerosLike(c), ops.zerosLike(c)], 1) as Tensor2D;
}
