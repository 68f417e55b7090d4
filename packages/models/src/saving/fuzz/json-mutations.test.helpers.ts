/**
 * Mutations of JSON documents for the loader fuzz test: drop, rename, retype, nest and duplicate keys and
 * values, and swap class names. Each mutation is data (kind + indices) so fast-check can generate, print
 * and replay it; `applyJsonMutation` is deterministic.
 */

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
export type JsonPath = (string | number)[];

export const JSON_MUTATION_KINDS = ['drop', 'rename', 'retype', 'nest', 'duplicate', 'classname'] as const;
export type JsonMutationKind = (typeof JSON_MUTATION_KINDS)[number];

export interface JsonMutation {
  kind: JsonMutationKind;
  /** Which path (modulo the number of candidate paths). */
  at: number;
  /** Which replacement (modulo the size of the kind's palette). */
  pick: number;
}

function isRecord(v: Json | undefined): v is {[key: string]: Json} {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Paths are collected down to this depth (a mutation may have nested a value 10,000 deep). */
const MAX_PATH_DEPTH = 64;

/** Every path below the root down to MAX_PATH_DEPTH, depth-first, without recursion. */
export function jsonPaths(doc: Json): JsonPath[] {
  const out: JsonPath[] = [];
  const stack: {value: Json; path: JsonPath}[] = [{value: doc, path: []}];
  while (stack.length > 0) {
    const {value, path} = stack.pop() as {value: Json; path: JsonPath};
    if (path.length > 0) out.push(path);
    if (path.length >= MAX_PATH_DEPTH) continue;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({value: v, path: [...path, i]}));
    else if (isRecord(value)) for (const k of Object.keys(value)) stack.push({value: value[k] as Json, path: [...path, k]});
  }
  return out;
}

function getAt(doc: Json, path: JsonPath): Json | undefined {
  let v: Json | undefined = doc;
  for (const k of path) {
    if (Array.isArray(v) && typeof k === 'number') v = v[k];
    else if (isRecord(v) && typeof k === 'string' && Object.hasOwn(v, k)) v = v[k];
    else return undefined;
  }
  return v;
}

/** Own-property assignment, so keys such as `__proto__` become data, as JSON.parse makes them. */
function setOwn(obj: {[key: string]: Json}, key: string, value: Json): void {
  Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true});
}

/** JSON text of `root` without recursion (JSON.stringify overflows the stack on 10,000-deep objects). */
export function stringifyJson(root: Json): string {
  const out: string[] = [];
  const stack: ({value: Json} | {text: string})[] = [{value: root}];
  while (stack.length > 0) {
    const frame = stack.pop() as {value: Json} | {text: string};
    if ('text' in frame) {
      out.push(frame.text);
      continue;
    }
    const v = frame.value;
    if (typeof v !== 'object' || v === null) {
      out.push(JSON.stringify(v));
      continue;
    }
    const entries: [string, Json][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    stack.push({text: Array.isArray(v) ? ']' : '}'});
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i] as [string, Json];
      stack.push({value: x});
      if (!Array.isArray(v)) stack.push({text: `${JSON.stringify(k)}:`});
      if (i > 0) stack.push({text: ','});
    }
    stack.push({text: Array.isArray(v) ? '[' : '{'});
  }
  return out.join('');
}

/** A deep copy that keeps `__proto__` keys as data (as JSON.parse makes them) and copes with deep nesting. */
export function cloneJson(v: Json): Json {
  return JSON.parse(stringifyJson(v)) as Json;
}

function nestedValue(depth: number, inner: Json, asArray: boolean): Json {
  let v = inner;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : {a: v};
  return v;
}

/** Values of other types and out-of-range numbers; JSON.parse keeps `__proto__` an own key. */
const RETYPE_VALUES: readonly (() => Json)[] = [
  () => null, () => true, () => false, () => 0, () => -1, () => 1.5, () => 3e7, () => 1e9, () => 2 ** 31, () => -1e300, () => 1e300,
  () => '', () => 'relu', () => 'x'.repeat(200_000), () => [], () => {
    return {};
  },
  () => [null], () => [-1, 2.5], () => ({class_name: 'constructor', config: {}}), () => JSON.parse('{"__proto__": {"polluted": true}}') as Json,
  () => '../../outside/w.bin', () => ({class_name: 'Dense', config: {units: 3e7}}), () => [[[[['deep']]]]],
];

const RENAMES: readonly ((key: string) => string)[] = [
  () => '__proto__', () => 'constructor', () => 'toString', () => '', (k) => `${k}_x`, (k) => k.toUpperCase(),
  (k) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), () => 'class_name', () => 'config', () => 'inbound_nodes',
];

const CLASS_NAMES: readonly string[] = [
  'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'Lambda', 'TFOpLambda', 'NoSuchLayer',
  'Dense', 'Conv2D', 'Sequential', 'Functional', 'Model', 'InputLayer', 'Flatten', 'test>AddPair', 'x'.repeat(100_000),
];

const NEST_DEPTHS = [1, 2, 50, 10_000] as const;

function classNamePaths(paths: readonly JsonPath[]): JsonPath[] {
  return paths.filter((p) => p[p.length - 1] === 'class_name' || p[p.length - 1] === 'registered_name');
}

/**
 * Applies one mutation to a copy of `doc`. Returns the new document and a short label (kind and path) for
 * reports; `null` when the document has no place the mutation applies to.
 */
export function applyJsonMutation(doc: Json, m: JsonMutation): {doc: Json; label: string} | null {
  const copy = cloneJson(doc);
  const all = jsonPaths(copy);
  const candidates = m.kind === 'classname' ? classNamePaths(all) : m.kind === 'duplicate' ? all.filter((p) => typeof p[p.length - 1] === 'number') : all;
  if (candidates.length === 0) return null;
  const path = candidates[m.at % candidates.length] as JsonPath;
  const parent = getAt(copy, path.slice(0, -1));
  const key = path[path.length - 1] as string | number;
  const label = `${m.kind}@/${path.join('/')}`;
  const put = (value: Json): void => {
    if (Array.isArray(parent)) parent[key as number] = value;
    else if (isRecord(parent)) setOwn(parent, key as string, value);
  };
  const current = getAt(copy, path) ?? null;
  switch (m.kind) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else if (isRecord(parent)) delete parent[key as string];
      break;
    case 'rename': {
      if (!isRecord(parent)) return {doc: copy, label: `${label} (array: dropped)`};
      const renamed = (RENAMES[m.pick % RENAMES.length] as (k: string) => string)(key as string);
      delete parent[key as string];
      setOwn(parent, renamed, current);
      return {doc: copy, label: `${label} -> ${renamed.slice(0, 20)}`};
    }
    case 'retype':
      put((RETYPE_VALUES[m.pick % RETYPE_VALUES.length] as () => Json)());
      break;
    case 'nest': {
      const depth = NEST_DEPTHS[m.pick % NEST_DEPTHS.length] as number;
      put(nestedValue(depth, current, m.pick % 2 === 0));
      return {doc: copy, label: `${label} x${depth}`};
    }
    case 'duplicate':
      (parent as Json[]).splice(key as number, 0, cloneJson(current));
      break;
    case 'classname':
      put(CLASS_NAMES[m.pick % CLASS_NAMES.length] as string);
      return {doc: copy, label: `${label} = ${(CLASS_NAMES[m.pick % CLASS_NAMES.length] as string).slice(0, 20)}`};
  }
  return {doc: copy, label};
}
