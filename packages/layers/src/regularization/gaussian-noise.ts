import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {NoiseSeed} from './noise-seed.js';

/** Arguments of {@link GaussianNoise}. */
export interface GaussianNoiseArgs extends LayerArgs {
  /** Standard deviation of the noise (>= 0). */
  stddev: number;
  /** Makes the noise reproducible: a seeded layer draws the same sequence on every run. */
  seed?: number | null;
}

/**
 * Adds zero-mean Gaussian noise of standard deviation `stddev` in training; identity at inference
 * (keras/src/layers/regularization/gaussian_noise.py). Keras 3 refuses `stddev` above 1; Keras 2 and
 * Stratum accept any non-negative value, so Keras 2 files with larger noise load.
 *
 * Input shape: any. Output shape: same as input.
 */
export class GaussianNoise extends Layer {
  static override readonly className = 'GaussianNoise';
  readonly stddev: number;
  private readonly noiseSeed: NoiseSeed;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    if (typeof args.stddev !== 'number' || !(args.stddev >= 0) || !Number.isFinite(args.stddev)) {
      throw new ValueError(`GaussianNoise: stddev must be a finite number >= 0, received ${describe(args.stddev)}`);
    }
    this.stddev = args.stddev;
    this.noiseSeed = new NoiseSeed('GaussianNoise', args.seed);
    this.supportsMasking = true;
  }

  get seed(): number | null {
    return this.noiseSeed.seed;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.stddev === 0) return x;
    return ops.add(x, ops.randomNormal(x.shape, 0, this.stddev, 'float32', this.noiseSeed.next()));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), stddev: this.stddev, seed: this.seed};
  }
}
