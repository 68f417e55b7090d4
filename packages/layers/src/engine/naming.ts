/**
 * Keras-style unique names: the first `dense`, then `dense_1`, `dense_2`, ... per prefix.
 */
import {toSnakeCase} from '@stratum/core';

const counters = new Map<string, number>();

/** A fresh name for a layer of class `className` (snake_case of the class name, numbered). */
export function uniqueName(className: string): string {
  const prefix = toSnakeCase(className);
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Restarts numbering (Keras `clear_session`); used by tests for predictable names. */
export function resetNames(): void {
  counters.clear();
}
