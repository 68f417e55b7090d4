import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requirePositive, requireUnitInterval} from './validate.js';

export interface LambArgs extends OptimizerArgs {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the denominator. Default 1e-7. */
  epsilon?: number;
}

/**
 * LAMB (You et al., layer-wise adaptive moments for large batches), Keras 3 form: Adam's moments give
 * `u = (m/(1 − β1ᵗ)) / (√(v/(1 − β2ᵗ)) + ε)`; each variable's step is scaled by the trust ratio
 * `r = ‖w‖/‖u‖` (1 when either norm is 0): `w ← w − r·η·u`. Default learning rate 0.001.
 */
export class Lamb extends Optimizer {
  static override readonly className = 'Lamb';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  constructor(args: LambArgs = {}) {
    super(args, 'lamb', 0.001);
    this.beta1 = requireUnitInterval('Lamb', 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval('Lamb', 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive('Lamb', 'epsilon', args.epsilon ?? 1e-7);
  }
  protected slotNames(): string[] {
    return ['m', 'v'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const t = this.iterations + 1;
    const [m, v] = slots as [tf.Variable, tf.Variable];
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1));
    const vNew = tf.add(v, tf.mul(tf.sub(tf.square(g), v), 1 - this.beta2));
    m.assign(mNew);
    v.assign(vNew);
    const mHat = tf.div(mNew, 1 - this.beta1 ** t);
    const update = tf.div(mHat, tf.add(tf.sqrt(tf.div(vNew, 1 - this.beta2 ** t)), this.epsilon));
    const wNorm = tf.sqrt(tf.sum(tf.square(w)));
    const uNorm = tf.sqrt(tf.sum(tf.square(update)));
    const usable = tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(uNorm, 0));
    const ratio = tf.where(usable, tf.div(wNorm, uNorm), tf.onesLike(wNorm));
    w.assign(tf.sub(w, tf.mul(update, tf.mul(ratio, lr))));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon};
  }
}
