/** Helpers for layer configs: nested objects are written as Keras envelopes. */
import {ValueError, constraints, describe, regularizers, serializeObject} from '@stratum/core';
import type {ConstraintIdentifier, RegularizerIdentifier, SerializedObject} from '@stratum/core';

/** Serializes an optional regularizer identifier; null stays null. */
export function serializeRegularizer(id: RegularizerIdentifier | null | undefined): SerializedObject | null {
  const obj = regularizers.getRegularizer(id);
  return obj === null ? null : serializeObject(obj);
}

/** Serializes an optional constraint identifier; null stays null. */
export function serializeConstraint(id: ConstraintIdentifier | null | undefined): SerializedObject | null {
  const obj = constraints.getConstraint(id);
  return obj === null ? null : serializeObject(obj);
}

/** Normalises `n` or `[a, b]` to a pair of positive integers, naming the argument on error. */
export function intPair(owner: string, what: string, v: number | readonly number[] | undefined, dflt: number): [number, number] {
  const pair = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : [...v];
  if (pair.length !== 2 || !pair.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`${owner}: ${what} must be a positive integer or a pair of them, received ${describe(v)}`);
  }
  return pair as [number, number];
}

/** Normalises `n` or `[n]` (Keras writes 1-D sizes as one-element lists) to a positive integer, naming the argument on error. */
export function intSingle(owner: string, what: string, v: number | readonly number[] | undefined, dflt: number): number {
  const n = v === undefined ? dflt : typeof v === 'number' ? v : v.length === 1 ? v[0] : Number.NaN;
  if (n === undefined || !Number.isInteger(n) || n <= 0) throw new ValueError(`${owner}: ${what} must be a positive integer or a list of one, received ${describe(v)}`);
  return n;
}
