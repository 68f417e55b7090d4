import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireUnitInterval} from './validate.js';

export interface LionArgs extends OptimizerArgs {
  /** Interpolation between momentum and gradient for the update direction, in (0, 1]. Default 0.9. */
  beta1?: number;
  /** Decay of the momentum, in [0, 1). Default 0.99. */
  beta2?: number;
}

/**
 * Lion (Chen et al., "Symbolic Discovery of Optimization Algorithms"), Keras 3 form:
 * `w ← w − η·sign(β1·m + (1 − β1)·g)`, then `m ← β2·m + (1 − β2)·g`. Every step moves each weight by
 * exactly η (or 0), so Lion wants a learning rate 3–10× smaller than Adam's. Default learning rate 0.001.
 */
export class Lion extends Optimizer {
  static override readonly className = 'Lion';
  readonly beta1: number;
  readonly beta2: number;
  constructor(args: LionArgs = {}) {
    super(args, 'lion', 0.001);
    const b1 = args.beta1 ?? 0.9;
    if (!(typeof b1 === 'number' && b1 > 0 && b1 <= 1)) {
      throw new ValueError(`Lion: beta1 must be in (0, 1] (0 would make Lion sign-SGD), received ${describe(b1)}`);
    }
    this.beta1 = b1;
    this.beta2 = requireUnitInterval('Lion', 'beta2', args.beta2 ?? 0.99);
  }
  protected slotNames(): string[] {
    return ['momentum'];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const m = slots[0] as tf.Variable;
    const direction = tf.sign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
    w.assign(tf.sub(w, tf.mul(direction, lr)));
    m.assign(tf.add(tf.mul(m, this.beta2), tf.mul(g, 1 - this.beta2)));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), beta1: this.beta1, beta2: this.beta2};
  }
}
