/**
 * Where model files come from and go to: `file://` (Node only: `fs` is imported dynamically, so the package
 * still loads in a browser), `http(s)://` (fetch), and in-memory IO handlers with the TF.js shape
 * (`{save(artifacts)}`, `{load()}`), so `tf.io.withSaveHandler` / `tf.io.fromMemory` style objects work.
 */
import {NotSupportedError, SerializationError, describe} from '@stratum/core';
import type {WeightSpec} from './weights.js';

/** A model in memory, as TF.js IO handlers pass it. */
export interface ModelArtifacts {
  modelTopology?: object | ArrayBuffer;
  weightSpecs?: WeightSpec[];
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  userDefinedMetadata?: object;
}

export interface SaveResult {
  modelArtifactsInfo: {
    dateSaved: Date;
    modelTopologyType: 'JSON';
    modelTopologyBytes?: number;
    weightSpecsBytes?: number;
    weightDataBytes?: number;
  };
  /** Files written (for `file://`). */
  files?: string[];
}

/** TF.js-compatible IO handler: `save` for `model.save(handler)`, `load` for `loadModel(handler)`. */
export interface IOHandler {
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  load?(): Promise<ModelArtifacts>;
}

type Fs = typeof import('node:fs/promises');
const FS_MODULE = 'node:fs/promises';

async function nodeFs(url: string): Promise<Fs> {
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ FS_MODULE)) as Fs;
  } catch {
    throw new NotSupportedError(`${url}: file:// URLs need Node.js (its fs module); in a browser use an http(s):// URL or an IO handler`);
  }
}

export function isFileUrl(url: string): boolean {
  return url.startsWith('file://');
}
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** `file://dir` or `file://dir/model.json` → the model.json path (tfjs-node convention: what follows `file://`). */
export function fileModelJsonPath(url: string): string {
  const p = decodeURIComponent(url.slice('file://'.length));
  if (p === '') throw new SerializationError(`${describe(url)}: expected file://<directory> or file://<directory>/model.json`);
  return p.endsWith('.json') ? p : `${p.replace(/\/+$/, '')}/model.json`;
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir === '.' ? name : dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function fsMessage(e: unknown): string {
  const code = (e as {code?: string}).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, expected a file';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

/** Reads a whole file (text or bytes), failing with a SerializationError naming it. */
export async function readLocalFile(path: string, as: 'text'): Promise<string>;
export async function readLocalFile(path: string, as: 'bytes'): Promise<ArrayBuffer>;
export async function readLocalFile(path: string, as: 'text' | 'bytes'): Promise<string | ArrayBuffer> {
  const fs = await nodeFs(`file://${path}`);
  try {
    if (as === 'text') return await fs.readFile(path, 'utf8');
    const buf = await fs.readFile(path);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  } catch (e) {
    throw new SerializationError(`cannot read file://${path}: ${fsMessage(e)}`);
  }
}

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

/** Writes `model.json` and its shards into a directory (created if needed); returns the files written. */
export async function writeModelFiles(url: string, modelJson: object, shards: readonly {name: string; data: ArrayBuffer}[]): Promise<string[]> {
  const jsonPath = fileModelJsonPath(url);
  const dir = dirnameOf(jsonPath);
  const fs = await nodeFs(url);
  const written: string[] = [];
  try {
    await fs.mkdir(dir, {recursive: true});
    for (const s of shards) {
      const p = joinPath(dir, s.name);
      await fs.writeFile(p, new Uint8Array(s.data));
      written.push(p);
    }
    await fs.writeFile(jsonPath, JSON.stringify(modelJson), 'utf8');
    written.push(jsonPath);
  } catch (e) {
    throw new SerializationError(`cannot write ${url} (${jsonPath}): ${fsMessage(e)}`);
  }
  return written;
}
