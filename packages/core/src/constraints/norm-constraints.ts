/**
 * Constraints on the L2 norm of weight vectors: each slice along `axis` (for a Dense kernel
 * `[in, out]` with axis 0: each unit's incoming weight vector) is rescaled.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Constraint} from './constraint.js';

/** Added to the norm before dividing (Keras `epsilon()`). */
const EPSILON = 1e-7;

/** One axis or several (e.g. `[0, 1, 2]` for the whole filter of a Conv2D kernel). */
export type NormAxis = number | number[];

function checkAxis(owner: string, axis: NormAxis | undefined): NormAxis {
  const a = axis ?? 0;
  const list = Array.isArray(a) ? a : [a];
  if (list.length === 0 || !list.every((v) => Number.isInteger(v))) {
    throw new ValueError(`${owner}: axis must be an integer or a non-empty array of integers, received ${describe(axis)}`);
  }
  return Array.isArray(a) ? [...a] : a;
}

function checkNumber(owner: string, name: string, value: number | undefined, dflt: number, min: number, max = Infinity): number {
  const v = value ?? dflt;
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ValueError(`${owner}: ${name} must be a finite number ${range}, received ${describe(v)}${value === undefined ? ' (the default)' : ''}`);
  }
  return v;
}

/** Base of the norm constraints: resolves the axis against the weight and computes the norms. */
abstract class NormConstraint extends Constraint {
  readonly axis: NormAxis;
  constructor(owner: string, axis: NormAxis | undefined) {
    super();
    this.axis = checkAxis(owner, axis);
  }
  /** L2 norms over `axis` (kept as size-1 dimensions), validating the axis against the weight's rank. */
  protected norms(w: tf.Tensor): tf.Tensor {
    const owner = (this.constructor as typeof Constraint).className;
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    for (const a of list) {
      if (a < -w.rank || a >= w.rank) {
        throw new ValueError(`${owner}: axis ${a} is out of range for a weight of shape [${w.shape.join(', ')}] (rank ${w.rank})`);
      }
    }
    return tf.sqrt(tf.sum(tf.square(w), list, true));
  }
  /** `w · desired(norms) / (ε + norms)`. */
  protected rescale(w: tf.Tensor, desired: (norms: tf.Tensor) => tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const norms = this.norms(w);
      return tf.mul(w, tf.div(desired(norms), tf.add(norms, EPSILON)));
    });
  }
}

export interface MaxNormArgs {
  /** Default 2. */
  maxValue?: number;
  /** Axis (or axes) along which norms are computed. Default 0. */
  axis?: NormAxis;
}

/** Rescales each weight vector (along `axis`) whose L2 norm exceeds `maxValue` down to it. */
export class MaxNorm extends NormConstraint {
  static override readonly className = 'MaxNorm';
  readonly maxValue: number;
  constructor(args: MaxNormArgs = {}) {
    super('MaxNorm', args.axis);
    this.maxValue = args.maxValue ?? 2;
    if (!(this.maxValue > 0 && Number.isFinite(this.maxValue))) throw new ValueError(`MaxNorm: maxValue must be positive, received ${describe(args.maxValue)}`);
  }
  apply(w: tf.Tensor): tf.Tensor {
    return this.rescale(w, (norms) => tf.clipByValue(norms, 0, this.maxValue));
  }
  override getConfig(): ConfigDict {
    return {maxValue: this.maxValue, axis: this.axis};
  }
}

export interface UnitNormArgs {
  /** Axis (or axes) along which norms are computed. Default 0. */
  axis?: NormAxis;
}

/** Rescales each weight vector (along `axis`) to unit L2 norm: `w / (ε + ‖w‖)`. */
export class UnitNorm extends NormConstraint {
  static override readonly className = 'UnitNorm';
  constructor(args: UnitNormArgs = {}) {
    super('UnitNorm', args.axis);
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(w, tf.add(this.norms(w), EPSILON)));
  }
  override getConfig(): ConfigDict {
    return {axis: this.axis};
  }
}

export interface MinMaxNormArgs {
  /** Lower bound of the norm. Default 0. */
  minValue?: number;
  /** Upper bound of the norm. Default 1. */
  maxValue?: number;
  /**
   * How far to move towards the bounds, in [0, 1]: 1 enforces them strictly, smaller values move the
   * norm part of the way (`rate·clip(‖w‖) + (1 - rate)·‖w‖`). Default 1.
   */
  rate?: number;
  /** Axis (or axes) along which norms are computed. Default 0. */
  axis?: NormAxis;
}

/** Keeps the L2 norm of each weight vector (along `axis`) within `[minValue, maxValue]`, at speed `rate`. */
export class MinMaxNorm extends NormConstraint {
  static override readonly className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  constructor(args: MinMaxNormArgs = {}) {
    super('MinMaxNorm', args.axis);
    this.minValue = checkNumber('MinMaxNorm', 'minValue', args.minValue, 0, 0);
    this.maxValue = checkNumber('MinMaxNorm', 'maxValue', args.maxValue, 1, this.minValue);
    this.rate = checkNumber('MinMaxNorm', 'rate', args.rate, 1, 0, 1);
  }
  apply(w: tf.Tensor): tf.Tensor {
    return this.rescale(w, (norms) => tf.add(tf.mul(this.rate, tf.clipByValue(norms, this.minValue, this.maxValue)), tf.mul(1 - this.rate, norms)));
  }
  override getConfig(): ConfigDict {
    return {minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis};
  }
}
