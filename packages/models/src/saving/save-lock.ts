/**
 * In-process serialization of saves: saves to one resolved folder run one after another, in call order,
 * so two `model.save('file://x')` calls that are not awaited cannot interleave their renames. (Across
 * processes the rename swap in atomic-write.ts keeps the folder consistent on its own.)
 */
import {dirnameOf, normalizePath} from './posix-path.js';
import {fileModelJsonPath} from './io.js';

const tails = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task queued under `key` has settled; a failure does not block the queue. */
export async function withPathLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  let release = (): void => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => mine);
  tails.set(key, tail);
  await before;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/**
 * A key for a `file://` target known without touching the disk: its folder as a normalized absolute path
 * (relative paths against the working directory). Symlinked spellings of one folder get different keys;
 * the real-path lock in atomic-write.ts still serializes those.
 */
export function absoluteKey(url: string): string {
  const dir = dirnameOf(fileModelJsonPath(url));
  const cwd = typeof process === 'object' && typeof process.cwd === 'function' ? process.cwd() : '/';
  return normalizePath(dir.startsWith('/') ? dir : `${cwd}/${dir}`);
}
