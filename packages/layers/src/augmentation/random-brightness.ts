import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {factorRange} from './image-utils.js';
import type {Factor} from './image-utils.js';
import {checkValueRange} from './random-contrast.js';
import {RandomImageLayer} from './random-image-layer.js';
import type {RandomImageLayerArgs} from './random-image-layer.js';

export interface RandomBrightnessArgs extends RandomImageLayerArgs {
  /**
   * Brightness shift as a fraction of the value range: `f` gives a shift drawn from [-f, f] × (high - low),
   * a pair [a, b] from [a, b] × (high - low); values in [-1, 1].
   */
  factor: Factor;
  /** The images' value range; outputs are clipped into it. Default [0, 255]. */
  valueRange?: [number, number];
}

/**
 * Adds a random per-image offset in training, then clips to the value range; the identity in
 * inference (keras/src/layers/preprocessing/image_preprocessing/random_brightness.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]`. Output shape: the same.
 */
export class RandomBrightness extends RandomImageLayer {
  static override readonly className = 'RandomBrightness';
  readonly factor: [number, number];
  readonly valueRange: [number, number];

  constructor(args: RandomBrightnessArgs) {
    super(args);
    this.factor = factorRange('RandomBrightness', 'factor', args.factor, [-1, 1]);
    this.valueRange = checkValueRange('RandomBrightness', args.valueRange ?? [0, 255]);
  }

  protected augment(x: Tensor): Tensor {
    const shape = x.rank === 4 ? [x.shape[0] as number, 1, 1, 1] : [1, 1, 1];
    const [lo, hi] = this.valueRange;
    const delta = ops.mul(this.draws.uniform(shape, this.factor[0], this.factor[1]), hi - lo);
    return ops.clipByValue(ops.add(x, delta), lo, hi);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), factor: this.factor, valueRange: this.valueRange};
  }
}
