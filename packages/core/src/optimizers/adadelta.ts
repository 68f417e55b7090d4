import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requirePositive, requireUnitInterval} from './validate.js';

export interface AdadeltaArgs extends OptimizerArgs {
  /** Decay of both running averages, in [0, 1). Default 0.95. */
  rho?: number;
  /** Added inside each root mean square. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta (Zeiler), Keras 3 form, with `rms(x) = √(x + ε)`:
 * `G ← ρG + (1 − ρ)g²`, `Δ = −rms(D)·g / rms(G)`, `D ← ρD + (1 − ρ)Δ²`, `w ← w + η·Δ`.
 * Default learning rate 0.001 (Keras; the paper's rule corresponds to 1.0).
 */
export class Adadelta extends Optimizer {
  static override readonly className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;
  constructor(args: AdadeltaArgs = {}) {
    super(args, 'adadelta', 0.001);
    this.rho = requireUnitInterval('Adadelta', 'rho', args.rho ?? 0.95);
    this.epsilon = requirePositive('Adadelta', 'epsilon', args.epsilon ?? 1e-7);
  }
  protected slotNames(): string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const [accGrad, accDelta] = slots as [tf.Variable, tf.Variable];
    const rms = (x: tf.Tensor): tf.Tensor => tf.sqrt(tf.add(x, this.epsilon));
    const accGradNew = tf.add(tf.mul(accGrad, this.rho), tf.mul(tf.square(g), 1 - this.rho));
    accGrad.assign(accGradNew);
    const delta = tf.neg(tf.div(tf.mul(rms(accDelta), g), rms(accGradNew)));
    accDelta.assign(tf.add(tf.mul(accDelta, this.rho), tf.mul(tf.square(delta), 1 - this.rho)));
    w.assign(tf.add(w, tf.mul(delta, lr)));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), rho: this.rho, epsilon: this.epsilon};
  }
}
