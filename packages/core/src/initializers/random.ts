import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Initializer} from './initializer.js';

/**
 * An initializer's seed. As in Keras 3, a seeded initializer gives the same values on every call (and
 * on every backend); an unseeded one gives fresh values each call.
 */
export class SeedStream {
  constructor(readonly seed: number | null) {
    if (seed !== null && !Number.isInteger(seed)) throw new ValueError(`seed must be an integer or null, received ${describe(seed)}`);
  }
  next(): number | undefined {
    return this.seed ?? undefined;
  }
}

export interface RandomNormalArgs {
  mean?: number;
  /** Default 0.05 (Keras 3). */
  stddev?: number;
  seed?: number | null;
}

/** Normal distribution N(mean, stddev²). */
export class RandomNormal extends Initializer {
  static override readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  private readonly seeds: SeedStream;
  constructor(args: RandomNormalArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    if (!(this.stddev >= 0)) throw new ValueError(`RandomNormal: stddev must be >= 0, received ${describe(args.stddev)}`);
    this.seeds = new SeedStream(args.seed ?? null);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomNormal([...shape], this.mean, this.stddev, dtype as 'float32', this.seeds.next());
  }
  override getConfig(): ConfigDict {
    return {mean: this.mean, stddev: this.stddev, seed: this.seeds.seed};
  }
}
