import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requirePositive, requireUnitInterval} from './validate.js';

export interface AdamaxArgs extends OptimizerArgs {
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the norm. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax (Kingma & Ba, the infinity-norm variant of Adam), Keras 3 form: `m ← m + (g − m)(1 − β1)`,
 * `u ← max(β2·u, |g|)`, `w ← w − η·m / ((1 − β1ᵗ)(u + ε))`. Default learning rate 0.001.
 */
export class Adamax extends Optimizer {
  static override readonly className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  constructor(args: AdamaxArgs = {}) {
    super(args, 'adamax', 0.001);
    this.beta1 = requireUnitInterval('Adamax', 'beta1', args.beta1 ?? 0.9);
    this.beta2 = requireUnitInterval('Adamax', 'beta2', args.beta2 ?? 0.999);
    this.epsilon = requirePositive('Adamax', 'epsilon', args.epsilon ?? 1e-7);
  }
  protected slotNames(): string[] {
    return ['m', 'u'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const t = this.iterations + 1;
    const [m, u] = slots as [tf.Variable, tf.Variable];
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - this.beta1));
    const uNew = tf.maximum(tf.mul(u, this.beta2), tf.abs(g));
    m.assign(mNew);
    u.assign(uNew);
    const scale = lr / (1 - this.beta1 ** t);
    w.assign(tf.sub(w, tf.div(tf.mul(mNew, scale), tf.add(uNew, this.epsilon))));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon};
  }
}
