/**
 * Atomic saves to `file://dir`: a reader of `dir` sees the old model or the new one, never a mix.
 *
 * 1. Every file (shards, then model.json) is written and fsync'ed into a fresh folder beside the target
 *    (`<parent>/.<name>.stratum-save-<pid>-<random>`, same file system, so renames are atomic).
 * 2. The old folder is renamed aside (`.<name>.stratum-old-…`), the new one renamed into place, and the old
 *    one removed. Between the two renames the folder is briefly absent (a reader gets "no such file"),
 *    but it never holds a partial model. If the second rename fails the old folder is renamed back.
 * 3. Any failure before the swap removes the temporary folder: the earlier model stays byte-identical, and
 *    the SerializationError names the file that failed (e.g. the shard hit by EFBIG or ENOSPC).
 *
 * A save killed mid-way leaves its hidden temporary folder behind (the target is untouched); the next save
 * to the same target removes such folders once the process that made them (pid in the name) is gone. A
 * kill between the two renames leaves the target absent: the next save renames the previous model back
 * first, and a load says where it is (left-behind.ts).
 *
 * Saves to one resolved folder are queued in-process (save-lock.ts). Across processes, `rename` onto an
 * existing non-empty folder fails instead of merging, so the swap is retried and the last save wins whole.
 *
 * Because the folder is replaced as a whole, the target must hold only a saved model: the model.json,
 * files named in its manifest and `group<i>-shard<j>of<n>.bin` / `weights.bin`. A folder holding anything
 * else (the user's own files) is refused with a SerializationError naming one such entry, rather than
 * moving or deleting files Stratum did not write: save into a folder of its own.
 */
import {SerializationError, describe} from '@stratum/core';
import {fsMessage, nodeFs} from './node-fs.js';
import type {NodeFs} from './node-fs.js';
import {basenameOf, dirnameOf, fileLabel, joinPath, normalizePath} from './posix-path.js';
import {deadSaveFolders, restoreInterruptedSave} from './left-behind.js';
import {withPathLock} from './save-lock.js';

/** One file of the model folder: a bare file name and its contents. */
export interface ModelFile {
  name: string;
  data: Uint8Array | string;
}

export interface FolderWriteOptions {
  /** When false, refuse if the folder already holds a model (default true). */
  overwrite?: boolean;
}

const SWAP_ATTEMPTS = 5;
const MODEL_FILE = /^(group\d+-shard\d+of\d+\.bin|weights\.bin)$/;

