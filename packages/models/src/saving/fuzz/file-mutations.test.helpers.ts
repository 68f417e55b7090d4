/**
 * Mutations of a saved TF.js model folder for the loader fuzz test: bad shapes, dtypes, names and paths
 * in the weights manifest; truncated, extended, missing, outside-the-folder and special-file shards.
 * A folder is described as data (`FolderCase`) and then written by `writeFolder`.
 */
import {execFileSync} from 'node:child_process';
import {mkdir, readdir, rm, symlink, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {cloneJson, stringifyJson} from './json-mutations.test.helpers.js';
import type {Json} from './json-mutations.test.helpers.js';

export const FILE_MUTATION_KINDS = ['shape', 'dtype', 'name', 'path', 'shard', 'group'] as const;
export type FileMutationKind = (typeof FILE_MUTATION_KINDS)[number];

export interface FileMutation {
  kind: FileMutationKind;
  /** Which weight, path or shard (modulo their number). */
  at: number;
  /** Which replacement (modulo the kind's palette). */
  pick: number;
}

/** What lands in the model folder: model.json, shard files by name, and special entries. */
export interface FolderCase {
  doc: Json;
  shards: Map<string, Uint8Array>;
  /** Entries that are not plain files: a FIFO, a symlink out of the folder, a directory. */
  specials: Map<string, 'fifo' | 'link-out' | 'dir'>;
  /** Set when the case needs the special files (FIFO, /dev/zero): the runner can leave them out. */
  special: boolean;
}

interface Manifest {
  paths: Json[];
  weights: {name: Json; shape: Json; dtype: Json; [k: string]: Json}[];
  [k: string]: Json;
}

const SHAPES: readonly ((s: number[]) => Json)[] = [
  () => [], () => [0], () => [-1], () => [1e9], () => [3e7, 3e7], () => [2.5], () => ['3'], () => null,
  (s) => [...s, 1], (s) => [...s].reverse(), (s) => s.map((d) => d + 1), (s) => [s.reduce((a, b) => a * b, 1)],
];
const DTYPES: readonly Json[] = ['int32', 'float16', 'bool', 'uint8', 'complex64', 'string', 'float64', 'x', null, 7];
const NAMES: readonly ((n: string) => Json)[] = [
  () => 'x', () => '', () => 'dense_99/kernel', (n) => `${n}:0`, (n) => n.replace('/', '/cell_x/'), (n) => `other_${n}`, () => null, () => 12,
];

/** Outside-the-folder and special paths; `outside` is a copy of the shard beside the folder. */
function pathPalette(outsideDir: string, shardName: string): {value: Json; special: boolean}[] {
  return [
    {value: `../outside/${shardName}`, special: false},
    {value: join(outsideDir, shardName), special: false},
    {value: 'link-out.bin', special: false},
    {value: '/etc/passwd', special: false},
    {value: '/dev/zero', special: true},
    {value: '/dev/urandom', special: true},
    {value: 'fifo.bin', special: true},
    {value: 'a-directory', special: false},
    {value: '', special: false},
    {value: '.', special: false},
    {value: 'missing.bin', special: false},
    {value: `sub/../${shardName}`, special: false},
    {value: `file://${join(outsideDir, shardName)}`, special: false},
    {value: `..\\outside\\${shardName}`, special: false},
    {value: 42, special: false},
  ];
}

function isRecord(v: Json | undefined): v is {[key: string]: Json} {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The well-formed groups of the manifest (earlier mutations may have broken others). */
function manifestOf(doc: Json): Manifest[] {
  const m = isRecord(doc) ? doc['weightsManifest'] : undefined;
  if (!Array.isArray(m)) return [];
  return m.filter((g) => isRecord(g) && Array.isArray(g['paths']) && Array.isArray(g['weights'])) as unknown as Manifest[];
}

/** A short label for a value that may be nested 10,000 deep (JSON.stringify would overflow the stack). */
function show(v: Json): string {
  const text = stringifyJson(v);
  return text.length > 100 ? `${text.slice(0, 100)}… (${text.length} chars)` : text;
}

/**
 * Whether the mutation declares a weight as stored in float16: a storage format TF.js files may use (read
 * back as float32), so when the byte counts still add up the file is valid and holds other values.
 */
export function storesAsFloat16(m: FileMutation): boolean {
  return m.kind === 'dtype' && DTYPES[m.pick % DTYPES.length] === 'float16';
}

/** Applies one mutation to a folder case in place; returns a label for reports. */
export function applyFileMutation(c: FolderCase, m: FileMutation, outsideDir: string): string {
  const groups = manifestOf(c.doc);
  const weights = groups.flatMap((g) => g.weights.filter((w) => isRecord(w as Json)));
  const paths = groups.flatMap((g) => g.paths.map((_p, i) => ({g, i})));
  const w = weights[m.at % Math.max(weights.length, 1)];
  switch (m.kind) {
    case 'shape': {
      if (w === undefined) return 'shape: no weight';
      const f = SHAPES[m.pick % SHAPES.length] as (s: number[]) => Json;
      w.shape = f(Array.isArray(w.shape) ? (w.shape as number[]) : [1]);
      return `shape ${show(w.name as Json)} = ${show(w.shape as Json)}`;
    }
    case 'dtype':
      if (w === undefined) return 'dtype: no weight';
      w.dtype = DTYPES[m.pick % DTYPES.length] as Json;
      return `dtype ${show(w.name as Json)} = ${show(w.dtype as Json)}`;
    case 'name': {
      if (w === undefined) return 'name: no weight';
      const other = weights.find((o) => stringifyJson(o.shape as Json) !== stringifyJson(w.shape as Json));
      const next = m.pick % (NAMES.length + 1) === NAMES.length && other !== undefined ? other.name : (NAMES[m.pick % NAMES.length] as (n: string) => Json)(typeof w.name === 'string' ? w.name : show(w.name as Json));
      w.name = next;
      return `name -> ${show(next)}`;
    }
    case 'path': {
      const p = paths[m.at % Math.max(paths.length, 1)];
      if (p === undefined) return 'path: no path';
      const choice = pathPalette(outsideDir, typeof p.g.paths[p.i] === 'string' ? (p.g.paths[p.i] as string) : show(p.g.paths[p.i] as Json)).at(m.pick % 15) as {value: Json; special: boolean};
      p.g.paths[p.i] = choice.value;
      c.special ||= choice.special;
      return `path ${p.i} = ${show(choice.value)}`;
    }
    case 'shard':
      return mutateShard(c, m);
    case 'group': {
      const g = groups[0];
      if (g === undefined) return 'group: none';
      if (m.pick % 3 === 0) groups.push(cloneJson(g as unknown as Json) as unknown as Manifest);
      else if (m.pick % 3 === 1) g.weights.splice(m.at % Math.max(g.weights.length, 1), 1);
      else g.weights.push({...(cloneJson(g.weights[0] as Json) as Manifest['weights'][number]), group: 'optimizer'});
      return `group ${['duplicated', 'weight dropped', 'optimizer entry added'][m.pick % 3]}`;
    }
  }
}

function mutateShard(c: FolderCase, m: FileMutation): string {
  const names = [...c.shards.keys()];
  const name = names[m.at % Math.max(names.length, 1)];
  if (name === undefined) return 'shard: none';
  const bytes = c.shards.get(name) as Uint8Array;
  switch (m.pick % 6) {
    case 0:
      c.shards.set(name, bytes.slice(0, Math.max(0, bytes.length - 1 - (m.at % 7))));
      return `shard ${name} truncated`;
    case 1:
      c.shards.set(name, new Uint8Array([...bytes, ...new Uint8Array(1 + (m.at % 9))]));
      return `shard ${name} extended`;
    case 2:
      c.shards.set(name, new Uint8Array(0));
      return `shard ${name} emptied`;
    case 3:
      c.shards.delete(name);
      return `shard ${name} missing`;
    case 4:
      c.shards.delete(name);
      c.specials.set(name, 'dir');
      return `shard ${name} is a directory`;
    default:
      c.shards.delete(name);
      c.specials.set(name, 'fifo');
      c.special = true;
      return `shard ${name} is a FIFO`;
  }
}

/**
 * Empties `dir` and writes the case into it. `outsideDir` gets untouched copies of every shard (so a path
 * that escapes the folder finds real weights); `link-out.bin` points there.
 */
export async function writeFolder(c: FolderCase, dir: string, outsideDir: string, original: Map<string, Uint8Array>): Promise<void> {
  await rm(dir, {recursive: true, force: true});
  await mkdir(dir, {recursive: true});
  await mkdir(outsideDir, {recursive: true});
  if ((await readdir(outsideDir)).length === 0) for (const [n, b] of original) await writeFile(join(outsideDir, n), b);
  await writeFile(join(dir, 'model.json'), stringifyJson(c.doc));
  for (const [n, b] of c.shards) await writeFile(join(dir, n), b);
  const first = [...original.keys()][0] ?? 'none.bin';
  await symlink(join(outsideDir, first), join(dir, 'link-out.bin'));
  await mkdir(join(dir, 'a-directory'));
  const specials = new Map(c.specials);
  if (c.special) specials.set('fifo.bin', 'fifo');
  for (const [n, kind] of specials) {
    if (kind === 'dir') await mkdir(join(dir, n), {recursive: true});
    else if (kind === 'link-out') await symlink(join(outsideDir, first), join(dir, n));
    else execFileSync('mkfifo', [join(dir, n)]);
  }
}
