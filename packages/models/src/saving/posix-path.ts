/**
 * POSIX path helpers as plain string functions (no `node:path`, so the browser bundle stays free of Node
 * modules): `file://` URLs name POSIX paths.
 */

/** The path with `.` and empty segments dropped and `..` applied; `..` that climbs above a relative start is kept. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && absolute) continue;
    else out.push(seg);
  }
  const body = out.join('/');
  return absolute ? `/${body}` : body === '' ? '.' : body;
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** True when `path` is `dir` itself or lies below it (both absolute and normalized). */
export function isInside(path: string, dir: string): boolean {
  return dir === '/' ? path.startsWith('/') : path === dir || path.startsWith(`${dir}/`);
}

/** Longest path a message shows whole; a manifest may name a path of any length. */
const LABEL_MAX_PATH = 160;

/** `file://<path>` for messages, with an overlong path cut in the middle and its length given. */
export function fileLabel(path: string): string {
  if (path.length <= LABEL_MAX_PATH) return `file://${path}`;
  return `file://${path.slice(0, LABEL_MAX_PATH - 40)}…${path.slice(-40)} (${path.length} chars)`;
}
