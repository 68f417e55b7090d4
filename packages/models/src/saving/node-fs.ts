/**
 * Node's `fs/promises`, reached only through a dynamic import so the package still loads in a browser
 * (bundlers are told to leave the import alone), plus a seam for tests: `setFsForTesting` swaps in an
 * fs-like object (e.g. one that fails the third shard write with EFBIG) without touching any global.
 * The saver and the local reader take every file operation from `nodeFs`, never from `node:fs` directly.
 */
import {NotSupportedError} from '@stratum/core';

/** The part of Node's `fs/promises` the saver and the local reader use. */
export type NodeFs = Pick<
  typeof import('node:fs/promises'),
  'open' | 'mkdir' | 'rename' | 'rm' | 'readdir' | 'lstat' | 'stat' | 'realpath' | 'readFile' | 'chmod' | 'constants'
>;

const FS_MODULE = 'node:fs/promises';
let override: NodeFs | null = null;

/** Tests only: every later `nodeFs` call returns `fs` (pass `null` to go back to Node's module). */
export function setFsForTesting(fs: NodeFs | null): void {
  override = fs;
}

/** Node's `fs/promises` (or the test override); a NotSupportedError naming `url` where there is none. */
export async function nodeFs(url: string): Promise<NodeFs> {
  if (override !== null) return override;
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ FS_MODULE)) as NodeFs;
  } catch {
    throw new NotSupportedError(`${url}: file:// URLs need Node.js (its fs module); in a browser use an http(s):// URL or an IO handler`);
  }
}

/** A short reason for an fs error: its code and a plain phrase, never the whole native message. */
export function fsMessage(e: unknown): string {
  const code = (e as {code?: unknown}).code;
  const phrases: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory, expected a file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EFBIG: 'file too large',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    ENOTDIR: 'a parent is not a directory',
    EEXIST: 'already exists',
    ELOOP: 'too many levels of symbolic links',
    EIO: 'input/output error',
  };
  if (typeof code === 'string') return phrases[code] !== undefined ? `${phrases[code]} (${code})` : code;
  return e instanceof Error ? e.message : String(e);
}
