import type {ConfigDict} from '../../serialization/config.js';
import {requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface InverseSqrtDecayArgs {
  /** The learning rate at step 0, >= 0. */
  initialLearningRate: number;
  /** The time scale T, > 0: the rate halves by t = 3T. Default 1. */
  decaySteps?: number;
  name?: string;
}

/**
 * Inverse square root decay: `η(t) = η₀ / √(1 + t/T)`. Wrapped in {@link LinearWarmup} with
 * `warmupSteps = decaySteps = W` it is the Transformer ("Noam") schedule: a linear rise to η₀ over W
 * steps, then `η₀·√(W/t)`.
 *
 * ```ts
 * const {linearWarmup, inverseSqrtDecay} = optimizers.schedules;
 * const lr = linearWarmup({schedule: inverseSqrtDecay({initialLearningRate: 1e-3, decaySteps: 4000}), warmupSteps: 4000});
 * ```
 */
export class InverseSqrtDecay extends LearningRateSchedule {
  static override readonly className = 'InverseSqrtDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly name: string;
  constructor(args: InverseSqrtDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative('InverseSqrtDecay', 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = requirePositive('InverseSqrtDecay', 'decaySteps', args.decaySteps ?? 1);
    this.name = args.name ?? 'InverseSqrtDecay';
  }
  call(step: number): number {
    return this.initialLearningRate / Math.sqrt(1 + step / this.decaySteps);
  }
  getConfig(): ConfigDict {
    return {initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, name: this.name};
  }
}
