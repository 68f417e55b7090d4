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

/** Returns `value ?? dflt` after checking that it is a finite number. */
export function finiteArg(owner: string, name: string, value: number | undefined, dflt: number): number {
  const v = value ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${owner}: ${name} must be a finite number, received ${describe(value)}`);
  return v;
}

/** Returns `value ?? dflt` after checking that it is a finite number >= 0. */
function stddevArg(owner: string, value: number | undefined): number {
  const v = value ?? 0.05;
  if (!(typeof v === 'number' && v >= 0 && Number.isFinite(v))) throw new ValueError(`${owner}: stddev must be >= 0, received ${describe(value)}`);
  return v;
}

export interface RandomNormalArgs {
  mean?: number;
  /** Default 0.05 (Keras 3). */
  stddev?: number;
  seed?: number | null;
}

/** Normal distribution N(mean, stddev²). */
export class RandomNormal extends Initializer {
  static override readonly className: string = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  private readonly seeds: SeedStream;
  constructor(args: RandomNormalArgs = {}) {
    super();
    this.mean = finiteArg('RandomNormal', 'mean', args.mean, 0);
    this.stddev = stddevArg('RandomNormal', args.stddev);
    this.seeds = new SeedStream(args.seed ?? null);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomNormal([...shape], this.mean, this.stddev, dtype as 'float32', this.seeds.next());
  }
  override getConfig(): ConfigDict {
    return {mean: this.mean, stddev: this.stddev, seed: this.seeds.seed};
  }
}

export interface TruncatedNormalArgs {
  mean?: number;
  /** Standard deviation of the normal before truncation. Default 0.05 (Keras 3). */
  stddev?: number;
  seed?: number | null;
}

/**
 * Normal distribution N(mean, stddev²) truncated at two standard deviations: draws farther than
 * `2·stddev` from the mean are discarded and drawn again (so the sample std is ≈ 0.88·stddev).
 */
export class TruncatedNormal extends Initializer {
  static override readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  private readonly seeds: SeedStream;
  constructor(args: TruncatedNormalArgs = {}) {
    super();
    this.mean = finiteArg('TruncatedNormal', 'mean', args.mean, 0);
    this.stddev = stddevArg('TruncatedNormal', args.stddev);
    this.seeds = new SeedStream(args.seed ?? null);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.truncatedNormal([...shape], this.mean, this.stddev, dtype as 'float32', this.seeds.next());
  }
  override getConfig(): ConfigDict {
    return {mean: this.mean, stddev: this.stddev, seed: this.seeds.seed};
  }
}

export interface RandomUniformArgs {
  /** Lower bound (inclusive). Default -0.05 (Keras 3). */
  minval?: number;
  /** Upper bound (exclusive). Default 0.05 (Keras 3). */
  maxval?: number;
  seed?: number | null;
}

/** Uniform distribution on [minval, maxval). */
export class RandomUniform extends Initializer {
  static override readonly className: string = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  private readonly seeds: SeedStream;
  constructor(args: RandomUniformArgs = {}) {
    super();
    this.minval = finiteArg('RandomUniform', 'minval', args.minval, -0.05);
    this.maxval = finiteArg('RandomUniform', 'maxval', args.maxval, 0.05);
    if (this.maxval < this.minval) {
      throw new ValueError(`RandomUniform: maxval must be >= minval (${this.minval}), received ${describe(this.maxval)}`);
    }
    this.seeds = new SeedStream(args.seed ?? null);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.randomUniform([...shape], this.minval, this.maxval, dtype as 'float32', this.seeds.next());
  }
  override getConfig(): ConfigDict {
    return {minval: this.minval, maxval: this.maxval, seed: this.seeds.seed};
  }
}

/**
 * `n` standard normal samples drawn in JavaScript (Box–Muller over a seeded mulberry32 stream, or
 * `Math.random` without a seed), for initializers that post-process their draw on the CPU: no tensor is
 * read back, and a seed gives the same values on every backend.
 */
export function gaussianSamples(n: number, seed: number | undefined): Float64Array {
  let state = (seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}
