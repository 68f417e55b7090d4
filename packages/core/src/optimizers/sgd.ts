import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireBoolean, requireUnitInterval} from './validate.js';

export interface SGDArgs extends OptimizerArgs {
  /** In [0, 1). Default 0 (plain gradient descent). */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional (Nesterov) momentum, as Keras 3 defines it:
 * `v ← μ·v − η·g; w ← w + v` (Nesterov: `w ← w + μ·v − η·g`). Default learning rate 0.01.
 *
 * Batch, mini-batch and stochastic gradient descent are this optimizer with a `batchSize` of N, B and 1.
 *
 * ```ts
 * model.compile({optimizer: new optimizers.SGD({learningRate: 0.1, momentum: 0.9, nesterov: true}), loss: 'mse'});
 * ```
 */
export class SGD extends Optimizer {
  static override readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(args: SGDArgs = {}) {
    super(args, 'SGD', 0.01);
    this.momentum = requireUnitInterval('SGD', 'momentum', args.momentum ?? 0);
    this.nesterov = requireBoolean('SGD', 'nesterov', args.nesterov ?? false);
  }
  protected slotNames(): string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    if (this.momentum === 0) {
      w.assign(tf.sub(w, tf.mul(g, lr)));
      return;
    }
    const m = slots[0] as tf.Variable;
    const mNew = tf.sub(tf.mul(m, this.momentum), tf.mul(g, lr));
    m.assign(mNew);
    w.assign(this.nesterov ? tf.add(w, tf.sub(tf.mul(mNew, this.momentum), tf.mul(g, lr))) : tf.add(w, mNew));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov};
  }
}
