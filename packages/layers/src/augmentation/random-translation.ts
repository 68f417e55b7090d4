import {ops} from '@stratum/core';
import type {ConfigDict, Tensor2D} from '@stratum/core';
import {AffineAugmentation} from './affine-augmentation.js';
import type {AffineAugmentationArgs} from './affine-augmentation.js';
import {symmetricRange} from './image-utils.js';
import type {Factor} from './image-utils.js';

export interface RandomTranslationArgs extends AffineAugmentationArgs {
  /** Vertical shift as a fraction of the height: `f` gives [-f, f], or a pair [lo, hi]; values in [-1, 1]. Positive moves the image down. */
  heightFactor: Factor;
  /** Horizontal shift as a fraction of the width, likewise. Positive moves the image right. */
  widthFactor: Factor;
}

/**
 * Shifts each image by a random offset in training; the identity in inference
 * (keras/src/layers/preprocessing/image_preprocessing/random_translation.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same.
 */
export class RandomTranslation extends AffineAugmentation {
  static override readonly className = 'RandomTranslation';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightRange = symmetricRange('RandomTranslation', 'heightFactor', args.heightFactor, -1, 1);
    this.widthRange = symmetricRange('RandomTranslation', 'widthFactor', args.widthFactor, -1, 1);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
  }

  protected transforms(batch: number, height: number, width: number): Tensor2D {
    const dy = ops.mul(this.draws.uniform([batch, 1], ...this.heightRange), height);
    const dx = ops.mul(this.draws.uniform([batch, 1], ...this.widthRange), width);
    const [one, zero] = [ops.onesLike(dx), ops.zerosLike(dx)];
    return ops.concat([one, zero, ops.neg(dx), zero, one, ops.neg(dy), zero, zero], 1) as Tensor2D;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor};
  }
}
