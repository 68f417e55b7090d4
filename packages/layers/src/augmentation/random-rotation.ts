import {ops} from '@stratum/core';
import type {ConfigDict, Tensor2D} from '@stratum/core';
import {AffineAugmentation, rotationMatrix} from './affine-augmentation.js';
import type {AffineAugmentationArgs} from './affine-augmentation.js';
import {factorRange} from './image-utils.js';
import type {Factor} from './image-utils.js';

export interface RandomRotationArgs extends AffineAugmentationArgs {
  /**
   * Rotation range as a fraction of a full turn: `f` gives angles in [-f·360°, f·360°], `[lo, hi]` gives
   * [lo·360°, hi·360°]; values in [-1, 1]. Positive angles turn counter-clockwise.
   */
  factor: Factor;
}

/**
 * Rotates each image by a random angle about its centre in training; the identity in inference
 * (keras/src/layers/preprocessing/image_preprocessing/random_rotation.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same.
 */
export class RandomRotation extends AffineAugmentation {
  static override readonly className = 'RandomRotation';
  readonly factor: [number, number];

  constructor(args: RandomRotationArgs) {
    super(args);
    this.factor = factorRange('RandomRotation', 'factor', args.factor, [-1, 1]);
  }

  protected transforms(batch: number, height: number, width: number): Tensor2D {
    const turns = this.draws.uniform([batch, 1], this.factor[0], this.factor[1]);
    return rotationMatrix(ops.mul(turns, 2 * Math.PI), height, width);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), factor: this.factor};
  }
}
