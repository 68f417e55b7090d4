import type {ConfigDict} from '../../serialization/config.js';
import {requireBoolean, requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface PolynomialDecayArgs {
  /** The learning rate at step 0, >= 0. */
  initialLearningRate: number;
  /** Steps to reach `endLearningRate`, > 0. */
  decaySteps: number;
  /** The rate after `decaySteps` steps, >= 0. Default 0.0001. */
  endLearningRate?: number;
  /** The polynomial's power, >= 0; 1 is a linear decay. Default 1. */
  power?: number;
  /** Restart from the top after each `decaySteps` (each cycle as long as the first). Default false. */
  cycle?: boolean;
  name?: string;
}

/**
 * Polynomial decay (Keras `PolynomialDecay`), linear when `power` is 1:
 * `η(t) = (η₀ − η_end)·(1 − t/T)^power + η_end` for `t <= T`, then `η_end`. With `cycle`, `T` becomes the
 * first multiple of `decaySteps` that is >= t (`decaySteps` itself at t = 0).
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;
  constructor(args: PolynomialDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative('PolynomialDecay', 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = requirePositive('PolynomialDecay', 'decaySteps', args.decaySteps);
    this.endLearningRate = requireNonNegative('PolynomialDecay', 'endLearningRate', args.endLearningRate ?? 0.0001);
    this.power = requireNonNegative('PolynomialDecay', 'power', args.power ?? 1);
    this.cycle = requireBoolean('PolynomialDecay', 'cycle', args.cycle ?? false);
    this.name = args.name ?? 'PolynomialDecay';
  }
  call(step: number): number {
    let span = this.decaySteps;
    let t = step;
    if (this.cycle) span *= step === 0 ? 1 : Math.ceil(step / this.decaySteps);
    else t = Math.min(step, span);
    return (this.initialLearningRate - this.endLearningRate) * (1 - t / span) ** this.power + this.endLearningRate;
  }
  getConfig(): ConfigDict {
    return {
      initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, endLearningRate: this.endLearningRate,
      power: this.power, cycle: this.cycle, name: this.name,
    };
  }
}
