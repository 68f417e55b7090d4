import {ValueError, describe} from '../../errors.js';
import type {ConfigDict, SerializedObject} from '../../serialization/config.js';
import {isSerializedObject} from '../../serialization/config.js';
import {resolveIdentifier, serializeObject} from '../../serialization/registry.js';
import {requireNonNegative} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface LinearWarmupArgs {
  /** The schedule to warm up into (or a constant rate); it starts at its own step 0 after the warmup. */
  schedule: LearningRateSchedule | number | SerializedObject;
  /** Steps of warmup W, >= 0. */
  warmupSteps: number;
  /** The rate at step 0, >= 0. Default 0. */
  initialLearningRate?: number;
  name?: string;
}

/**
 * Linear warmup in front of any schedule: for `t < W` the rate rises linearly from `initialLearningRate`
 * at t = 0 towards `schedule(0)` (reached at t = W); from then on it is `schedule(t − W)`.
 *
 * ```ts
 * const {linearWarmup, cosineDecay} = optimizers.schedules;
 * new optimizers.Adam({learningRate: linearWarmup({schedule: cosineDecay({initialLearningRate: 1e-3, decaySteps: 10000}), warmupSteps: 500})});
 * ```
 */
export class LinearWarmup extends LearningRateSchedule {
  static override readonly className = 'LinearWarmup';
  readonly schedule: LearningRateSchedule | number;
  readonly warmupSteps: number;
  readonly initialLearningRate: number;
  readonly name: string;
  constructor(args: LinearWarmupArgs) {
    super();
    const s = args.schedule;
    if (isSerializedObject(s)) this.schedule = resolveIdentifier<LearningRateSchedule>('schedule', s);
    else if (s instanceof LearningRateSchedule) this.schedule = s;
    else if (typeof s === 'number') this.schedule = requireNonNegative('LinearWarmup', 'schedule (a constant rate)', s);
    else throw new ValueError(`LinearWarmup: schedule must be a LearningRateSchedule, a number or a serialized schedule, received ${describe(s)}`);
    this.warmupSteps = requireNonNegative('LinearWarmup', 'warmupSteps', args.warmupSteps);
    this.initialLearningRate = requireNonNegative('LinearWarmup', 'initialLearningRate', args.initialLearningRate ?? 0);
    this.name = args.name ?? 'LinearWarmup';
  }
  private after(step: number): number {
    return typeof this.schedule === 'number' ? this.schedule : this.schedule.call(step);
  }
  call(step: number): number {
    if (step >= this.warmupSteps) return this.after(step - this.warmupSteps);
    return this.initialLearningRate + ((this.after(0) - this.initialLearningRate) * step) / this.warmupSteps;
  }
  getConfig(): ConfigDict {
    const s = this.schedule;
    return {schedule: typeof s === 'number' ? s : serializeObject(s), warmupSteps: this.warmupSteps, initialLearningRate: this.initialLearningRate, name: this.name};
  }
}
