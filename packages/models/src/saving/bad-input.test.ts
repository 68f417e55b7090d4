/**
 * Bad files: each fails with a SerializationError naming the file or value and what was expected, and
 * leaves nothing behind (no model returned, no tensors left, an existing model keeps its weights).
 */
import {expect} from 'chai';
import {readFile, rm, truncate, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {NotSupportedError, SerializationError, memory, ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {resetNames} from '@stratum/layers';
import {loadModel, loadWeights} from '../index.js';
import type {ModelSource} from '../index.js';
import {mlp, tempDir} from './fixtures.test.helpers.js';

type Doc = Record<string, unknown> & {
  format?: string;
  weightsManifest: {paths: string[]; weights: {name: string; shape: number[]; dtype: string}[]}[];
  modelTopology: {config: {layers: {config: Record<string, unknown>}[]}};
};

async function expectLoadError(source: ModelSource, pattern: RegExp, type: new (m: string) => Error = SerializationError): Promise<Error> {
  const before = memory().numTensors;
  let error: Error | null = null;
  try {
    const m = await loadModel(source);
    m.dispose();
  } catch (e) {
    error = e as Error;
  }
  expect(error, 'loadModel should have failed').to.be.instanceOf(type);
  expect(error?.message).to.match(pattern);
  expect(memory().numTensors, 'tensors left behind by a failed load').to.equal(before);
  return error as Error;
}

describe('saving: bad input', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const jsonPath = (): string => join(dir, 'model.json');
  const url = (): string => `file://${jsonPath()}`;
  const binPath = (): string => join(dir, 'group1-shard1of1.bin');

  async function editJson(edit: (doc: Doc) => void): Promise<void> {
    const doc = JSON.parse(await readFile(jsonPath(), 'utf8')) as Doc;
    edit(doc);
    await writeFile(jsonPath(), JSON.stringify(doc));
  }

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir, cleanup} = await tempDir());
    const m = mlp();
    await m.save(`file://${dir}`);
    m.dispose();
  });
  afterEach(async () => {
    await cleanup();
  });

  it('sanity: the untouched files load', async () => {
    const m = await loadModel(url());
    expect(m.countParams()).to.equal(75);
    m.dispose();
  });

  it('missing model.json names the file', async () => {
    await expectLoadError(`file://${dir}/nothing-here/model.json`, /cannot read file:\/\/.*nothing-here\/model\.json: no such file/);
  });

  it('missing weight shard names the shard', async () => {
    await rm(binPath());
    await expectLoadError(url(), /cannot read file:\/\/.*group1-shard1of1\.bin: no such file/);
  });

  it('corrupt JSON names the file and the parser error', async () => {
    await writeFile(jsonPath(), '{"modelTopology": {"class_name": "Sequential", ');
    await expectLoadError(url(), /model\.json: not valid JSON \(.+\)/);
  });

  it('wrong format: a graph model, a Keras JSON instead of model.json, a bad topology, a bad manifest', async () => {
    await editJson((d) => (d.format = 'graph-model'));
    await expectLoadError(url(), /model\.json: format "graph-model" is not supported.*expected "layers-model"/);
    await writeFile(jsonPath(), JSON.stringify({class_name: 'Sequential', config: {layers: []}}));
    await expectLoadError(url(), /needs "modelTopology".*looks like a Keras model JSON/);
    await cleanup();
    ({dir, cleanup} = await tempDir());
    const m = mlp();
    await m.save(`file://${dir}`);
    m.dispose();
    await editJson((d) => (d.modelTopology.config.layers[1]!.config['units'] = -8));
    await expectLoadError(url(), /model\.json: invalid TF\.js model\.json at \/modelTopology\/config\/layers\/1\/config\/units: must be >= 1 \(received -8\)/);
    await editJson((d) => {
      d.modelTopology.config.layers[1]!.config['units'] = 8;
      d.weightsManifest[0]!.weights[0]!.dtype = 'float64';
    });
    await expectLoadError(url(), /at \/weightsManifest\/0\/weights\/0\/dtype: must be one of "float32"/);
  });

  it('weight count mismatch lists both sides', async () => {
    await editJson((d) => d.weightsManifest[0]!.weights.pop());
    await truncate(binPath(), 4 * 72);
    await expectLoadError(url(), /the file has 3 weights \(hidden\/kernel, hidden\/bias, probs\/kernel\) but model "sequential" has 4 \(hidden\/kernel, hidden\/bias, probs\/kernel, probs\/bias\)/);
  });

  it('weight shape mismatch names the weight and both shapes', async () => {
    await editJson((d) => (d.weightsManifest[0]!.weights[0]!.shape = [8, 5]));
    await expectLoadError(url(), /weight "hidden\/kernel" has shape \[8, 5\], but model weight hidden\/kernel expects \[5, 8\]/);
  });

  it('truncated .bin names the file, its size and the expected size', async () => {
    await truncate(binPath(), 100);
    await expectLoadError(url(), /group1-shard1of1\.bin: weight data is truncated: 100 bytes, expected 300 bytes for 4 weights/);
  });

  it('unsupported weight dtypes are refused', async () => {
    await editJson((d) => (d.weightsManifest[0]!.weights[3]!.dtype = 'complex64'));
    await expectLoadError(url(), /truncated|longer|complex64/);
    await editJson((d) => (d.weightsManifest[0]!.weights[3]!.dtype = 'string'));
    await expectLoadError(url(), /dtype "string", which is not supported/, NotSupportedError);
  });

  it('loadWeights into an existing model: on failure the model keeps its weights', async () => {
    const target = mlp();
    const before = target.getWeights();
    await truncate(binPath(), 200);
    let error: Error | null = null;
    await loadWeights(target, url()).catch((e: Error) => (error = e));
    expect(error).to.be.instanceOf(SerializationError);
    const after = target.getWeights();
    for (let i = 0; i < before.length; i++) await expectClose(after[i] as Tensor, before[i] as Tensor, 0, 0);
    // A shape mismatch in the last weight is found before the first one is written.
    await cleanup();
    ({dir, cleanup} = await tempDir());
    const src = mlp();
    await src.save(`file://${dir}`);
    src.dispose();
    await editJson((d) => (d.weightsManifest[0]!.weights[3]!.shape = [1, 3]));
    error = null;
    await loadWeights(target, url()).catch((e: Error) => (error = e));
    expect((error as Error | null)?.message).to.match(/probs\/bias expects \[3\]/);
    const after2 = target.getWeights();
    for (let i = 0; i < before.length; i++) await expectClose(after2[i] as Tensor, before[i] as Tensor, 0, 0);
    ops.dispose([...before, ...after, ...after2]);
    target.dispose();
  });

  it('in-memory artifacts with too few weight bytes', async () => {
    const doc = JSON.parse(await readFile(jsonPath(), 'utf8')) as Doc;
    const bytes = await readFile(binPath());
    const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 120);
    await expectLoadError({modelTopology: doc.modelTopology, weightSpecs: doc.weightsManifest[0]!.weights, weightData}, /model artifacts weightData: weight data is truncated: 120 bytes, expected 300/);
  });
});
