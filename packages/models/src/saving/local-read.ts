/**
 * Reading a model folder from `file://` without reaching outside it or reading forever.
 *
 * - Every file is opened with O_RDONLY | O_NONBLOCK (a FIFO opens at once instead of waiting for a
 *   writer), `fstat`ed through the handle, and refused unless it is a regular file: /dev/zero, a FIFO, a
 *   socket or a directory fail with a SerializationError naming the path, and nothing is read from them.
 * - model.json is read only if its size is at most MAX_MODEL_JSON_BYTES (256 MB, checked before reading).
 * - Shard paths from the manifest must be relative paths that stay in the model folder: absolute paths,
 *   `..` that climbs out, URLs (`file:`, any scheme), backslashes and NUL bytes are refused before any file
 *   is touched, and the path's real path (symbolic links resolved) must lie inside the folder's real path.
 *   Symlinks inside the folder to files inside it are fine. Messages quote the manifest path only and say
 *   nothing about what lies outside (no size, no contents).
 * - A load never mixes two saves: the folder's identity (device, inode) is taken before model.json is
 *   read and checked again once every shard is open; atomic saves swap in a new folder, so a change means
 *   the files may come from two saves, and the load starts over (FolderReplacedError, retried in load.ts).
 * - Open all, then verify, then read: every shard of every group is opened and fstat'ed first; the sizes
 *   must add up to the bytes the group's manifest implies (truncated or extended files are refused with
 *   expected vs actual), and then each file is read for exactly its size, never more.
 */
import {SerializationError, describe} from '@stratum/core';
import {fsMessage, nodeFs} from './node-fs.js';
import type {NodeFs} from './node-fs.js';
import {dirnameOf, fileLabel, isInside, joinPath, normalizePath} from './posix-path.js';
import {concatBuffers, specByteLength} from './weights.js';
import type {WeightsManifestGroup} from './weights.js';

/** Largest model.json read from disk: 256 MB (a topology is kilobytes; the bytes live in the shards). */
export const MAX_MODEL_JSON_BYTES = 256 * 1024 * 1024;

type Handle = Awaited<ReturnType<NodeFs['open']>>;

interface OpenFile {
  label: string;
  handle: Handle;
  size: number;
}

function kindOf(st: {isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean}): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Opens `path` without blocking and checks it is a regular file; the caller closes the handle. */
async function openRegular(fs: NodeFs, path: string, label: string, what: string, extraFlags = 0): Promise<OpenFile> {
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | extraFlags;
  let handle: Handle;
  try {
    handle = await fs.open(path, flags);
  } catch (e) {
    throw new SerializationError(`cannot read ${label}: ${fsMessage(e)}`);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new SerializationError(`cannot read ${label}: it is ${kindOf(st)}, expected a regular file (${what})`);
    return {label, handle, size: st.size};
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e instanceof SerializationError ? e : new SerializationError(`cannot read ${label}: ${fsMessage(e)}`);
  }
}

