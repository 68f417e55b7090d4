import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Initializer, computeFans} from './initializer.js';
import {SeedStream} from './random.js';

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

export interface VarianceScalingArgs {
  /** Default 1. */
  scale?: number;
  /** Default 'fan_in'. */
  mode?: FanMode;
  /** Default 'truncated_normal'. */
  distribution?: Distribution;
  seed?: number | null;
}

const MODES: FanMode[] = ['fan_in', 'fan_out', 'fan_avg'];
const DISTRIBUTIONS: Distribution[] = ['truncated_normal', 'untruncated_normal', 'uniform'];
/** Standard deviation of a unit normal truncated to [-2, 2]. */
const TRUNCATED_STDDEV = 0.87962566103423978;

/**
 * Samples with variance `scale / n`, n = fan_in, fan_out or their mean. The family behind Glorot (Xavier),
 * He (Kaiming) and LeCun initializers.
 */
export class VarianceScaling extends Initializer {
  static override readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  protected readonly seeds: SeedStream;

  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fan_in';
    this.distribution = args.distribution ?? 'truncated_normal';
    if (!(this.scale > 0)) throw new ValueError(`VarianceScaling: scale must be a positive number, received ${describe(args.scale)}`);
    if (!MODES.includes(this.mode)) throw new ValueError(`VarianceScaling: mode must be one of ${MODES.join(', ')}, received ${describe(args.mode)}`);
    if (!DISTRIBUTIONS.includes(this.distribution)) {
      throw new ValueError(`VarianceScaling: distribution must be one of ${DISTRIBUTIONS.join(', ')}, received ${describe(args.distribution)}`);
    }
    this.seeds = new SeedStream(args.seed ?? null);
  }

  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    const {fanIn, fanOut} = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const seed = this.seeds.next();
    const s = [...shape];
    const dt = dtype as 'float32';
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return tf.randomUniform(s, -limit, limit, dt, seed);
    }
    if (this.distribution === 'truncated_normal') {
      return tf.truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, dt, seed);
    }
    return tf.randomNormal(s, 0, Math.sqrt(variance), dt, seed);
  }

  override getConfig(): ConfigDict {
    return {scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seeds.seed};
  }
}

/** Arguments of the named variance-scaling presets: only the seed. */
export interface SeedArgs {
  seed?: number | null;
}

/** A variance-scaling initializer with fixed scale, mode and distribution: its config is only the seed. */
export abstract class VarianceScalingPreset extends VarianceScaling {
  constructor(args: SeedArgs, scale: number, mode: FanMode, distribution: Distribution) {
    super({scale, mode, distribution, seed: args.seed ?? null});
  }
  override getConfig(): ConfigDict {
    return {seed: this.seeds.seed};
  }
}

/** Glorot (Xavier) uniform: U(±√(6/(fanIn+fanOut))). */
export class GlorotUniform extends VarianceScalingPreset {
  static override readonly className = 'GlorotUniform';
  constructor(args: SeedArgs = {}) {
    super(args, 1, 'fan_avg', 'uniform');
  }
}
/** Glorot (Xavier) normal: truncated normal, stddev √(2/(fanIn+fanOut)). */
export class GlorotNormal extends VarianceScalingPreset {
  static override readonly className = 'GlorotNormal';
  constructor(args: SeedArgs = {}) {
    super(args, 1, 'fan_avg', 'truncated_normal');
  }
}
/** He (Kaiming) uniform: U(±√(6/fanIn)). */
export class HeUniform extends VarianceScalingPreset {
  static override readonly className = 'HeUniform';
  constructor(args: SeedArgs = {}) {
    super(args, 2, 'fan_in', 'uniform');
  }
}
/** He (Kaiming) normal: truncated normal, stddev √(2/fanIn). */
export class HeNormal extends VarianceScalingPreset {
  static override readonly className = 'HeNormal';
  constructor(args: SeedArgs = {}) {
    super(args, 2, 'fan_in', 'truncated_normal');
  }
}
/** LeCun uniform: U(±√(3/fanIn)). */
export class LecunUniform extends VarianceScalingPreset {
  static override readonly className = 'LecunUniform';
  constructor(args: SeedArgs = {}) {
    super(args, 1, 'fan_in', 'uniform');
  }
}
/** LeCun normal: truncated normal, stddev √(1/fanIn). */
export class LecunNormal extends VarianceScalingPreset {
  static override readonly className = 'LecunNormal';
  constructor(args: SeedArgs = {}) {
    super(args, 1, 'fan_in', 'truncated_normal');
  }
}
