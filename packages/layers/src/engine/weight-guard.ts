/**
 * A check run before a layer creates a weight, so that a config implying a huge weight fails before
 * anything is allocated. Every weight is limited to MAX_WEIGHT_ELEMENTS elements; the loader installs a
 * stricter guard (the sizes in the weights manifest) while it builds a model from a file.
 */
import {MAX_WEIGHT_ELEMENTS, ValueError} from '@stratum/core';
import type {DataType} from '@stratum/core';

/** Throws to refuse a weight; `path` is `<layer>/<weight>`. */
export type WeightGuard = (path: string, shape: readonly number[], dtype: DataType) => void;

let active: WeightGuard | null = null;

/** Runs `fn` (synchronously) with `guard` checking every weight created meanwhile. */
export function withWeightGuard<T>(guard: WeightGuard, fn: () => T): T {
  const previous = active;
  active = guard;
  try {
    return fn();
  } finally {
    active = previous;
  }
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
