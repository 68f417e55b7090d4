import type {ConfigDict} from '../../serialization/config.js';
import {requireBoolean, requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface InverseTimeDecayArgs {
  /** The learning rate at step 0, >= 0. */
  initialLearningRate: number;
  /** The time scale T, > 0. */
  decaySteps: number;
  /** The rate k, >= 0. */
  decayRate: number;
  /** Use whole periods `⌊t/T⌋`. Default false. */
  staircase?: boolean;
  name?: string;
}

/**
 * Inverse time (1/t) decay (Keras `InverseTimeDecay`): `η(t) = η₀ / (1 + k·t/T)`, with `t/T` floored
 * when `staircase`.
 */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;
  constructor(args: InverseTimeDecayArgs) {
    super();
    this.initialLearningRate = requireNonNegative('InverseTimeDecay', 'initialLearningRate', args.initialLearningRate);
    this.decaySteps = requirePositive('InverseTimeDecay', 'decaySteps', args.decaySteps);
    this.decayRate = requireNonNegative('InverseTimeDecay', 'decayRate', args.decayRate);
    this.staircase = requireBoolean('InverseTimeDecay', 'staircase', args.staircase ?? false);
    this.name = args.name ?? 'InverseTimeDecay';
  }
  call(step: number): number {
    const p = step / this.decaySteps;
    return this.initialLearningRate / (1 + this.decayRate * (this.staircase ? Math.floor(p) : p));
  }
  getConfig(): ConfigDict {
    return {initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase, name: this.name};
  }
}
