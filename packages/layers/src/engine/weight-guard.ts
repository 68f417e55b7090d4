/**
 * A check run before a layer creates a weight, so that a config implying a huge weight fails before
 * anything is allocated. Every weight is limited to MAX_WEIGHT_ELEMENTS elements; the loader installs a
 * stricter guard (the sizes in the weights manifest) while it builds a model from a file.
 */
import {MAX_WEIGHT_ELEMENTS, ValueError} from '@stratum/core';
import type {DataType, Variable} from '@stratum/core';

/** Throws to refuse a weight; `path` is `<layer>/<weight>`. */
export type WeightGuard = (path: string, shape: readonly number[], dtype: DataType) => void;

let active: WeightGuard | null = null;
let tracker: ((v: Variable) => void) | null = null;

/**
 * Runs `fn` (synchronously) with `guard` checking every weight created meanwhile; `track` (optional) is
 * told of every weight created, so that a failed build can free even the weights of a layer whose
 * constructor threw after creating them.
 */
export function withWeightGuard<T>(guard: WeightGuard, fn: () => T, track: ((v: Variable) => void) | null = null): T {
  const previous = [active, tracker] as const;
  active = guard;
  tracker = track;
  try {
    return fn();
  } finally {
    [active, tracker] = previous;
  }
}

/** Called by `addWeight` once a weight exists. */
export function trackNewWeight(v: Variable): void {
  tracker?.(v);
}

/** Element count of a shape (may exceed 2^53 for absurd shapes: only compared, never allocated). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Called by `addWeight` before the initializer runs. */
export function checkNewWeight(path: string, shape: readonly number[], dtype: DataType): void {
  const n = elementCount(shape);
  if (n > MAX_WEIGHT_ELEMENTS) {
    throw new ValueError(`weight ${path} of shape [${shape.join(', ')}] would have ${n} elements; at most ${MAX_WEIGHT_ELEMENTS} (2^31) are allowed per weight`);
  }
  active?.(path, shape, dtype);
}