function codeOf(e: unknown): string | undefined {
  const c = (e as {code?: unknown} | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

function uniqueSuffix(): string {
  const pid = typeof process === 'object' && typeof process.pid === 'number' ? process.pid : 0;
  return `${pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The target folder as an absolute real path (parents created), so the lock key and renames agree. */
async function resolveTarget(fs: NodeFs, dir: string): Promise<string> {
  try {
    return await fs.realpath(dir);
  } catch (e) {
    if (codeOf(e) !== 'ENOENT') throw e;
  }
  const norm = normalizePath(dir);
  const name = basenameOf(norm);
  if (name === '' || name === '.' || name === '..') throw new SerializationError(`save: ${describe(dir)} does not name a folder`);
  const parent = dirnameOf(norm);
  await fs.mkdir(parent, {recursive: true});
  return joinPath(await fs.realpath(parent), name);
}

/** Names that a previous save may have put in the folder (its manifest paths, read best-effort). */
async function previousModelFiles(fs: NodeFs, dir: string, jsonName: string): Promise<Set<string>> {
  const names = new Set<string>([jsonName]);
  try {
    const st = await fs.lstat(joinPath(dir, jsonName));
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return names;
    const doc = JSON.parse(await fs.readFile(joinPath(dir, jsonName), 'utf8')) as {weightsManifest?: {paths?: unknown}[]};
    for (const g of Array.isArray(doc.weightsManifest) ? doc.weightsManifest : []) {
      for (const p of Array.isArray(g?.paths) ? g.paths : []) if (typeof p === 'string' && !p.includes('/')) names.add(p);
    }
  } catch {
    // No readable previous model.json: only the standard shard names count as model files.
  }
  return names;
}

/** What is at the target now: nothing, or a folder holding only model files (else a SerializationError). */
async function inspectTarget(fs: NodeFs, target: string, jsonName: string, url: string, overwrite: boolean): Promise<{exists: boolean; mode?: number}> {
  let st;
  try {
    st = await fs.lstat(target);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return {exists: false};
    throw new SerializationError(`cannot save to ${url}: ${fsMessage(e)}`);
  }
  if (!st.isDirectory()) throw new SerializationError(`cannot save to ${url}: ${describe(target)} exists and is not a folder`);
  let entries: string[];
  try {
    entries = await fs.readdir(target);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return {exists: false}; // another process is swapping it right now
    throw new SerializationError(`cannot save to ${url}: ${fsMessage(e)}`);
  }
  if (!overwrite && entries.includes(jsonName)) {
    throw new SerializationError(`cannot save to ${url}: a model already exists there (${describe(joinPath(target, jsonName))}) and overwrite is false`);
  }
  const known = await previousModelFiles(fs, target, jsonName);
  const foreign = entries.find((n) => !known.has(n) && !MODEL_FILE.test(n));
  if (foreign !== undefined) {
    throw new SerializationError(
      `cannot save to ${url}: the folder holds ${describe(foreign)}, which is not part of a saved model; a save replaces the whole folder atomically, so save into a folder of its own`,
    );
  }
  return {exists: true, mode: st.mode & 0o7777};
}

/** Removes temporary and set-aside folders of earlier saves to `target` whose process has died (a kill mid-save). */
async function removeStale(fs: NodeFs, target: string, jsonName: string): Promise<void> {
  for (const f of await deadSaveFolders(fs, target)) await removeModelFolder(fs, f.path, jsonName);
}

async function writeOne(fs: NodeFs, path: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(fs: NodeFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Folder fsync is not supported everywhere; the rename is still atomic.
  }
}

/**
 * Renames the old folder aside and the new one into place; returns the set-aside folders to remove. When
 * another process put its model in between our two renames (ENOTEMPTY/EEXIST), that model is moved aside
 * too and ours goes in: the last save wins, whole.
 */
async function swapIn(fs: NodeFs, temp: string, target: string, url: string, overwrite: boolean): Promise<string[]> {
  const parent = dirnameOf(target);
  const name = basenameOf(target);
  const asides: string[] = [];
  for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt++) {
    let aside: string | null = `${parent}/.${name}.stratum-old-${uniqueSuffix()}`;
    try {
      await fs.rename(target, aside);
      asides.push(aside);
    } catch (e) {
      if (codeOf(e) !== 'ENOENT') throw new SerializationError(`cannot save to ${url}: cannot move the previous model aside (${fsMessage(e)}); it is unchanged`);
      aside = null;
    }
    try {
      await fs.rename(temp, target);
      return asides;
    } catch (e) {
      const raced = codeOf(e) === 'ENOTEMPTY' || codeOf(e) === 'EEXIST';
      if (raced && overwrite) continue; // another process put a model there between our renames: try again
      if (aside !== null && (await fs.rename(aside, target).then(() => true, () => false))) asides.pop();
      if (raced) throw new SerializationError(`cannot save to ${url}: a model already exists there and overwrite is false`);
      throw new SerializationError(`cannot save to ${url}: cannot move the new model into place (${fsMessage(e)}); the previous model is unchanged`);
    }
  }
  throw new SerializationError(`cannot save to ${url}: other saves kept replacing the folder (${SWAP_ATTEMPTS} attempts)`);
}

/** Removes a folder of ours (temporary or set aside) unless something other than model files appeared in it. */
async function removeModelFolder(fs: NodeFs, folder: string, jsonName: string): Promise<void> {
  try {
    const known = await previousModelFiles(fs, folder, jsonName);
    const entries = await fs.readdir(folder);
    if (entries.every((n) => known.has(n) || MODEL_FILE.test(n))) await fs.rm(folder, {recursive: true, force: true});
  } catch {
    // Already gone, or unreadable: leave it.
  }
}

/**
 * Writes `files` as the whole content of folder `dir` (created if needed), atomically. Returns the paths
 * written, as `dir/<name>`.
 */
export async function writeModelFolder(url: string, dir: string, jsonName: string, files: readonly ModelFile[], options: FolderWriteOptions = {}): Promise<string[]> {
  const fs = await nodeFs(url);
  const overwrite = options.overwrite ?? true;
  let target: string;
  try {
    target = await resolveTarget(fs, dir);
  } catch (e) {
    if (e instanceof SerializationError) throw e;
    throw new SerializationError(`cannot save to ${url}: ${fsMessage(e)}`);
  }
  const job: SaveJob = {fs, url, dir, target, jsonName, files, overwrite};
  return withPathLock(target, async () => {
    try {
      return await writeAndSwap(job);
    } catch (e) {
      throw e instanceof SerializationError ? e : new SerializationError(`cannot save to ${url}: ${fsMessage(e)}`);
    }
  });
}

interface SaveJob {
  fs: NodeFs;
  url: string;
  /** The folder as the caller spelled it (for messages and the returned paths). */
  dir: string;
  /** Its real path (parents resolved). */
  target: string;
  jsonName: string;
  files: readonly ModelFile[];
  overwrite: boolean;
}

async function writeAndSwap({fs, url, dir, target, jsonName, files, overwrite}: SaveJob): Promise<string[]> {
  await restoreInterruptedSave(fs, target, jsonName);
  const before = await inspectTarget(fs, target, jsonName, url, overwrite);
  await removeStale(fs, target, jsonName);
  const temp = `${dirnameOf(target)}/.${basenameOf(target)}.stratum-save-${uniqueSuffix()}`;
  let asides: string[] = [];
  try {
    await fs.mkdir(temp).catch((e: unknown) => {
      throw new SerializationError(`cannot save to ${url}: cannot create a temporary folder beside it (${fsMessage(e)})`);
    });
    for (const f of files) {
      try {
        await writeOne(fs, joinPath(temp, f.name), f.data);
      } catch (e) {
        const at = fileLabel(joinPath(dir, f.name));
        throw new SerializationError(`cannot write ${describe(f.name)} (${at}): ${fsMessage(e)}; the save was abandoned and the folder ${fileLabel(dir)} is unchanged`);
      }
    }
    if (before.mode !== undefined) await fs.chmod(temp, before.mode).catch(() => undefined);
    await syncFolder(fs, temp);
    asides = await swapIn(fs, temp, target, url, overwrite);
  } catch (e) {
    await fs.rm(temp, {recursive: true, force: true}).catch(() => undefined);
    throw e;
  }
  await syncFolder(fs, dirnameOf(target));
  for (const a of asides) await removeModelFolder(fs, a, jsonName);
  return files.map((f) => joinPath(dir, f.name));
}
