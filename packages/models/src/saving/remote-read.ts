/**
 * Reading a model from `http(s)://`: model.json and its shards through `fetch`. Shard paths resolve
 * against the model.json URL and must stay on its origin (same protocol, host and port): an absolute URL
 * to another host, a protocol change (`file:`, `data:`, `http:` from `https:`) or a protocol-relative
 * `//host/...` is refused with a SerializationError naming the manifest path.
 */
import {NotSupportedError, SerializationError, describe} from '@stratum/core';

/** Fetches a URL (text or bytes), failing with a SerializationError naming it. */
export async function fetchUrl(url: string, as: 'text'): Promise<string>;
export async function fetchUrl(url: string, as: 'bytes'): Promise<ArrayBuffer>;
export async function fetchUrl(url: string, as: 'text' | 'bytes'): Promise<string | ArrayBuffer> {
  if (typeof fetch !== 'function') throw new NotSupportedError(`${url}: http(s) URLs need fetch()`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new SerializationError(`cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new SerializationError(`cannot fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  return as === 'text' ? res.text() : res.arrayBuffer();
}

/** The URL of manifest path `p` relative to the model.json at `base`; refused when it leaves base's origin. */
export function shardUrl(p: string, base: string): string {
  const refuse = (why: string): SerializationError =>
    new SerializationError(`${base}: weight file path ${describe(p)} ${why}; expected a path on the model's own server (${new URL(base).origin})`);
  if (p.includes('\0')) throw refuse('contains a NUL byte');
  if (p.includes('\\')) throw refuse('contains a backslash');
  let url: URL;
  try {
    url = new URL(p, base);
  } catch {
    throw refuse('is not a valid URL path');
  }
  const origin = new URL(base);
  if (url.protocol !== origin.protocol) throw refuse(`changes the protocol to ${describe(url.protocol)}`);
  if (url.origin !== origin.origin) throw refuse('points to another server');
  return url.href;
}
