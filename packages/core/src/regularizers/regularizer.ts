/**
 * Weight regularizers: a penalty computed from a weight and added to the training loss.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable} from '../serialization/config.js';

/** Base class: `call(weight)` returns the scalar penalty for that weight. */
export abstract class Regularizer implements Serializable {
  static readonly className: string = 'Regularizer';
  /** The penalty for weight `x`, a scalar. */
  abstract call(x: tf.Tensor): tf.Scalar;
  abstract getConfig(): ConfigDict;
}

/** Returns `v ?? dflt` after checking it is a finite number >= 0 (a regularization factor). */
export function factorArg(owner: string, name: string, v: number | undefined, dflt: number): number {
  const f = v ?? dflt;
  if (!(typeof f === 'number' && f >= 0 && Number.isFinite(f))) throw new ValueError(`${owner}: ${name} must be a finite number >= 0, received ${describe(v)}`);
  return f;
}
