/**
 * `model.save(target)`: the TF.js layers format. `modelTopology` is the model's Keras JSON in the Keras 2
 * layout (what tfjs-layers reads), weights go to one manifest group split into shards of ≤ 4 MB named
 * `group1-shard<i>of<n>.bin`, weight names are `<layer>/<weight>`.
 */
import {NotSupportedError, ValueError, describe} from '@stratum/core';
import type {Model} from '../model.js';
import {writeModelFolder} from './atomic-write.js';
import {basenameOf, dirnameOf} from './posix-path.js';
import {absoluteKey, withPathLock} from './save-lock.js';
import {fileModelJsonPath, isFileUrl} from './io.js';
import type {IOHandler, ModelArtifacts, SaveResult} from './io.js';
import {STRATUM_VERSION, modelToConfig} from './to-json.js';
import {DEFAULT_SHARD_BYTES, encodeWeights, shardBuffer} from './weights.js';

export interface SaveOptions {
  /** Largest shard file, in bytes. Default 4 MB (as tfjs). */
  maxShardBytes?: number;
  /**
   * For `file://`: whether to replace a model already saved there (default true). With `false` the save
   * fails with a SerializationError naming the path. Saves are atomic either way (atomic-write.ts).
   */
  overwrite?: boolean;
}

/** The model as TF.js artifacts: Keras-2-layout topology, weight specs and the weights' bytes. */
export async function modelArtifacts(model: Model): Promise<ModelArtifacts & {weightData: ArrayBuffer}> {
  const modelTopology = modelToConfig(model, 'keras2');
  const {specs, data} = await encodeWeights(model.weights);
  return {modelTopology, format: 'layers-model', generatedBy: `Stratum v${STRATUM_VERSION}`, convertedBy: null, weightSpecs: specs, weightData: data};
}

/** The model.json document for artifacts whose weights are stored in `paths`. */
export function modelJsonFor(artifacts: ModelArtifacts, paths: string[]): object {
  return {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{paths, weights: artifacts.weightSpecs ?? []}],
  };
}

/** Saves a model to `file://dir` (Node) or through an IO handler with a `save` method. */
export async function saveModel(model: Model, target: string | IOHandler, options: SaveOptions = {}): Promise<SaveResult> {
  const isHandler = typeof target === 'object' && target !== null && typeof target.save === 'function';
  if (typeof target === 'string' && !isFileUrl(target)) {
    throw new NotSupportedError(`save: unsupported destination ${describe(target)}; expected file://<directory> (Node) or an IO handler with a save(artifacts) method`);
  }
  if (typeof target !== 'string' && !isHandler) throw new ValueError(`save: expected file://<directory> or an IO handler with a save(artifacts) method, received ${describe(target)}`);
  if (options.overwrite !== undefined && typeof options.overwrite !== 'boolean') throw new ValueError(`save: overwrite must be true or false, received ${describe(options.overwrite)}`);
  if (typeof target !== 'string') return (target.save as (a: ModelArtifacts) => Promise<SaveResult>)(await modelArtifacts(model));
  // Queued before the first await, so that saves to one folder run (and the last call wins) in call order.
  return withPathLock(`call:${absoluteKey(target)}`, () => saveToFolder(model, target, options));
}

async function saveToFolder(model: Model, target: string, options: SaveOptions): Promise<SaveResult> {
  const artifacts = await modelArtifacts(model);
  const shards = shardBuffer(artifacts.weightData, options.maxShardBytes ?? DEFAULT_SHARD_BYTES);
  const named = shards.map((data, i) => ({name: `group1-shard${i + 1}of${shards.length}.bin`, data}));
  const modelJson = modelJsonFor(artifacts, named.map((s) => s.name));
  const jsonPath = fileModelJsonPath(target);
  const files = await writeModelFolder(target, dirnameOf(jsonPath), basenameOf(jsonPath), [
    ...named.map((s) => ({name: s.name, data: new Uint8Array(s.data)})),
    {name: basenameOf(jsonPath), data: JSON.stringify(modelJson)},
  ], {overwrite: options.overwrite});
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
      weightDataBytes: artifacts.weightData.byteLength,
    },
    files,
  };
}
