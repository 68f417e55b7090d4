import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireAtMost, requireNonNegative, requirePositive} from './validate.js';

export interface FtrlArgs extends OptimizerArgs {
  /** How the per-coordinate rate shrinks with the accumulated squared gradients, <= 0. Default -0.5. */
  learningRatePower?: number;
  /** Starting value of the accumulator, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** L1 strength λ1 >= 0 (drives weights to exactly 0). Default 0. */
  l1RegularizationStrength?: number;
  /** Stabilising L2 strength λ2 >= 0. Default 0. */
  l2RegularizationStrength?: number;
  /** Magnitude (shrinkage) L2 strength >= 0, added to the loss's gradient. Default 0. */
  l2ShrinkageRegularizationStrength?: number;
  /** The paper's β >= 0. Default 0. */
  beta?: number;
}

/**
 * FTRL-Proximal (McMahan et al., 2013), Keras 3 form, with `p = learningRatePower`,
 * `λ2' = λ2 + β/(2η)` and `g' = g + 2·shrinkage·w`: `n' = n + g²`,
 * `z ← z + g' − (n'^(−p) − n^(−p))/η · w`, `w ← (clip(z, −λ1, λ1) − z) / (n'^(−p)/η + 2λ2')`, `n ← n'`.
 * Default learning rate 0.001 (it must stay > 0: the rule divides by it).
 */
export class Ftrl extends Optimizer {
  static override readonly className = 'Ftrl';
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;
  constructor(args: FtrlArgs = {}) {
    super(args, 'ftrl', 0.001);
    if (typeof this.learningRateSource === 'number') requirePositive('Ftrl', 'learningRate (the update divides by it)', this.learningRateSource);
    this.learningRatePower = requireAtMost('Ftrl', 'learningRatePower', args.learningRatePower ?? -0.5, 0);
    this.initialAccumulatorValue = requireNonNegative('Ftrl', 'initialAccumulatorValue', args.initialAccumulatorValue ?? 0.1);
    this.l1RegularizationStrength = requireNonNegative('Ftrl', 'l1RegularizationStrength', args.l1RegularizationStrength ?? 0);
    this.l2RegularizationStrength = requireNonNegative('Ftrl', 'l2RegularizationStrength', args.l2RegularizationStrength ?? 0);
    this.l2ShrinkageRegularizationStrength = requireNonNegative('Ftrl', 'l2ShrinkageRegularizationStrength', args.l2ShrinkageRegularizationStrength ?? 0);
    this.beta = requireNonNegative('Ftrl', 'beta', args.beta ?? 0);
  }
  protected slotNames(): string[] {
    return ['accumulator', 'linear'];
  }
  protected override slotInitialValue(slotName: string): number {
    return slotName === 'accumulator' ? this.initialAccumulatorValue : 0;
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const [accum, linear] = slots as [tf.Variable, tf.Variable];
    const power = -this.learningRatePower;
    const l1 = this.l1RegularizationStrength;
    const l2 = this.l2RegularizationStrength + this.beta / (2 * lr);
    const gradToUse = tf.add(g, tf.mul(w, 2 * this.l2ShrinkageRegularizationStrength));
    const accNew = tf.add(accum, tf.square(g));
    const accNewPow = tf.pow(accNew, power);
    const sigma = tf.div(tf.sub(accNewPow, tf.pow(accum, power)), lr);
    const linearNew = tf.sub(tf.add(linear, gradToUse), tf.mul(sigma, w));
    linear.assign(linearNew);
    const quadratic = tf.add(tf.div(accNewPow, lr), 2 * l2);
    w.assign(tf.div(tf.sub(tf.clipByValue(linearNew, -l1, l1), linearNew), quadratic));
    accum.assign(accNew);
  }
  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
