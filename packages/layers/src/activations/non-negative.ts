import {ValueError, describe} from '@stratum/core';

/** `v` when it is a finite number ≥ 0 (the activation layers' slopes and thresholds), else a ValueError naming it. */
export function nonNegative(owner: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValueError(`${owner}: ${what} must be a finite number >= 0, received ${describe(v)}`);
  return v;
}
