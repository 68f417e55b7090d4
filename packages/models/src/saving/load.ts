/**
 * `loadModel(source)`: reads a TF.js layers model (`model.json` + weight shards) written by Stratum,
 * tfjs-layers or the TF.js converter, from `file://`, `http(s)://` or an IO handler / in-memory artifacts.
 * Order: read and validate model.json, read and size-check every shard, build the model, check and
 * assign the weights. Any failure disposes what was built and nothing is returned.
 */
import {NotSupportedError, SerializationError, describe, validateTfjsModelJson} from '@stratum/core';
import type {Model} from '../model.js';
import {assignWeights} from './assign.js';
import {buildPrepared} from './from-json.js';
import type {FromJSONOptions} from './from-json.js';
import {fileModelJsonPath, isFileUrl, isHttpUrl} from './io.js';
import type {IOHandler, ModelArtifacts} from './io.js';
import {FolderReplacedError, readLocalJson, readLocalShards} from './local-read.js';
import {interruptedSaveAside} from './left-behind.js';
import {nodeFs} from './node-fs.js';
import {basenameOf, dirnameOf, fileLabel} from './posix-path.js';
import {fetchUrl, readRemoteGroups} from './remote-read.js';
import {checkTfjsFormat, isObject, parseJson, prepareTopology} from './topology.js';
import type {JsonObject} from './topology.js';
import {concatBuffers, decodeGroup} from './weights.js';
import type {DecodedWeight, WeightsManifestGroup} from './weights.js';

export type LoadOptions = FromJSONOptions;

/** Loads started over when a save replaced the folder mid-read, before giving up with the error. */
const REPLACED_RETRIES = 5;

/** A URL (`file://…/model.json`, `https://…/model.json`), an IO handler with `load()`, or artifacts. */
export type ModelSource = string | IOHandler | ModelArtifacts;

interface Fetched {
  doc: JsonObject;
  source: string;
  /** Reads every group's shards (paths relative to model.json): bytes and a label naming the files. */
  readGroups?: (groups: readonly WeightsManifestGroup[]) => Promise<{data: ArrayBuffer; files: string}[]>;
  /** In-memory weight bytes (artifacts), one group. */
  weightData?: ArrayBuffer;
}

function fromArtifacts(a: ModelArtifacts, source: string): Fetched {
  if (a.modelTopology instanceof ArrayBuffer) throw new NotSupportedError(`${source}: binary (graph model) topologies are not supported; expected a layers-model JSON topology`);
  if (!isObject(a.modelTopology)) throw new SerializationError(`${source}: the artifacts have no modelTopology object, received ${describe(a.modelTopology)}`);
  const doc: JsonObject = {modelTopology: a.modelTopology};
  if (a.format !== undefined) doc['format'] = a.format;
  if (a.weightSpecs !== undefined) doc['weightsManifest'] = [{paths: [], weights: a.weightSpecs}];
  const data = a.weightData === undefined ? undefined : Array.isArray(a.weightData) ? concatBuffers(a.weightData) : a.weightData;
  return {doc, source, weightData: data};
}

/** A missing model whose save was killed between its renames: the message says where the previous one is. */
async function withInterruptedSaveHint(e: unknown, jsonPath: string): Promise<unknown> {
  if (!(e instanceof SerializationError)) return e;
  const dir = dirnameOf(jsonPath);
  const aside = await nodeFs(fileLabel(jsonPath)).then((fs) => interruptedSaveAside(fs, dir, basenameOf(jsonPath))).catch(() => null);
  if (aside === null) return e;
  return new SerializationError(`${e.message}; a save to this folder was interrupted and left the previous model in ${fileLabel(aside)}: rename that folder to ${fileLabel(dir)} (or save again) to restore it`);
}

async function fetchModel(src: ModelSource): Promise<Fetched> {
  if (typeof src === 'string') {
    if (isFileUrl(src)) {
      const path = fileModelJsonPath(src);
      const label = fileLabel(path);
      const {text, folder} = await readLocalJson(path).catch(async (e: unknown) => {
        throw await withInterruptedSaveHint(e, path);
      });
      const doc = parseJson(text, label);
      return {doc, source: label, readGroups: (groups) => readLocalShards(path, groups, label, folder)};
    }
    if (isHttpUrl(src)) {
      const doc = parseJson(await fetchUrl(src, 'text'), src);
      return {doc, source: src, readGroups: (groups) => readRemoteGroups(groups, src)};
    }
    throw new NotSupportedError(`loadModel: unsupported source ${describe(src)}; expected file://<dir>/model.json (Node), http(s)://…/model.json, or an IO handler`);
  }
  if (typeof src === 'object' && src !== null && typeof (src as IOHandler).load === 'function') {
    return fromArtifacts(await (src as IOHandler & {load: () => Promise<ModelArtifacts>}).load(), 'IO handler');
  }
  if (typeof src === 'object' && src !== null && 'modelTopology' in src) return fromArtifacts(src as ModelArtifacts, 'model artifacts');
  throw new SerializationError(`loadModel: expected a URL, an IO handler with load(), or {modelTopology, weightSpecs, weightData}, received ${describe(src)}`);
}

/** Reads every manifest group's shards and decodes them (sizes checked against the manifest). */
async function readWeights(f: Fetched): Promise<DecodedWeight[]> {
  const manifest = (f.doc['weightsManifest'] ?? []) as WeightsManifestGroup[];
  if (f.weightData !== undefined || f.readGroups === undefined) {
    const specs = manifest.flatMap((g) => g.weights);
    return decodeGroup(specs, f.weightData ?? new ArrayBuffer(0), `${f.source} weightData`);
  }
  const read = await f.readGroups(manifest);
  return manifest.flatMap((group, i) => {
    const {data, files} = read[i] as {data: ArrayBuffer; files: string};
    return decodeGroup(group.weights, data, files);
  });
}

/**
 * Loads a model and its weights. Returns only a complete model: on any problem (missing or corrupt file,
 * wrong format, weight count/shape mismatch, truncated weights) it throws a SerializationError naming the
 * file and what was expected.
 */
export async function loadModel(source: ModelSource, options: LoadOptions = {}): Promise<Model> {
  return retryReplaced(() => loadOnce(source, options));
}

/** Runs a load again (a few times) when a save replaced the model folder while it was being read. */
async function retryReplaced<T>(load: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (e) {
      if (!(e instanceof FolderReplacedError) || attempt >= REPLACED_RETRIES) throw e;
    }
  }
}

async function loadOnce(source: ModelSource, options: LoadOptions): Promise<Model> {
  const f = await fetchModel(source);
  checkTfjsFormat(f.doc, f.source);
  const {model: env, path, ctx} = prepareTopology(f.doc, f.source, options.customObjects ?? {});
  const weights = await readWeights(f);
  // The manifest bounds every weight the config implies, before anything is allocated.
  const model = buildPrepared(env, path, ctx, weights.filter((w) => w.group !== 'optimizer'));
  try {
    assignWeights(model, weights, f.source);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Loads the weights of a saved model into an existing model (same architecture). Everything is read and
 * checked before the first weight is written: on failure the model keeps its weights.
 */
export async function loadWeights(model: Model, source: ModelSource): Promise<void> {
  const {f, weights} = await retryReplaced(async () => {
    const f = await fetchModel(source);
    checkTfjsFormat(f.doc, f.source);
    validateTfjsModelJson(f.doc, f.source);
    return {f, weights: await readWeights(f)};
  });
  assignWeights(model, weights, f.source);
}