/** Reads exactly `f.size` bytes from the start of the file (never more); fewer means it shrank. */
async function readExactly(f: OpenFile): Promise<Uint8Array> {
  const buf = new Uint8Array(f.size);
  let offset = 0;
  try {
    while (offset < f.size) {
      const {bytesRead} = await f.handle.read(buf, offset, f.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
  } catch (e) {
    throw new SerializationError(`cannot read ${f.label}: ${fsMessage(e)}`);
  }
  if (offset !== f.size) throw new SerializationError(`cannot read ${f.label}: it shrank while being read (${offset} of ${f.size} bytes)`);
  return buf;
}

/**
 * Thrown when the model folder was replaced (an atomic save by this or another process) while a load was
 * reading it: the files read may belong to two saves, so the load starts over (load.ts retries).
 */
export class FolderReplacedError extends SerializationError {}

/** The identity (device and inode) of a folder: a save swaps in a new folder, with a new identity. */
async function folderIdentity(fs: NodeFs, dir: string, label: string): Promise<string> {
  try {
    const st = await fs.stat(dir);
    return `${st.dev}:${st.ino}`;
  } catch (e) {
    throw new SerializationError(`cannot read ${label}: ${fsMessage(e)}`);
  }
}

/**
 * Reads a model.json (or Keras JSON) file: a regular file of at most MAX_MODEL_JSON_BYTES. `folder` is the
 * identity of its folder taken before reading, for readLocalShards to check that nothing was swapped.
 */
export async function readLocalJson(path: string): Promise<{text: string; folder: string}> {
  const label = fileLabel(path);
  const fs = await nodeFs(label);
  const folder = await folderIdentity(fs, dirnameOf(path), label);
  const f = await openRegular(fs, path, label, 'a model.json');
  try {
    if (f.size > MAX_MODEL_JSON_BYTES) throw new SerializationError(`cannot read ${label}: it is ${f.size} bytes, more than the ${MAX_MODEL_JSON_BYTES} bytes a model.json may have`);
    return {text: new TextDecoder('utf-8').decode(await readExactly(f)), folder};
  } finally {
    await f.handle.close().catch(() => undefined);
  }
}

/** Why a manifest path is refused before touching the disk, or null when it is a plain relative path. */
function lexicalProblem(p: string): string | null {
  if (p === '') return 'is empty';
  if (p.includes('\0')) return 'contains a NUL byte';
  if (p.includes('\\')) return 'contains a backslash';
  if (p.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return 'is a URL (or has a drive letter)';
  const norm = normalizePath(p);
  if (norm === '..' || norm.startsWith('../')) return 'leaves the model folder (..)';
  return null;
}

/** The real path of shard `p` of the folder whose real path is `realDir`, refused unless it stays inside. */
async function confine(fs: NodeFs, dir: string, realDir: string, p: string, source: string): Promise<string> {
  const refuse = (why: string): SerializationError =>
    new SerializationError(`${source}: weight file path ${describe(p)} ${why}; expected a relative path to a file inside the model folder`);
  const problem = lexicalProblem(p);
  if (problem !== null) throw refuse(problem);
  const joined = joinPath(dir, normalizePath(p));
  let real: string;
  try {
    real = await fs.realpath(joined);
  } catch (e) {
    const isLink = await fs.lstat(joined).then((st) => st.isSymbolicLink(), () => false);
    if (isLink) throw refuse('is a symbolic link that does not lead to a file inside the model folder');
    throw new SerializationError(`cannot read ${fileLabel(joined)}: ${fsMessage(e)}`);
  }
  if (!isInside(real, realDir)) throw refuse('leads (through a symbolic link) outside the model folder');
  return real;
}

function byteLengthOf(group: WeightsManifestGroup, files: string): number {
  return group.weights.reduce((n, s) => n + specByteLength(s, files), 0);
}

function sizeMismatch(group: WeightsManifestGroup, files: string, actual: number, expected: number): SerializationError {
  const what = actual < expected ? 'truncated' : 'longer than its manifest';
  const list = group.weights.map((s) => `${s.name} [${s.shape.join(', ')}] ${s.dtype}`).join(', ');
  const shown = list.length > 500 ? `${list.slice(0, 500)}…` : list;
  return new SerializationError(`${files}: weight data is ${what}: ${actual} bytes, expected ${expected} bytes for ${group.weights.length} weights (${shown})`);
}

/**
 * Reads the shards of every manifest group of the model whose model.json is `jsonPath`; returns each
 * group's bytes (exactly the manifest's byte length) and the label naming its files.
 */
export async function readLocalShards(jsonPath: string, groups: readonly WeightsManifestGroup[], source: string, folder: string): Promise<{data: ArrayBuffer; files: string}[]> {
  const fs = await nodeFs(source);
  const dir = dirnameOf(jsonPath);
  const replaced = (): FolderReplacedError => new FolderReplacedError(`${source}: the model folder was replaced while it was being read`);
  const stillSame = (): Promise<boolean> => folderIdentity(fs, dir, source).then((id) => id === folder, () => false);
  const opened: OpenFile[][] = [];
  try {
    try {
      const realDir = await fs.realpath(dir);
      for (const group of groups) {
        const files: OpenFile[] = [];
        opened.push(files);
        for (const p of group.paths) {
          const real = await confine(fs, dir, realDir, p, source);
          files.push(await openRegular(fs, real, fileLabel(joinPath(dir, normalizePath(p))), 'a weight file', fs.constants.O_NOFOLLOW ?? 0));
        }
      }
    } catch (e) {
      // A missing shard (or folder) in the instant a save swaps folders is not the model's fault: start over.
      throw (await stillSame()) ? (e instanceof SerializationError ? e : new SerializationError(`cannot read the model folder ${fileLabel(dir)}: ${fsMessage(e)}`)) : replaced();
    }
    // All shards are open: if the folder is still the one model.json was read from, they all belong to it.
    if (!(await stillSame())) throw replaced();
    const labels = groups.map((g, i) => (g.paths.length === 0 ? `${source} (no weight files)` : (opened[i] as OpenFile[]).map((f) => f.label).join(' + ')));
    groups.forEach((g, i) => {
      const expected = byteLengthOf(g, labels[i] as string);
      const actual = (opened[i] as OpenFile[]).reduce((n, f) => n + f.size, 0);
      if (actual !== expected) throw sizeMismatch(g, labels[i] as string, actual, expected);
    });
    const out: {data: ArrayBuffer; files: string}[] = [];
    for (const [i, files] of opened.entries()) {
      const parts: Uint8Array[] = [];
      for (const f of files) parts.push(await readExactly(f));
      out.push({data: concatBuffers(parts), files: labels[i] as string});
    }
    return out;
  } finally {
    await Promise.all(opened.flat().map((f) => f.handle.close().catch(() => undefined)));
  }
}
