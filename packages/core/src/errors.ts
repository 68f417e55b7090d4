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

/** Longest string `describe` quotes whole; longer ones are cut and their length given. */
export const DESCRIBE_MAX_STRING = 80;
/** Longest rendering of an array or object; nesting deeper than `DESCRIBE_MAX_DEPTH` shows as `[…]` / `{…}`. */
const DESCRIBE_MAX_LENGTH = 120;
const DESCRIBE_MAX_DEPTH = 4;

function quote(s: string): string {
  if (s.length <= DESCRIBE_MAX_STRING) return JSON.stringify(s);
  return `${JSON.stringify(s.slice(0, DESCRIBE_MAX_STRING))}… (${s.length} chars)`;
}

/** JSON-like rendering with a depth cap and an early stop once `budget` characters are written. */
function render(value: unknown, depth: number, seen: Set<object>, out: {text: string}): void {
  if (out.text.length > DESCRIBE_MAX_LENGTH) return;
  if (typeof value === 'string') out.text += quote(value);
  else if (typeof value === 'number') out.text += Number.isFinite(value) ? String(value) : 'null';
  else if (typeof value === 'boolean' || value === null) out.text += String(value);
  else if (typeof value !== 'object') out.text += 'null';
  else if (seen.has(value)) throw new TypeError('cyclic');
  else if (depth >= DESCRIBE_MAX_DEPTH) out.text += Array.isArray(value) ? '[…]' : '{…}';
  else {
    seen.add(value);
    const isArray = Array.isArray(value);
    out.text += isArray ? '[' : '{';
    let first = true;
    const keys = isArray ? null : Object.keys(value);
    const n = keys === null ? (value as unknown[]).length : keys.length;
    for (let i = 0; i < n; i++) {
      if (out.text.length > DESCRIBE_MAX_LENGTH) break;
      const key = keys === null ? String(i) : (keys[i] as string);
      const v = (value as Record<string, unknown>)[key];
      if (!isArray && (v === undefined || typeof v === 'function')) continue;
      if (!first) out.text += ',';
      first = false;
      if (!isArray) out.text += `${quote(key)}:`;
      render(v, depth + 1, seen, out);
    }
    out.text += isArray ? ']' : '}';
    seen.delete(value);
  }
}

/**
 * Renders a value for an error message: short, unambiguous, never throws. Strings longer than
 * {@link DESCRIBE_MAX_STRING} characters are cut (`"abc…"… (N chars)`), arrays and objects are cut at
 * 120 characters and 4 levels, so neither a huge nor a deeply nested value ends up in a message.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // JSON would turn NaN into null
  if (typeof value === 'function') return `function ${value.name.slice(0, DESCRIBE_MAX_STRING) || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString().slice(0, DESCRIBE_MAX_STRING);
  if (typeof value === 'object' && value !== null && 'shape' in value && Array.isArray((value as {shape: unknown}).shape)) {
    return `a tensor of shape [${(value as {shape: unknown[]}).shape.slice(0, 8).join(', ')}${(value as {shape: unknown[]}).shape.length > 8 ? ', …' : ''}]`;
  }
  const instance = describeInstance(value);
  if (instance !== null) return instance;
  try {
    const out = {text: ''};
    render(value, 0, new Set(), out);
    return out.text.length > DESCRIBE_MAX_LENGTH ? `${out.text.slice(0, DESCRIBE_MAX_LENGTH - 3)}...` : out.text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * An instance of a class with its own `toString` (a layer, a symbolic tensor) is described by it, cut to
 * the usual length: its fields may be cyclic or huge, and would otherwise print as `[object Object]`.
 */
function describeInstance(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return null;
  const toString = (value as {toString?: unknown}).toString;
  if (typeof toString !== 'function' || toString === Object.prototype.toString) return null;
  try {
    const text = String(toString.call(value));
    return text.length > DESCRIBE_MAX_LENGTH ? `${text.slice(0, DESCRIBE_MAX_LENGTH - 3)}...` : text;
  } catch {
    return null;
  }
}
