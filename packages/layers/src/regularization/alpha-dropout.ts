import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {checkNoiseShape, resolveNoiseShape} from './dropout.js';
import {NoiseSeed, checkRate} from './noise-seed.js';

/** Arguments of {@link AlphaDropout}. */
export interface AlphaDropoutArgs extends LayerArgs {
  /** Fraction of units to drop, in [0, 1). */
  rate: number;
  /** Shape of the mask, as for Dropout (null entries follow the input). */
  noiseShape?: (number | null)[] | null;
  /** Makes the masks reproducible: a seeded layer draws the same sequence on every run. */
  seed?: number | null;
}

/** SELU's constants (Klambauer et al. 2017). */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/**
 * Alpha dropout (keras/src/layers/regularization/alpha_dropout.py), for self-normalizing (SELU) networks:
 * in training, a fraction `rate` of the inputs is set to SELU's negative saturation value
 * `α' = −scale·alpha`, and the result is transformed by `a·x + b` with `a = ((1 − rate)(1 + rate·α'²))^−½`,
 * `b = −a·α'·rate`, which keeps zero-mean unit-variance inputs at mean 0 and variance 1. Identity at
 * inference. Keras also accepts rate 1, which gives NaN (a is infinite); here it is refused.
 *
 * Input shape: any. Output shape: same as input.
 */
export class AlphaDropout extends Layer {
  static override readonly className = 'AlphaDropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  private readonly noiseSeed: NoiseSeed;

  constructor(args: AlphaDropoutArgs) {
    super(args);
    this.rate = checkRate('AlphaDropout', args.rate, true, ' (at 1 the rescaling is infinite)');
    this.noiseShape = checkNoiseShape('AlphaDropout', args.noiseShape);
    this.noiseSeed = new NoiseSeed('AlphaDropout', args.seed);
    this.supportsMasking = true;
  }

  get seed(): number | null {
    return this.noiseSeed.seed;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return x;
    const p = this.rate;
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const shape = resolveNoiseShape(`AlphaDropout "${this.name}"`, this.noiseShape, x.shape);
    const kept = ops.cast(ops.greaterEqual(ops.randomUniform(shape, 0, 1, 'float32', this.noiseSeed.next()), p), 'float32');
    const a = ((1 - p) * (1 + p * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * p;
    const dropped = ops.add(ops.mul(x, kept), ops.mul(ops.sub(1, kept), alphaP));
    return ops.add(ops.mul(dropped, a), b);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape};
  }
}
