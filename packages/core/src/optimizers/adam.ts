import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireBoolean, requirePositive, requireUnitInterval} from './validate.js';

export interface AdamArgs extends OptimizerArgs {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-7. */
  epsilon?: number;
  /** Use the maximum of past second moments (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba), Keras 3 form: `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)`,
 * `w ← w − η·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)` (AMSGrad: `v̂ ← max(v̂, v)` in place of `v`).
 * Default learning rate 0.001.
 */
export class Adam extends Optimizer {
  static override readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  /** `defaultName` lets subclasses (AdamW) keep Keras's default names. */
  constructor(args: AdamArgs = {}, defaultName = 'adam') {
    super(args, defaultName, 0.001);
    const owner = (new.target as typeof Adam).className;
    this.beta1 = requireUnitInterval(owner, 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval(owner, 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive(owner, 'epsilon', args.epsilon ?? 1e-7);
    this.amsgrad = requireBoolean(owner, 'amsgrad', args.amsgrad ?? false);
  }
  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const t = this.iterations + 1;
    const alpha = (lr * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1));
    let vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2));
    m.assign(mNew);
    v.assign(vNew);
    if (this.amsgrad) {
      const vhat = slots[2] as tf.Variable;
      vNew = tf.maximum(vhat, vNew);
      vhat.assign(vNew);
    }
    w.assign(tf.sub(w, tf.div(tf.mul(mNew, alpha), tf.add(tf.sqrt(vNew), this.epsilon))));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad};
  }
}
