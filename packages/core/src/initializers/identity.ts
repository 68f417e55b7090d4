import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Initializer} from './initializer.js';
import {finiteArg} from './random.js';

export interface IdentityArgs {
  /** Multiplies the identity matrix. Default 1. */
  gain?: number;
}

/**
 * `gain` times the identity matrix; 2D shapes only. A non-square `[rows, cols]` gets ones on the main
 * diagonal and zeros elsewhere. Keras 3 class `IdentityInitializer`, string alias `identity`
 * (Keras 2 / TF.js: `Identity`).
 */
export class IdentityInitializer extends Initializer {
  static override readonly className: string = 'IdentityInitializer';
  readonly gain: number;
  constructor(args: IdentityArgs = {}) {
    super();
    this.gain = finiteArg('IdentityInitializer', 'gain', args.gain, 1);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length !== 2) {
      throw new ValueError(`IdentityInitializer: only 2D shapes [rows, cols] are supported, received ${describe(shape)} of rank ${shape.length}`);
    }
    const [rows, cols] = shape as [number, number];
    const buf = tf.buffer([rows, cols], dtype);
    for (let i = 0; i < Math.min(rows, cols); i++) buf.set(this.gain, i, i);
    return buf.toTensor();
  }
  override getConfig(): ConfigDict {
    return {gain: this.gain};
  }
}
