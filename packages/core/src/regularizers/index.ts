/**
 * Weight regularizers: a penalty computed from a weight and added to the training loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable, SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';

export abstract class Regularizer implements Serializable {
  static readonly className: string = 'Regularizer';
  /** The penalty for weight `x`, a scalar. */
  abstract call(x: tf.Tensor): tf.Scalar;
  abstract getConfig(): ConfigDict;
}

export interface L1L2Args {
  /** L1 factor. Default 0. */
  l1?: number;
  /** L2 factor. Default 0. */
  l2?: number;
}

function factor(owner: string, name: string, v: number | undefined, dflt: number): number {
  const f = v ?? dflt;
  if (!(f >= 0 && Number.isFinite(f))) throw new ValueError(`${owner}: ${name} must be a finite number >= 0, received ${describe(v)}`);
  return f;
}

/** `l1·Σ|x| + l2·Σx²` (elastic net). */
export class L1L2 extends Regularizer {
  static override readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(args: L1L2Args = {}) {
    super();
    this.l1 = factor('L1L2', 'l1', args.l1, 0);
    this.l2 = factor('L1L2', 'l2', args.l2, 0);
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
    super({l1: factor('L1', 'l1', args.l1, 0.01)});
  }
  override getConfig(): ConfigDict {
    return {l1: this.l1};
  }
}

/** `l2·Σx²` (weight decay). Default factor 0.01. */
export class L2 extends L1L2 {
  static override readonly className = 'L2';
  constructor(args: {l2?: number} = {}) {
    super({l2: factor('L2', 'l2', args.l2, 0.01)});
  }
  override getConfig(): ConfigDict {
    return {l2: this.l2};
  }
}

export type RegularizerIdentifier = string | Regularizer | SerializedObject;

export function registerRegularizers(): void {
  for (const cls of [L1L2, L1, L2]) registerSerializable(cls, {category: 'regularizer', module: 'keras.regularizers'});
}

/** Resolves `'l2'`, `'l1_l2'`, an envelope or an instance; null stays null. */
export function getRegularizer(id: RegularizerIdentifier | null | undefined): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id === 'l1_l2' || id === 'l1l2') return new L1L2({l1: 0.01, l2: 0.01});
  return resolveIdentifier<Regularizer>('regularizer', id);
}
