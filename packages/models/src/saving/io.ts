/**
 * Where model files come from and go to: `file://` (Node only: `fs` is imported dynamically in node-fs.ts,
 * so the package still loads in a browser; atomic-write.ts saves, local-read.ts reads), `http(s)://`
 * (remote-read.ts), and in-memory IO handlers with the TF.js shape (`{save(artifacts)}`, `{load()}`), so
 * `tf.io.withSaveHandler` / `tf.io.fromMemory` style objects work.
 */
import {SerializationError, describe} from '@stratum/core';
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

export function isFileUrl(url: string): boolean {
  return url.startsWith('file://');
}
export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** `file://dir` or `file://dir/model.json` → the model.json path (tfjs-node convention: what follows `file://`). */
export function fileModelJsonPath(url: string): string {
  let p: string;
  try {
    p = decodeURIComponent(url.slice('file://'.length));
  } catch {
    throw new SerializationError(`${describe(url)}: malformed %-escape in the path`);
  }
  if (p === '') throw new SerializationError(`${describe(url)}: expected file://<directory> or file://<directory>/model.json`);
  return p.endsWith('.json') ? p : `${p.replace(/\/+$/, '')}/model.json`;
}

export {dirnameOf, joinPath} from './posix-path.js';
export {fetchUrl} from './remote-read.js';
