import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {spatialAxes} from './image-utils.js';
import {RandomImageLayer} from './random-image-layer.js';
import type {RandomImageLayerArgs} from './random-image-layer.js';

/** Which axes RandomFlip flips. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export interface RandomFlipArgs extends RandomImageLayerArgs {
  /** Default 'horizontal_and_vertical'. */
  mode?: FlipMode;
}

const MODES: readonly string[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];

/**
 * Flips each image with probability 1/2 in training; the identity in inference
 * (keras/src/layers/preprocessing/image_preprocessing/random_flip.py). As in Keras, one draw per image
 * decides both flips of 'horizontal_and_vertical', so an image is left as it is or turned by 180°.
 *
 * Input shape: `[batch, height, width, channels]` or one image `[height, width, channels]`
 * (channels first with `dataFormat: 'channels_first'`). Output shape: the same.
 */
export class RandomFlip extends RandomImageLayer {
  static override readonly className = 'RandomFlip';
  readonly mode: FlipMode;

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    const mode = args.mode ?? 'horizontal_and_vertical';
    if (!MODES.includes(mode)) throw new ValueError(`RandomFlip: mode must be one of ${MODES.join(', ')}, received ${describe(mode)}`);
    this.mode = mode;
  }

  protected augment(x: Tensor): Tensor {
    const [hAxis, wAxis] = spatialAxes(x.rank, this.dataFormat);
    const flips = ops.lessEqual(this.draws.uniform(x.rank === 4 ? [x.shape[0] as number, 1, 1, 1] : [1, 1, 1]), 0.5);
    let y = x;
    if (this.mode !== 'vertical') y = ops.where(ops.broadcastTo(flips, y.shape), ops.reverse(y, wAxis), y);
    if (this.mode !== 'horizontal') y = ops.where(ops.broadcastTo(flips, y.shape), ops.reverse(y, hAxis), y);
    return y;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), mode: this.mode};
  }
}
