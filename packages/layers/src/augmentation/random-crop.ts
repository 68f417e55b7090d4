import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {centerCropBox, cropAndResize} from '../preprocessing/crop-utils.js';
import {spatialAxes} from './image-utils.js';
import {RandomImageLayer} from './random-image-layer.js';
import type {RandomImageLayerArgs} from './random-image-layer.js';

export interface RandomCropArgs extends RandomImageLayerArgs {
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
}

/**
 * Crops a random `height` x `width` window in training (one offset for the whole batch, as Keras draws
 * it); when the input is not larger than the target in both dimensions, the largest centred window with
 * the target's aspect ratio is cropped and resized (bilinear)
 * (keras/src/layers/preprocessing/image_preprocessing/random_crop.py).
 *
 * In inference the output keeps the declared shape: an input of the target size passes unchanged, any
 * other is centre-cropped to the aspect ratio and resized, as Keras 2 and Keras ≤ 3.3 did. (Keras 3's
 * current source returns the input unchanged, which contradicts its own `compute_output_shape`.)
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same with `height` and `width` replaced.
 */
export class RandomCrop extends RandomImageLayer {
  static override readonly className = 'RandomCrop';
  readonly height: number;
  readonly width: number;

  constructor(args: RandomCropArgs) {
    super(args);
    for (const [what, v] of [['height', args.height], ['width', args.width]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(`RandomCrop: ${what} must be a positive integer, received ${describe(v)}`);
    }
    this.height = args.height;
    this.width = args.width;
  }

  override call(inputs: Tensor, ctx: CallContext): Tensor {
    const [hAxis, wAxis] = spatialAxes(inputs.rank, this.dataFormat);
    const [h, w] = [inputs.shape[hAxis] as number, inputs.shape[wAxis] as number];
    if (ctx.training && h > this.height && w > this.width) return this.augment(inputs);
    if (h === this.height && w === this.width) return inputs;
    return cropAndResize(inputs, centerCropBox(h, w, this.height, this.width), [this.height, this.width], this.dataFormat);
  }

  protected augment(x: Tensor): Tensor {
    const [hAxis, wAxis] = spatialAxes(x.rank, this.dataFormat);
    const [h, w] = [x.shape[hAxis] as number, x.shape[wAxis] as number];
    const top = Math.floor(this.draws.number() * (h - this.height + 1));
    const left = Math.floor(this.draws.number() * (w - this.width + 1));
    const begin = x.shape.map(() => 0);
    const size = [...x.shape];
    [begin[hAxis], begin[wAxis], size[hAxis], size[wAxis]] = [top, left, this.height, this.width];
    return ops.slice(x, begin, size);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = [...(inputShape as Shape)];
    const [hAxis, wAxis] = spatialAxes(s.length, this.dataFormat);
    [s[hAxis], s[wAxis]] = [this.height, this.width];
    return s;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), height: this.height, width: this.width};
  }
}
