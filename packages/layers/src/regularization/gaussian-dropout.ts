import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {NoiseSeed, checkRate} from './noise-seed.js';

/** Arguments of {@link GaussianDropout}. */
export interface GaussianDropoutArgs extends LayerArgs {
  /** Drop probability as for Dropout, in [0, 1): the noise has standard deviation sqrt(rate / (1 − rate)). */
  rate: number;
  /** Makes the noise reproducible: a seeded layer draws the same sequence on every run. */
  seed?: number | null;
}

/**
 * Multiplies the input by Gaussian noise of mean 1 and standard deviation `sqrt(rate / (1 − rate))` in
 * training; identity at inference (keras/src/layers/regularization/gaussian_dropout.py). Keras also
 * accepts rate 1, whose noise has infinite deviation (outputs inf/NaN); here it is refused.
 *
 * Input shape: any. Output shape: same as input.
 */
export class GaussianDropout extends Layer {
  static override readonly className = 'GaussianDropout';
  readonly rate: number;
  private readonly noiseSeed: NoiseSeed;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    this.rate = checkRate('GaussianDropout', args.rate, true, ' (at 1 the noise deviation is infinite)');
    this.noiseSeed = new NoiseSeed('GaussianDropout', args.seed);
    this.supportsMasking = true;
  }

  get seed(): number | null {
    return this.noiseSeed.seed;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return ops.mul(x, ops.randomNormal(x.shape, 1, stddev, 'float32', this.noiseSeed.next()));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), rate: this.rate, seed: this.seed};
  }
}
