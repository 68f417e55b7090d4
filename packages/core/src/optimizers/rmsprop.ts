import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireBoolean, requirePositive, requireUnitInterval} from './validate.js';

export interface RMSpropArgs extends OptimizerArgs {
  /** Decay of the squared-gradient average, in [0, 1). Default 0.9. */
  rho?: number;
  /** Momentum in [0, 1). Default 0 (none). */
  momentum?: number;
  /** Added under the square root. Default 1e-7. */
  epsilon?: number;
  /** Divide by the estimated variance instead of the raw second moment. Default false. */
  centered?: boolean;
}

/**
 * RMSprop (Hinton), Keras 3 form: `v ← ρv + (1 − ρ)g²`; centered also keeps `ḡ ← ρḡ + (1 − ρ)g` and uses
 * `v − ḡ²`; `Δ = η·g / √(v [− ḡ²] + ε)`; with momentum `μ`: `p ← μp + Δ, w ← w − p`, else `w ← w − Δ`.
 * Default learning rate 0.001.
 */
export class RMSprop extends Optimizer {
  static override readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(args: RMSpropArgs = {}) {
    super(args, 'rmsprop', 0.001);
    this.rho = requireUnitInterval('RMSprop', 'rho', args.rho ?? 0.9);
    this.momentum = requireUnitInterval('RMSprop', 'momentum', args.momentum ?? 0);
    this.epsilon = requirePositive('RMSprop', 'epsilon', args.epsilon ?? 1e-7);
    this.centered = requireBoolean('RMSprop', 'centered', args.centered ?? false);
  }
  protected slotNames(): string[] {
    return ['velocity', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['average_gradient'] : [])];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const velocity = slots[0] as tf.Variable;
    const vNew = tf.add(tf.mul(velocity, this.rho), tf.mul(tf.square(g), 1 - this.rho));
    velocity.assign(vNew);
    let denominator = vNew;
    if (this.centered) {
      const avg = slots[this.momentum > 0 ? 2 : 1] as tf.Variable;
      const avgNew = tf.add(tf.mul(avg, this.rho), tf.mul(g, 1 - this.rho));
      avg.assign(avgNew);
      denominator = tf.sub(vNew, tf.square(avgNew));
    }
    const increment = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denominator, this.epsilon)));
    if (this.momentum > 0) {
      const mom = slots[1] as tf.Variable;
      const momNew = tf.add(tf.mul(mom, this.momentum), increment);
      mom.assign(momNew);
      w.assign(tf.sub(w, momNew));
    } else {
      w.assign(tf.sub(w, increment));
    }
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered};
  }
}
