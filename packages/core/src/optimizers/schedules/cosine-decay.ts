import type {ConfigDict} from '../../serialization/config.js';
import {requireClosedUnitInterval, requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface CosineDecayArgs {
  /** The learning rate at step 0 (the warmup's start when warming up), >= 0. */
  initialLearningRate: number;
  /** Steps of the cosine decay, > 0. */
  decaySteps: number;
  /** The final rate as a fraction of the decay's start, in [0, 1]. Default 0. */
  alpha?: number;
  /** With warmup: the rate reached after `warmupSteps`, from which the cosine decays. Default none. */
  warmupTarget?: number | null;
  /** Steps of linear warmup (used with `warmupTarget`), >= 0. Default 0. */
  warmupSteps?: number;
  name?: string;
}

/**
 * Cosine decay with optional linear warmup (Keras `CosineDecay`, SGDR without restarts). Without warmup:
 * `η(t) = η₀·((1 − α)·½(1 + cos(π·min(t, T)/T)) + α)`. With `warmupTarget` η* and `warmupSteps` W: the
 * rate rises linearly from η₀ at t = 0 to η* at t = W, then decays as above from η* over T steps.
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  readonly name: string;
  constructor(args: CosineDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative('CosineDecay', 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = requirePositive('CosineDecay', 'decaySteps', args.decaySteps);
    this.alpha = requireClosedUnitInterval('CosineDecay', 'alpha', args.alpha ?? 0);
    const target = args.warmupTarget;
    this.warmupTarget = target === null || target === undefined ? null : requireNonNegative('CosineDecay', 'warmupTarget', target);
    this.warmupSteps = requireNonNegative('CosineDecay', 'warmupSteps', args.warmupSteps ?? 0);
    this.name = args.name ?? 'CosineDecay';
  }
  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / this.decaySteps));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }
  call(step: number): number {
    if (this.warmupTarget === null) return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const t = Math.min(step, this.decaySteps + this.warmupSteps);
    if (t < this.warmupSteps) {
      return this.initialLearningRate + ((this.warmupTarget - this.initialLearningRate) * t) / this.warmupSteps;
    }
    return this.decay(t - this.warmupSteps, this.warmupTarget);
  }
  getConfig(): ConfigDict {
    return {
      initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, alpha: this.alpha, name: this.name,
      warmupTarget: this.warmupTarget, warmupSteps: this.warmupSteps,
    };
  }
}
