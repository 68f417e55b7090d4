/**
 * Reading a model from `http(s)://`: model.json and its shards through `fetch`. Shard paths resolve
 * against the model.json URL and must stay on its origin (same protocol, host and port): an absolute URL
 * to another host, a protocol change (`file:`, `data:`, `http:` from `https:`) or a protocol-relative
 * `//host/...` is refused with a SerializationError naming the manifest path. Bodies are read with a bound:
 * model.json at most MAX_MODEL_JSON_BYTES, a shard at most its group's manifest byte length.
 */
import {NotSupportedError, SerializationError, describe} from '@stratum/core';
import {MAX_MODEL_JSON_BYTES} from './local-read.js';
import {concatBuffers, specByteLength} from './weights.js';
import type {WeightsManifestGroup} from './weights.js';

/** Reads a response body, refusing (and cancelling the download) once it exceeds `maxBytes`. */
async function boundedBody(res: Response, url: string, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooLong = (n: number): SerializationError => new SerializationError(`cannot fetch ${url}: it is more than ${maxBytes} bytes (${n === -1 ? 'still sending' : `${n} bytes`}), more than ${what}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLong(declared);
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (e) {
      throw new SerializationError(`cannot fetch ${url}: ${(e as Error).message}`);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLong(-1);
    }
    parts.push(chunk.value);
  }
  return new Uint8Array(concatBuffers(parts));
}

/**
 * Fetches a URL (text or bytes), failing with a SerializationError naming it. At most `maxBytes` are
 * read (checked against Content-Length first, then while streaming): `what` says what the limit is.
 */
export async function fetchUrl(url: string, as: 'text', maxBytes?: number, what?: string): Promise<string>;
export async function fetchUrl(url: string, as: 'bytes', maxBytes?: number, what?: string): Promise<ArrayBuffer>;
export async function fetchUrl(url: string, as: 'text' | 'bytes', maxBytes = MAX_MODEL_JSON_BYTES, what = 'a model.json may have'): Promise<string | ArrayBuffer> {
  if (typeof fetch !== 'function') throw new NotSupportedError(`${url}: http(s) URLs need fetch()`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new SerializationError(`cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SerializationError(`cannot fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  }
  const body = await boundedBody(res, url, maxBytes, what);
  return as === 'text' ? new TextDecoder('utf-8').decode(body) : (body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
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

/**
 * Fetches every group's shards. All paths are checked (same origin) before the first fetch, and no shard
 * is read past the byte length its group's manifest implies.
 */
export async function readRemoteGroups(groups: readonly WeightsManifestGroup[], src: string): Promise<{data: ArrayBuffer; files: string}[]> {
  const urls = groups.map((g) => g.paths.map((p) => shardUrl(p, src)));
  return Promise.all(
    urls.map(async (list, i) => {
      const files = list.length === 0 ? `${src} (no weight files)` : list.join(' + ');
      const group = groups[i] as WeightsManifestGroup;
      const expected = group.weights.reduce((n, s) => n + specByteLength(s, files), 0);
      const what = `the ${expected} bytes the manifest gives its ${group.weights.length} weights`;
      return {data: concatBuffers(await Promise.all(list.map((u) => fetchUrl(u, 'bytes', expected, what)))), files};
    }),
  );
}
