/**
 * Limits on what a model file may contain, checked before anything walks the document recursively:
 * nesting depth (a file nested 10,000 levels deep would otherwise overflow the stack of every recursive
 * walker) and the size of a single weight.
 */
import {SerializationError} from '../errors.js';

/**
 * Deepest nesting of arrays and objects accepted in a model document. Real models stay far below it: each
 * nested model adds about six levels, each layer config about five.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Most elements one weight may have (2^31, 8 GiB of float32). Layers refuse larger weights before
 * allocating anything.
 */
export const MAX_WEIGHT_ELEMENTS = 2 ** 31;

/**
 * Default cap on all weights of a model built by `fromJSON` (2^26 elements, 256 MiB of float32): a
 * topology without weights draws fresh ones, and a file of a few hundred bytes must not make it draw
 * gigabytes. `fromJSON`'s `maxWeightElements` option raises it; `loadModel` is bounded by the manifest.
 */
export const MAX_FRESH_WEIGHT_ELEMENTS = 2 ** 26;

function pointer(keys: readonly string[]): string {
  return keys.map((k) => `/${k.length > 40 ? `${k.slice(0, 40)}…` : k}`).join('') || '/';
}

/**
 * Checks, without recursion, that `doc` nests at most `maxDepth` arrays/objects deep. Throws a
 * SerializationError naming `source` and the JSON path where the limit is passed.
 */
export function checkJsonDepth(doc: unknown, source: string, maxDepth = MAX_JSON_DEPTH, basePath = ''): void {
  interface Frame {
    value: unknown;
    depth: number;
    parent: Frame | null;
    key: string;
  }
  const stack: Frame[] = [{value: doc, depth: 0, parent: null, key: ''}];
  while (stack.length > 0) {
    const f = stack.pop() as Frame;
    if (typeof f.value !== 'object' || f.value === null) continue;
    if (f.depth >= maxDepth) {
      const keys: string[] = [];
      for (let p: Frame | null = f; p !== null && p.parent !== null; p = p.parent) keys.unshift(p.key);
      throw new SerializationError(`${source}: the document is nested too deeply at ${basePath}${pointer(keys.slice(0, 24))}${keys.length > 24 ? '/…' : ''}: more than ${maxDepth} levels of arrays and objects`);
    }
    if (Array.isArray(f.value)) {
      f.value.forEach((v: unknown, i) => typeof v === 'object' && v !== null && stack.push({value: v, depth: f.depth + 1, parent: f, key: String(i)}));
    } else {
      for (const [k, v] of Object.entries(f.value)) if (typeof v === 'object' && v !== null) stack.push({value: v, depth: f.depth + 1, parent: f, key: k});
    }
  }
}
