/**
 * Typed nesting for multi-input / multi-output structures: a leaf, a list of nested values, or a
 * string-keyed record of nested values. Used instead of `T | T[]` unions held together by casts.
 */
import {describe} from '../errors.js';

export type Nested<T> = T | readonly Nested<T>[] | {readonly [key: string]: Nested<T>};

/** A plain object (`{...}`): the record case of a nested structure (not an array, a tensor or a class instance). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Flattens a nested structure to its leaves, depth first; record keys in sorted order (as Keras's
 * `tree.flatten` does for dicts).
 */
export function flatten<T>(structure: Nested<T>, isLeaf: (v: unknown) => v is T): T[] {
  const out: T[] = [];
  const visit = (s: unknown): void => {
    if (isLeaf(s)) out.push(s);
    else if (Array.isArray(s)) s.forEach(visit);
    else if (isRecord(s)) Object.keys(s).sort().forEach((k) => visit(s[k]));
    else throw new TypeError(`flatten: unexpected value ${describe(s)} in nested structure`);
  };
  visit(structure);
  return out;
}

/** Maps every leaf of a nested structure, keeping the structure. */
export function mapStructure<T, U>(structure: Nested<T>, isLeaf: (v: unknown) => v is T, fn: (leaf: T, index: number) => U): Nested<U> {
  let i = 0;
  const visit = (s: unknown): Nested<U> => {
    if (isLeaf(s)) return fn(s, i++);
    if (Array.isArray(s)) return s.map(visit);
    if (isRecord(s)) {
      const out: Record<string, Nested<U>> = {};
      // visit in sorted order so indices agree with flatten()
      for (const k of Object.keys(s).sort()) out[k] = visit(s[k]);
      return out;
    }
    throw new TypeError(`mapStructure: unexpected value ${describe(s)} in nested structure`);
  };
  return visit(structure);
}

/** Rebuilds `structure`'s shape with the leaves taken in order from `flat` (inverse of flatten). */
export function packSequenceAs<T, U>(structure: Nested<T>, isLeaf: (v: unknown) => v is T, flat: readonly U[]): Nested<U> {
  const expected = flatten(structure, isLeaf).length;
  if (expected !== flat.length) {
    throw new TypeError(`packSequenceAs: the structure has ${expected} leaves, received ${flat.length} values`);
  }
  return mapStructure(structure, isLeaf, (_leaf, i) => flat[i] as U);
}
