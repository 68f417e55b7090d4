import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict} from '../serialization/config.js';
import {Regularizer, factorArg} from './regularizer.js';

export interface L1L2Args {
  /** L1 factor. Default 0. */
  l1?: number;
  /** L2 factor. Default 0. */
  l2?: number;
}

/** `l1·Σ|x| + l2·Σx²` (elastic net). */
export class L1L2 extends Regularizer {
  static override readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: L1L2Args = {}) {
    super();
    this.l1 = factorArg('L1L2', 'l1', args.l1, 0);
    this.l2 = factorArg('L1L2', 'l2', args.l2, 0);
  }
  call(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      let p: tf.Tensor = tf.scalar(0);
      if (this.l1 > 0) p = tf.add(p, tf.mul(this.l1, tf.sum(tf.abs(x))));
      if (this.l2 > 0) p = tf.add(p, tf.mul(this.l2, tf.sum(tf.square(x))));
      return p as tf.Scalar;
    });
  }
  getConfig(): ConfigDict {
    return {l1: this.l1, l2: this.l2};
  }
}

/** `l1·Σ|x|`. Default factor 0.01. */
export class L1 extends L1L2 {
  static override readonly className = 'L1';
  constructor(args: {l1?: number} = {}) {
    super({l1: factorArg('L1', 'l1', args.l1, 0.01)});
  }
  override getConfig(): ConfigDict {
    return {l1: this.l1};
  }
}

/** `l2·Σx²` (weight decay). Default factor 0.01. */
export class L2 extends L1L2 {
  static override readonly className = 'L2';
  constructor(args: {l2?: number} = {}) {
    super({l2: factorArg('L2', 'l2', args.l2, 0.01)});
  }
  override getConfig(): ConfigDict {
    return {l2: this.l2};
  }
}
