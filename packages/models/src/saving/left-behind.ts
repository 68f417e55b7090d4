/**
 * Folders an atomic save leaves beside its target when its process dies mid-way (atomic-write.ts names
 * them `.<name>.stratum-save-<pid>-<time>-<random>` for the new model being written and
 * `.<name>.stratum-old-<pid>-<time>-<random>` for the previous model moved aside).
 *
 * A kill between the save's two renames leaves the target absent and the previous model in an `old`
 * folder. The next save to that target first renames it back (so that save, if it fails, still leaves the
 * earlier model loadable), and a load that finds no model says where the previous one is.
 */
import type {NodeFs} from './node-fs.js';
import {basenameOf, dirnameOf, joinPath} from './posix-path.js';

export interface LeftBehind {
  path: string;
  kind: 'save' | 'old';
  pid: number;
  /** When the save started (ms since the epoch). */
  time: number;
}

export function isAlive(pid: number): boolean {
  if (typeof process !== 'object' || typeof process.kill !== 'function') return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as {code?: unknown}).code !== 'ESRCH';
  }
}

/** The save folders beside `target` whose process has died (none when the parent cannot be read). */
export async function deadSaveFolders(fs: NodeFs, target: string): Promise<LeftBehind[]> {
  const parent = dirnameOf(target);
  const prefix = `.${basenameOf(target)}.stratum-`;
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  const out: LeftBehind[] = [];
  for (const n of names) {
    const m = n.startsWith(prefix) ? /^(save|old)-(\d+)-([a-z0-9]+)-[a-z0-9]+$/.exec(n.slice(prefix.length)) : null;
    if (m === null || isAlive(Number(m[2]))) continue;
    out.push({path: joinPath(parent, n), kind: m[1] as 'save' | 'old', pid: Number(m[2]), time: parseInt(m[3] as string, 36)});
  }
  return out;
}

async function exists(fs: NodeFs, path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/** The newest previous model a dead save moved aside from `target`, when `target` itself is absent. */
export async function interruptedSaveAside(fs: NodeFs, target: string, jsonName: string): Promise<string | null> {
  if (await exists(fs, target)) return null;
  const olds = (await deadSaveFolders(fs, target)).filter((f) => f.kind === 'old').sort((a, b) => b.time - a.time);
  for (const f of olds) if (await exists(fs, joinPath(f.path, jsonName))) return f.path;
  return null;
}

/** Puts back the previous model a dead save left aside (see the file comment); true when it did. */
export async function restoreInterruptedSave(fs: NodeFs, target: string, jsonName: string): Promise<boolean> {
  const aside = await interruptedSaveAside(fs, target, jsonName);
  if (aside === null) return false;
  return fs.rename(aside, target).then(
    () => true,
    () => false,
  );
}
