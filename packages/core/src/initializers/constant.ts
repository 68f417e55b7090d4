import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Initializer} from './initializer.js';

/** All zeros. */
export class Zeros extends Initializer {
  static override readonly className = 'Zeros';
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.zeros([...shape], dtype);
  }
}

/** All ones. */
export class Ones extends Initializer {
  static override readonly className = 'Ones';
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.ones([...shape], dtype);
  }
}

export interface ConstantArgs {
  /** The fill value. Default 0. */
  value?: number;
}

/** Every element equals `value`. */
export class Constant extends Initializer {
  static override readonly className = 'Constant';
  readonly value: number;
  constructor(args: ConstantArgs = {}) {
    super();
    this.value = args.value ?? 0;
    if (!Number.isFinite(this.value)) throw new ValueError(`Constant: value must be a finite number, received ${describe(args.value)}`);
  }
  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    return tf.fill([...shape], this.value, dtype);
  }
  override getConfig(): ConfigDict {
    return {value: this.value};
  }
}
