import {ops} from '@stratum/core';
import type {ConfigDict, Tensor2D} from '@stratum/core';
import {AffineAugmentation} from './affine-augmentation.js';
import type {AffineAugmentationArgs} from './affine-augmentation.js';
import {symmetricRange} from './image-utils.js';
import type {Factor} from './image-utils.js';

/**
 * One number must lie in [0, 1] (keras/src/layers/preprocessing/image_preprocessing/random_shear.py);
 * a pair may reach down to -1, because Keras's `get_config` writes the parsed range ([-f, f]) and a saved
 * file must load again.
 */
function shearRange(what: string, factor: Factor): [number, number] {
  return Array.isArray(factor) ? symmetricRange('RandomShear', what, factor, -1, 1) : symmetricRange('RandomShear', what, factor, 0, 1);
}

export interface RandomShearArgs extends AffineAugmentationArgs {
  /** Horizontal shear: `f` in [0, 1] gives a shear drawn from [-f, f]; a pair [lo, hi] (in [-1, 1]) is the range itself. Default 0. */
  xFactor?: Factor;
  /** Vertical shear, likewise. Default 0. */
  yFactor?: Factor;
}

/**
 * Shears each image by random amounts in training, with a random sign per image; the identity in
 * inference (keras/src/layers/preprocessing/image_preprocessing/random_shear.py). The input point of
 * output (x, y) is (x + sx·y, sy·x + y).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same.
 */
export class RandomShear extends AffineAugmentation {
  static override readonly className = 'RandomShear';
  readonly xFactor: [number, number];
  readonly yFactor: [number, number];

  constructor(args: RandomShearArgs = {}) {
    super(args);
    this.xFactor = shearRange('xFactor', args.xFactor ?? 0);
    this.yFactor = shearRange('yFactor', args.yFactor ?? 0);
  }

  protected transforms(batch: number): Tensor2D {
    const sign = ops.sub(1, ops.mul(2, ops.cast(ops.greater(this.draws.uniform([batch, 1]), 0.5), 'float32')));
    const sy = ops.mul(this.draws.uniform([batch, 1], ...this.yFactor), sign);
    const sx = ops.mul(this.draws.uniform([batch, 1], ...this.xFactor), sign);
    const [one, zero] = [ops.onesLike(sx), ops.zerosLike(sx)];
    return ops.concat([one, sx, zero, sy, one, zero, zero, zero], 1) as Tensor2D;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), xFactor: this.xFactor, yFactor: this.yFactor};
  }
}
