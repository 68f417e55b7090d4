import {ops} from '@stratum/core';
import type {ConfigDict, Tensor2D} from '@stratum/core';
import {AffineAugmentation} from './affine-augmentation.js';
import type {AffineAugmentationArgs} from './affine-augmentation.js';
import {symmetricRange} from './image-utils.js';
import type {Factor} from './image-utils.js';

export interface RandomZoomArgs extends AffineAugmentationArgs {
  /**
   * Vertical zoom: the sampled extent is (1 + z)·height with z drawn from [-f, f] (or [lo, hi]); values in
   * (-1, 1]. Negative z zooms in, positive zooms out.
   */
  heightFactor: Factor;
  /** Horizontal zoom, likewise; null (default) keeps the aspect ratio (the height's draw is reused). */
  widthFactor?: Factor | null;
}

/**
 * Zooms each image in or out about its centre by a random factor in training; the identity in
 * inference (keras/src/layers/preprocessing/image_preprocessing/random_zoom.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same.
 */
export class RandomZoom extends AffineAugmentation {
  static override readonly className = 'RandomZoom';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;

  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightRange = symmetricRange('RandomZoom', 'heightFactor', args.heightFactor, -1, 1, true);
    this.widthFactor = args.widthFactor ?? null;
    this.widthRange = this.widthFactor === null ? null : symmetricRange('RandomZoom', 'widthFactor', this.widthFactor, -1, 1, true);
    this.heightFactor = args.heightFactor;
  }

  protected transforms(batch: number, height: number, width: number): Tensor2D {
    const [hl, hu] = this.heightRange;
    const zh = this.draws.uniform([batch, 1], 1 + hl, 1 + hu);
    const zw = this.widthRange === null ? zh : this.draws.uniform([batch, 1], 1 + this.widthRange[0], 1 + this.widthRange[1]);
    const zero = ops.zerosLike(zh);
    const offset = (z: ReturnType<typeof ops.zerosLike>, len: number): ReturnType<typeof ops.zerosLike> => ops.mul(ops.sub(1, z), (len - 1) / 2);
    return ops.concat([zw, zero, offset(zw, width), zero, zh, offset(zh, height), zero, zero], 1) as Tensor2D;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor};
  }
}
