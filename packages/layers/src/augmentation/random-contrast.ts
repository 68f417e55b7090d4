import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {factorRange, spatialAxes} from './image-utils.js';
import type {Factor} from './image-utils.js';
import {RandomImageLayer} from './random-image-layer.js';
import type {RandomImageLayerArgs} from './random-image-layer.js';

export interface RandomContrastArgs extends RandomImageLayerArgs {
  /**
   * Contrast range: the per-image factor is drawn from [1 - lower, 1 + upper]. One number f in [0, 1]
   * gives [lower, upper] = [0, f] (as Keras 3 parses it), a pair [a, b] gives [a, b] sorted.
   */
  factor: Factor;
  /** The images' value range; outputs are clipped into it. Default [0, 255]. */
  valueRange?: [number, number];
}

/** Checks a [low, high] value range. */
export function checkValueRange(owner: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ValueError(`${owner}: valueRange must be a list of two numbers, received ${describe(v)}`);
  }
  return [...(v as number[])].sort((a, b) => a - b) as [number, number];
}

/**
 * Scales each image's deviation from its per-channel mean by a random factor in training, then clips
 * to the value range; the identity in inference
 * (keras/src/layers/preprocessing/image_preprocessing/random_contrast.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]`. Output shape: the same.
 */
export class RandomContrast extends RandomImageLayer {
  static override readonly className = 'RandomContrast';
  readonly factor: [number, number];
  readonly valueRange: [number, number];

  constructor(args: RandomContrastArgs) {
    super(args);
    this.factor = factorRange('RandomContrast', 'factor', args.factor, [0, 1]);
    this.valueRange = checkValueRange('RandomContrast', args.valueRange ?? [0, 255]);
  }

  protected augment(x: Tensor): Tensor {
    const shape = x.rank === 4 ? [x.shape[0] as number, 1, 1, 1] : [1, 1, 1];
    const f = this.draws.uniform(shape, 1 - this.factor[0], 1 + this.factor[1]);
    const mean = ops.mean(x, spatialAxes(x.rank, this.dataFormat), true);
    const y = ops.add(ops.mul(ops.sub(x, mean), f), mean);
    return ops.clipByValue(y, this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), factor: this.factor, valueRange: this.valueRange};
  }
}
