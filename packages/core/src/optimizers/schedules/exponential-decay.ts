import type {ConfigDict} from '../../serialization/config.js';
import {requireBoolean, requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface ExponentialDecayArgs {
  /** The learning rate at step 0, >= 0. */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once, > 0. */
  decaySteps: number;
  /** Factor per `decaySteps` steps, > 0 (above 1 the rate grows). */
  decayRate: number;
  /** Decay in whole periods (a step function) instead of continuously. Default false. */
  staircase?: boolean;
  name?: string;
}

/**
 * Exponential decay (Keras `ExponentialDecay`): `η(t) = η₀ · r^(t/T)`, with `t/T` floored when
 * `staircase`.
 *
 * ```ts
 * new optimizers.SGD({learningRate: optimizers.schedules.exponentialDecay({initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96})});
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;
  constructor(args: ExponentialDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative('ExponentialDecay', 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = requirePositive('ExponentialDecay', 'decaySteps', args.decaySteps);
    this.decayRate = requirePositive('ExponentialDecay', 'decayRate', args.decayRate);
    this.staircase = requireBoolean('ExponentialDecay', 'staircase', args.staircase ?? false);
    this.name = args.name ?? 'ExponentialDecay';
  }
  call(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }
  getConfig(): ConfigDict {
    return {initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase, name: this.name};
  }
}
