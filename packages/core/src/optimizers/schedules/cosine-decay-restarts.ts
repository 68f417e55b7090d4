import {ValueError, describe} from '../../errors.js';
import type {ConfigDict} from '../../serialization/config.js';
import {requireClosedUnitInterval, requireNonNegative, requirePositive} from '../validate.js';
import {LearningRateSchedule} from './schedule.js';

export interface CosineDecayRestartsArgs {
  /** The learning rate at step 0, >= 0. */
  initialLearningRate: number;
  /** Length of the first period, > 0. */
  firstDecaySteps: number;
  /** Each period is this many times longer than the previous one, >= 1. Default 2. */
  tMul?: number;
  /** Each restart starts from this many times the previous start, >= 0. Default 1. */
  mMul?: number;
  /** The floor as a fraction of `initialLearningRate`, in [0, 1]. Default 0. */
  alpha?: number;
  name?: string;
}

/**
 * Cosine decay with warm restarts (SGDR, Loshchilov & Hutter; Keras `CosineDecayRestarts`). Period i
 * (from 0) lasts `T₀·tMulⁱ` steps and starts at `mMulⁱ`; within it, at fraction f of the period:
 * `η = η₀·((1 − α)·mMulⁱ·½(1 + cos(πf)) + α)`.
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  static override readonly className = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  readonly name: string;
  constructor(args: CosineDecayRestartsArgs) {
    super();
    this.initialLearningRate = requireNonNegative('CosineDecayRestarts', 'initialLearningRate', args.initialLearningRate);
    this.firstDecaySteps = requirePositive('CosineDecayRestarts', 'firstDecaySteps', args.firstDecaySteps);
    const tMul = args.tMul ?? 2;
    if (!(Number.isFinite(tMul) && tMul >= 1)) {
      throw new ValueError(`CosineDecayRestarts: tMul must be a finite number >= 1 (periods may not shrink), received ${describe(tMul)}`);
    }
    this.tMul = tMul;
    this.mMul = requireNonNegative('CosineDecayRestarts', 'mMul', args.mMul ?? 1);
    this.alpha = requireClosedUnitInterval('CosineDecayRestarts', 'alpha', args.alpha ?? 0);
    this.name = args.name ?? 'SGDRDecay';
  }
  /** Start of period i in units of the first period: `(tMulⁱ − 1)/(tMul − 1)` (i when tMul is 1). */
  private periodStart(i: number): number {
    return this.tMul === 1 ? i : (this.tMul ** i - 1) / (this.tMul - 1);
  }
  /** The period containing `fraction` (steps / first period) and the fraction of it completed. */
  private locate(fraction: number): {period: number; done: number} {
    let i = this.tMul === 1 ? Math.floor(fraction) : Math.floor(Math.log(1 + fraction * (this.tMul - 1)) / Math.log(this.tMul));
    // The logarithm can land one off at a period boundary: step to the right period.
    while (i > 0 && this.periodStart(i) > fraction) i--;
    while (this.periodStart(i + 1) <= fraction) i++;
    return {period: i, done: (fraction - this.periodStart(i)) / this.tMul ** i};
  }
  call(step: number): number {
    const {period, done} = this.locate(step / this.firstDecaySteps);
    const cosine = 0.5 * this.mMul ** period * (1 + Math.cos(Math.PI * done));
    return this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha);
  }
  getConfig(): ConfigDict {
    return {initialLearningRate: this.initialLearningRate, firstDecaySteps: this.firstDecaySteps, tMul: this.tMul, mMul: this.mMul, alpha: this.alpha, name: this.name};
  }
}
