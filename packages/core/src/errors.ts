/**
 * Stratum's error family. Every message names the value received and what was expected,
 * e.g. `Dense: units must be a positive integer, received -3`.
 */

/** A value is out of range, of the wrong kind, or unknown. */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

/** A tensor or layer received a shape it cannot work with. */
export class ShapeError extends ValueError {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** A file or config could not be read, written or validated. */
export class SerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerializationError';
  }
}

/** A feature that exists in Keras or TF.js but is not available here (yet, or on this backend). */
export class NotSupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotSupportedError';
  }
}

/** A method was called in the wrong state (e.g. `fit` before `compile`). */
export class RuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** Renders a value for an error message: short, unambiguous, never throws. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // JSON would turn NaN into null
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object' && value !== null && 'shape' in value && Array.isArray((value as {shape: unknown}).shape)) {
    return `a tensor of shape [${(value as {shape: number[]}).shape.join(', ')}]`;
  }
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}
