/**
 * Hyper-parameter checks shared by the optimizers and the learning-rate schedules. Every failure is a
 * `ValueError` that names the owner, the argument, what was expected and the value received.
 */
import {ValueError, describe} from '../errors.js';

function fail(owner: string, what: string, expected: string, value: unknown): never {
  throw new ValueError(`${owner}: ${what} must be ${expected}, received ${describe(value)}`);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A finite number in [0, 1). */
export function requireUnitInterval(owner: string, what: string, v: unknown): number {
  if (!(isNumber(v) && v >= 0 && v < 1)) fail(owner, what, 'in [0, 1)', v);
  return v;
}

/** A finite number in [0, 1]. */
export function requireClosedUnitInterval(owner: string, what: string, v: unknown): number {
  if (!(isNumber(v) && v >= 0 && v <= 1)) fail(owner, what, 'in [0, 1]', v);
  return v;
}

/** A finite number > 0. */
export function requirePositive(owner: string, what: string, v: unknown): number {
  if (!(isNumber(v) && v > 0)) fail(owner, what, 'positive', v);
  return v;
}

/** A finite number >= 0. */
export function requireNonNegative(owner: string, what: string, v: unknown): number {
  if (!(isNumber(v) && v >= 0)) fail(owner, what, 'a finite number >= 0', v);
  return v;
}

/** A finite number (any sign). */
export function requireFinite(owner: string, what: string, v: unknown): number {
  if (!isNumber(v)) fail(owner, what, 'a finite number', v);
  return v;
}

/** A finite number <= `max`. */
export function requireAtMost(owner: string, what: string, v: unknown, max: number): number {
  if (!(isNumber(v) && v <= max)) fail(owner, what, `a finite number <= ${max}`, v);
  return v;
}

/** An integer >= `min`. */
export function requireInteger(owner: string, what: string, v: unknown, min: number): number {
  if (!(isNumber(v) && Number.isInteger(v) && v >= min)) fail(owner, what, `an integer >= ${min}`, v);
  return v;
}

/** A boolean. */
export function requireBoolean(owner: string, what: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(owner, what, 'true or false', v);
  return v;
}
