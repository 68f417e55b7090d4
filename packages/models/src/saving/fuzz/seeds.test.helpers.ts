/**
 * The valid model files the loader fuzz test mutates: three small models (an MLP with Dropout, a CNN, and a
 * two-input two-output graph with a shared layer, a custom layer and nested models), each as a TF.js
 * folder (several shards), in-memory artifacts, Keras 3 JSON and Keras 2 JSON.
 */
import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import type {Model} from '../../model.js';
import {modelToConfig} from '../to-json.js';
import {modelArtifacts, modelJsonFor} from '../save.js';
import {shardBuffer} from '../weights.js';
import {cnn, mlp, multiIO, randomTensor} from '../fixtures.test.helpers.js';
import type {Json} from './json-mutations.test.helpers.js';

export const FORMATS = ['tfjs-folder', 'tfjs-memory', 'keras3-json', 'keras2-json'] as const;
export type Format = (typeof FORMATS)[number];

export interface Seed {
  name: string;
  model: Model;
  /** Input for comparing predictions. */
  probe: Tensor[];
  /** The weights' values, in model order. */
  weights: Float32Array[];
  /** model.json (TF.js) with its shards. */
  tfjsDoc: Json;
  shards: Map<string, Uint8Array>;
  /** In-memory artifacts: topology, specs and the weight bytes. */
  topology: Json;
  specs: Json;
  weightData: Uint8Array;
  keras3: Json;
  keras2: Json;
}

const BUILDERS: readonly {name: string; make: () => Model; inputs: number[][]}[] = [
  {name: 'mlp', make: mlp, inputs: [[3, 5]]},
  {name: 'cnn', make: cnn, inputs: [[2, 8, 8, 2]]},
  {name: 'multi_io', make: multiIO, inputs: [[3, 4], [3, 4]]},
];

/** Small shards, so every folder has several. */
const SHARD_BYTES = 96;

async function makeSeed(b: (typeof BUILDERS)[number]): Promise<Seed> {
  resetNames();
  const model = b.make();
  const art = await modelArtifacts(model);
  const shardBuffers = shardBuffer(art.weightData, SHARD_BYTES);
  const names = shardBuffers.map((_s, i) => `group1-shard${i + 1}of${shardBuffers.length}.bin`);
  const shards = new Map(names.map((n, i) => [n, new Uint8Array(shardBuffers[i] as ArrayBuffer)]));
  const weights: Float32Array[] = [];
  for (const w of model.weights) weights.push((await w.value.data()) as Float32Array);
  return {
    name: b.name,
    model,
    probe: b.inputs.map((shape, i) => randomTensor(shape, 17 + i)),
    weights,
    tfjsDoc: JSON.parse(JSON.stringify(modelJsonFor(art, names))) as Json,
    shards,
    topology: JSON.parse(JSON.stringify(art.modelTopology)) as Json,
    specs: JSON.parse(JSON.stringify(art.weightSpecs)) as Json,
    weightData: new Uint8Array(art.weightData),
    keras3: JSON.parse(JSON.stringify(modelToConfig(model, 'keras3'))) as Json,
    keras2: JSON.parse(JSON.stringify(modelToConfig(model, 'keras2'))) as Json,
  };
}

/** Builds the seeds (call once; `disposeSeeds` frees them). */
export async function makeSeeds(): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const b of BUILDERS) seeds.push(await makeSeed(b));
  return seeds;
}

export function disposeSeeds(seeds: readonly Seed[]): void {
  for (const s of seeds) {
    s.model.dispose();
    ops.dispose(s.probe);
  }
}
