import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requirePositive, requireUnitInterval} from './validate.js';

export interface NadamArgs extends OptimizerArgs {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-7. */
  epsilon?: number;
}

/** Keras's Nadam momentum-schedule decay. */
const SCHEDULE_DECAY = 0.96;

/**
 * Nadam (Dozat: Adam with Nesterov momentum), Keras 3 form. With `μₜ = β1(1 − ½·0.96ᵗ)` and
 * `Πₜ = μ₁⋯μₜ`: `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`,
 * `m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πₜ)`, `v̂ = v/(1 − β2ᵗ)`, `w ← w − η·m̂/(√v̂ + ε)`.
 * Default learning rate 0.001.
 */
export class Nadam extends Optimizer {
  static override readonly className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Cache of `Πₜ` (a function of the step alone, so it needs no saving). */
  private uProduct = {step: 0, value: 1};
  constructor(args: NadamArgs = {}) {
    super(args, 'nadam', 0.001);
    this.beta1 = requireUnitInterval('Nadam', 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval('Nadam', 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive('Nadam', 'epsilon', args.epsilon ?? 1e-7);
  }
  private mu(t: number): number {
    return this.beta1 * (1 - 0.5 * SCHEDULE_DECAY ** t);
  }
  /** `Πₜ = μ₁⋯μₜ`, advanced from the cached step (or recomputed after a restore rewound the counter). */
  private productUpTo(t: number): number {
    if (t < this.uProduct.step) this.uProduct = {step: 0, value: 1};
    let {step, value} = this.uProduct;
    while (step < t) value *= this.mu(++step);
    this.uProduct = {step, value};
    return value;
  }
  protected slotNames(): string[] {
    return ['m', 'v'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const t = this.iterations + 1;
    const uT = this.mu(t);
    const uNext = this.mu(t + 1);
    const prod = this.productUpTo(t);
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1));
    const vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2));
    m.assign(mNew);
    v.assign(vNew);
    const mHat = tf.add(tf.mul(mNew, uNext / (1 - prod * uNext)), tf.mul(g, (1 - uT) / (1 - prod)));
    const vHat = tf.div(vNew, 1 - this.beta2 ** t);
    w.assign(tf.sub(w, tf.div(tf.mul(mHat, lr), tf.add(tf.sqrt(vHat), this.epsilon))));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon};
  }
}
