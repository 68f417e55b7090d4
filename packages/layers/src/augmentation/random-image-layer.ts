import {ValueError, describe} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {Draws, checkSeed} from './image-utils.js';

export interface RandomImageLayerArgs extends LayerArgs {
  /** Seed of the random draws (the n-th training call uses seed + n); null: unseeded. */
  seed?: number | null;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * The base of the augmentation layers: active only in training (the identity in inference), on a
 * single image (rank 3) or a batch (rank 4), seeded.
 */
export abstract class RandomImageLayer extends Layer {
  readonly seed: number | null;
  readonly dataFormat: DataFormat;
  protected readonly draws: Draws;

  constructor(args: RandomImageLayerArgs) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    this.seed = checkSeed(owner, args.seed);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.draws = new Draws(this.seed);
    this.inputSpec = new InputSpec({minNdim: 3, maxNdim: 4});
  }

  /** The training-mode output. */
  protected abstract augment(x: Tensor): Tensor;

  call(inputs: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training) return inputs;
    if (inputs.dtype !== 'float32') throw new ValueError(`${this.name}: images must be float32, received dtype ${describe(inputs.dtype)}`);
    return this.augment(inputs);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), seed: this.seed, dataFormat: this.dataFormat};
  }
}
