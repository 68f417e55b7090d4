import {ValueError, describe} from '../../errors.js';
import type {ConfigDict} from '../../serialization/config.js';
import {requireNonNegative} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface PiecewiseConstantDecayArgs {
  /** Strictly increasing step boundaries. */
  boundaries: number[];
  /** One more value than boundaries, each >= 0. */
  values: number[];
  name?: string;
}

/**
 * Step decay (Keras `PiecewiseConstantDecay`): `values[0]` while `t <= boundaries[0]`, `values[i]` while
 * `boundaries[i−1] < t <= boundaries[i]`, and the last value after the last boundary.
 *
 * ```ts
 * // 0.1 for steps 0..1000, 0.01 up to step 5000, then 0.001
 * optimizers.schedules.piecewiseConstantDecay({boundaries: [1000, 5000], values: [0.1, 0.01, 0.001]});
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: number[];
  readonly values: number[];
  readonly name: string;
  constructor(args: PiecewiseConstantDecayArgs) {
    super();
    const {boundaries, values} = args;
    if (!Array.isArray(boundaries) || !boundaries.every((b, i) => Number.isFinite(b) && (i === 0 || b > (boundaries[i - 1] as number)))) {
      throw new ValueError(`PiecewiseConstantDecay: boundaries must be an array of strictly increasing finite numbers, received ${describe(boundaries)}`);
    }
    if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
      throw new ValueError(`PiecewiseConstantDecay: values must have one more entry than boundaries (${boundaries.length + 1}), received ${describe(values)}`);
    }
    values.forEach((v, i) => requireNonNegative('PiecewiseConstantDecay', `values[${i}]`, v));
    this.boundaries = [...boundaries];
    this.values = [...values];
    this.name = args.name ?? 'PiecewiseConstant';
  }
  call(step: number): number {
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.boundaries.length : i] as number;
  }
  getConfig(): ConfigDict {
    return {boundaries: [...this.boundaries], values: [...this.values], name: this.name};
  }
}
