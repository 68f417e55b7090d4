import {expect} from 'chai';
import {existsSync} from 'node:fs';
import {readFile, readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {NotSupportedError, Tensor, ValueError, memory, ops, setBackend} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import {Functional, Sequential, loadModel, loadWeights, sequential} from '../index.js';
import type {IOHandler, Model, ModelArtifacts, SaveResult} from '../index.js';
import {cnn, expectSamePredictions, mlp, multiIO, randomTensor, tempDir} from './fixtures.test.helpers.js';

interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: null;
  modelTopology: {class_name: string; keras_version: string; config: Record<string, unknown>};
  weightsManifest: {paths: string[]; weights: {name: string; shape: number[]; dtype: string}[]}[];
}

async function readModelJson(dir: string): Promise<ModelJson> {
  return JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJson;
}

/** An IO handler that keeps the artifacts in memory (what a browser app would pass). */
function memoryHandler(): IOHandler & {artifacts: ModelArtifacts | null} {
  const h = {
    artifacts: null as ModelArtifacts | null,
    async save(a: ModelArtifacts): Promise<SaveResult> {
      h.artifacts = a;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    },
    async load(): Promise<ModelArtifacts> {
      return h.artifacts as ModelArtifacts;
    },
  };
  return h;
}

describeBackends('saving: save → loadModel', () => {
  beforeEach(() => resetNames());

  async function saveAndLoad(m: Model, x: Tensor | Tensor[]): Promise<Model> {
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}`);
      const loaded = await loadModel(`file://${dir}/model.json`);
      // The TF.js file holds the Keras 2 layout, which writes every input/output structure as a list.
      const unlisted = (json: string): string => json.replace(/"(input|output)_layers":\[(\["[^"]+",\d+,\d+\])\]/g, '"$1_layers":$2');
      expect(unlisted(loaded.toJSON())).to.equal(unlisted(m.toJSON()));
      expect(loaded.weights.map((w) => w.path)).to.deep.equal(m.weights.map((w) => w.path));
      await expectSamePredictions(m, loaded, x, 0);
      return loaded;
    } finally {
      await cleanup();
    }
  }

  it('Sequential MLP: identical predictions', async () => {
    const m = mlp();
    const x = randomTensor([6, 5], 11);
    const loaded = await saveAndLoad(m, x);
    expect(loaded).to.be.instanceOf(Sequential);
    [m, loaded].forEach((a) => a.dispose());
    x.dispose();
  });

  it('Sequential CNN: identical predictions', async () => {
    const m = cnn();
    const x = randomTensor([3, 8, 8, 2], 12);
    const loaded = await saveAndLoad(m, x);
    [m, loaded].forEach((a) => a.dispose());
    x.dispose();
  });

  it('multi-input / multi-output Functional with a shared layer and nested models: identical predictions', async () => {
    const m = multiIO();
    const xs = [randomTensor([4, 4], 13), randomTensor([4, 4], 14)];
    const loaded = await saveAndLoad(m, xs);
    expect(loaded).to.be.instanceOf(Functional);
    [m, loaded].forEach((a) => a.dispose());
    ops.dispose(xs);
  });
});

describe('saving: the files model.save writes', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('model.json (layers-model, Keras 2 layout topology, one weights group) and group1-shard1of1.bin', async () => {
    const m = mlp();
    const {dir, cleanup} = await tempDir();
    try {
      const result = await m.save(`file://${dir}`);
      expect((await readdir(dir)).sort()).to.deep.equal(['group1-shard1of1.bin', 'model.json']);
      const json = await readModelJson(dir);
      expect(json.format).to.equal('layers-model');
      expect(json.generatedBy).to.match(/^Stratum v/);
      expect(json.convertedBy).to.equal(null);
      expect(json.modelTopology.class_name).to.equal('Sequential');
      expect(json.modelTopology.keras_version).to.be.a('string');
      const [first, second] = json.modelTopology.config['layers'] as {class_name: string; config: Record<string, unknown>}[];
      expect(first).to.deep.equal({class_name: 'InputLayer', config: {batch_input_shape: [null, 5], dtype: 'float32', sparse: false, name: 'hidden_input'}});
      expect(second?.config).to.deep.include({name: 'hidden', dtype: 'float32', kernel_initializer: {class_name: 'GlorotUniform', config: {seed: null}}});
      expect(json.weightsManifest).to.have.length(1);
      expect(json.weightsManifest[0]?.paths).to.deep.equal(['group1-shard1of1.bin']);
      expect(json.weightsManifest[0]?.weights).to.deep.equal([
        {name: 'hidden/kernel', shape: [5, 8], dtype: 'float32'},
        {name: 'hidden/bias', shape: [8], dtype: 'float32'},
        {name: 'probs/kernel', shape: [8, 3], dtype: 'float32'},
        {name: 'probs/bias', shape: [3], dtype: 'float32'},
      ]);
      expect((await stat(join(dir, 'group1-shard1of1.bin'))).size).to.equal(4 * (40 + 8 + 24 + 3));
      expect(result.modelArtifactsInfo.weightDataBytes).to.equal(4 * 75);
    } finally {
      await cleanup();
      m.dispose();
    }
  });

  it('splits weights into shards of at most 4 MB and reads them back', async () => {
    const m = sequential([new Dense({units: 1100, inputShape: [1000], name: 'big'})]);
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}`);
      const json = await readModelJson(dir);
      expect(json.weightsManifest[0]?.paths).to.deep.equal(['group1-shard1of2.bin', 'group1-shard2of2.bin']);
      expect((await stat(join(dir, 'group1-shard1of2.bin'))).size).to.equal(4 * 1024 * 1024);
      expect((await stat(join(dir, 'group1-shard2of2.bin'))).size).to.equal(4 * (1000 * 1100 + 1100) - 4 * 1024 * 1024);
      const loaded = await loadModel(`file://${dir}`);
      const x = randomTensor([2, 1000], 5);
      await expectSamePredictions(m, loaded, x, 0);
      x.dispose();
      loaded.dispose();
    } finally {
      await cleanup();
      m.dispose();
    }
  });

  it('maxShardBytes sets the shard size', async () => {
    const m = mlp();
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}/sub/dir`, {maxShardBytes: 64});
      const json = JSON.parse(await readFile(join(dir, 'sub/dir/model.json'), 'utf8')) as ModelJson;
      expect(json.weightsManifest[0]?.paths).to.have.length(5);
      const loaded = await loadModel(`file://${dir}/sub/dir/model.json`);
      const x = randomTensor([2, 5], 9);
      await expectSamePredictions(m, loaded, x, 0);
      x.dispose();
      loaded.dispose();
    } finally {
      await cleanup();
      m.dispose();
    }
  });

  it('in memory: save to an IO handler, load from the handler or from the artifacts', async () => {
    const m = multiIO();
    const h = memoryHandler();
    await m.save(h);
    expect(h.artifacts?.format).to.equal('layers-model');
    expect(h.artifacts?.weightSpecs?.map((w) => w.name)).to.include('shared/kernel');
    const a = await loadModel(h);
    const b = await loadModel(h.artifacts as ModelArtifacts);
    const xs = [randomTensor([2, 4], 1), randomTensor([2, 4], 2)];
    await expectSamePredictions(m, a, xs, 0);
    await expectSamePredictions(m, b, xs, 0);
    [m, a, b].forEach((x) => x.dispose());
    ops.dispose(xs);
  });

  it('reads quantized (uint8) and float16 weights, and skips optimizer weights', async () => {
    const m = sequential([new Dense({units: 2, inputShape: [2], name: 'd'})]);
    const h = memoryHandler();
    await m.save(h);
    const artifacts = h.artifacts as ModelArtifacts;
    // kernel: uint8 q with value = q * 0.5 - 1; bias: float16 1.5 and -2; then one optimizer weight.
    const bytes = new Uint8Array(4 + 4 + 4);
    bytes.set([0, 2, 4, 6], 0);
    new DataView(bytes.buffer).setUint16(4, 0x3e00, true);
    new DataView(bytes.buffer).setUint16(6, 0xc000, true);
    new DataView(bytes.buffer).setFloat32(8, 42, true);
    const loaded = await loadModel({
      modelTopology: artifacts.modelTopology,
      weightSpecs: [
        {name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: {dtype: 'uint8', scale: 0.5, min: -1}},
        {name: 'd/bias', shape: [2], dtype: 'float16'},
        {name: 'iter', shape: [], dtype: 'float32', group: 'optimizer'},
      ],
      weightData: bytes.buffer,
    });
    const [k, b] = loaded.getWeights() as [Tensor, Tensor];
    await expectClose(k, [[-1, 0], [1, 2]], 0, 0);
    await expectClose(b, [1.5, -2], 0, 0);
    ops.dispose([k, b]);
    [m, loaded].forEach((x) => x.dispose());
  });

  it('matches weights by name (":0" suffixes, cell scopes ignored) whatever the manifest order', async () => {
    const m = mlp();
    const h = memoryHandler();
    await m.save(h);
    const a = h.artifacts as ModelArtifacts & {weightData: ArrayBuffer};
    const specs = a.weightSpecs ?? [];
    const sizes = specs.map((w) => 4 * w.shape.reduce((x, y) => x * y, 1));
    const offsets = sizes.map((_s, i) => sizes.slice(0, i).reduce((x, y) => x + y, 0));
    const order = [3, 1, 2, 0];
    const data = new Uint8Array(a.weightData.byteLength);
    let at = 0;
    for (const i of order) {
      data.set(new Uint8Array(a.weightData, offsets[i], sizes[i]), at);
      at += sizes[i] as number;
    }
    const renamed = order.map((i) => ({...specs[i]!, name: `${specs[i]!.name.replace('/', '/scope_cell/')}:0`}));
    const loaded = await loadModel({modelTopology: a.modelTopology, weightSpecs: renamed, weightData: data.buffer});
    const x = randomTensor([2, 5], 8);
    await expectSamePredictions(m, loaded, x, 0);
    x.dispose();
    [m, loaded].forEach((z) => z.dispose());
  });

  it('loadWeights fills an existing model of the same architecture', async () => {
    const m = mlp();
    const other = mlp();
    const h = memoryHandler();
    await m.save(h);
    await loadWeights(other, h);
    const x = randomTensor([3, 5], 4);
    await expectSamePredictions(m, other, x, 0);
    [m, other].forEach((a) => a.dispose());
    x.dispose();
  });

  it('never reads tensors synchronously while saving or loading', async () => {
    const m = cnn();
    const proto = Tensor.prototype as unknown as Record<string, unknown>;
    const saved = {dataSync: proto['dataSync'], arraySync: proto['arraySync']};
    const h = memoryHandler();
    let loaded: Model | null = null;
    try {
      for (const k of Object.keys(saved)) {
        proto[k] = () => {
          throw new Error(`synchronous ${k}`);
        };
      }
      await m.save(h);
      loaded = await loadModel(h);
    } finally {
      Object.assign(proto, saved);
    }
    const x = randomTensor([1, 8, 8, 2], 3);
    await expectSamePredictions(m, loaded, x, 0);
    [m, loaded].forEach((a) => a.dispose());
    x.dispose();
  });

  it('unsupported destinations and sources are refused clearly', async () => {
    const m = mlp();
    try {
      await m.save('indexeddb://my-model').then(() => expect.fail('save should have failed'), (e: Error) => {
        expect(e).to.be.instanceOf(NotSupportedError);
        expect(e.message).to.match(/unsupported destination "indexeddb:\/\/my-model"; expected file:\/\//);
      });
      await m.save({} as IOHandler).then(() => expect.fail('save should have failed'), (e: Error) => expect(e).to.be.instanceOf(ValueError));
      await loadModel('localstorage://x').then(() => expect.fail('load should have failed'), (e: Error) => expect(e.message).to.match(/unsupported source/));
      expect(existsSync('indexeddb:')).to.equal(false);
    } finally {
      m.dispose();
    }
    expect(memory().numTensors).to.be.a('number');
  });
});
