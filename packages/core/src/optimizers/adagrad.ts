import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Optimizer} from './optimizer.js';
import type {OptimizerArgs} from './optimizer.js';
import {requireNonNegative, requirePositive} from './validate.js';

export interface AdagradArgs extends OptimizerArgs {
  /** Starting value of the squared-gradient accumulator, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added under the square root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad (Duchi et al.), Keras 3 form: `a ← a + g²`, `w ← w − η·g / √(a + ε)`; each parameter's step
 * shrinks with the squared gradients it has seen. Default learning rate 0.001.
 */
export class Adagrad extends Optimizer {
  static override readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  constructor(args: AdagradArgs = {}) {
    super(args, 'adagrad', 0.001);
    this.initialAccumulatorValue = requireNonNegative('Adagrad', 'initialAccumulatorValue', args.initialAccumulatorValue ?? 0.1);
    this.epsilon = requirePositive('Adagrad', 'epsilon', args.epsilon ?? 1e-7);
  }
  protected slotNames(): string[] {
    return ['accumulator'];
  }
  protected override slotInitialValue(): number {
    return this.initialAccumulatorValue;
  }
  protected updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void {
    const acc = slots[0] as tf.Variable;
    const accNew = tf.add(acc, tf.square(g));
    acc.assign(accNew);
    w.assign(tf.sub(w, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(accNew, this.epsilon)))));
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon};
  }
}
