import {expect} from 'chai';
import {SerializationError, memory, ops, optimizers, regularizers} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {Dense, input, resetNames} from '@stratum/layers';
import {Sequential, fromJSON, loadModel, loadWeights, model} from './index.js';
import type {IOHandler, Model, ModelArtifacts, SaveResult} from './index.js';
import {Block, Gained, Residual, Twice} from './nested-layers.test.helpers.js';
import {expectSamePredictions, randomTensor, tempDir} from './saving/fixtures.test.helpers.js';

type Json = Record<string, unknown>;

/** in(3) → Dense 4 → Block 4 (dense_1, dense_2, scale) → Dense 1. */
function sequentialWithBlock(): Sequential {
  return new Sequential({layers: [new Dense({units: 4, inputShape: [3]}), new Block({units: 4}), new Dense({units: 1})]});
}

function functionalWithBlock(): Model {
  const x = input({shape: [3], name: 'x'});
  const h = new Residual({layer: new Block({units: 3}), name: 'res'}).apply(x);
  return model({inputs: x, outputs: new Dense({units: 1, name: 'head'}).apply(h)});
}

async function values(m: Model): Promise<Float32Array[]> {
  return Promise.all(m.weights.map(async (w) => (await w.value.data()) as Float32Array));
}

function differs(a: Float32Array, b: Float32Array): boolean {
  return a.some((v, i) => Math.abs(v - (b[i] as number)) > 1e-7);
}

describeBackends('nested layers', () => {
  beforeEach(() => resetNames());

  it('weights of sub-layers have hierarchical paths, the parent own weights first (Keras 3 Layer.weights)', () => {
    // keras/src/layers/layer.py Layer.weights: own trainable + non-trainable variables, then each sub-layer's, deduplicated.
    const m = sequentialWithBlock();
    expect(m.weights.map((w) => w.path)).to.deep.equal([
      'dense/kernel', 'dense/bias', 'block/scale', 'block/dense_1/kernel', 'block/dense_1/bias', 'block/dense_2/kernel', 'block/dense_2/bias', 'dense_3/kernel', 'dense_3/bias',
    ]);
    expect(m.countParams()).to.equal(3 * 4 + 4 + 4 + 2 * (4 * 4 + 4) + 4 + 1);
    m.dispose();
  });

  it('grandchildren: a wrapper around a block gives wrapper/block/dense/kernel, even for weights built before wrapping', () => {
    const block = new Block({units: 2});
    block.build([null, 2]);
    const res = new Residual({layer: block});
    expect(res.weights.map((w) => w.path)).to.deep.equal(['residual/block/scale', 'residual/block/dense/kernel', 'residual/block/dense/bias', 'residual/block/dense_1/kernel', 'residual/block/dense_1/bias']);
    expect(res.trackedLayers).to.deep.equal([block]);
    res.dispose();
  });

  it('a sub-layer shared twice counts once in weights and regularization losses, keeps its first path', () => {
    const shared = new Dense({units: 3, kernelRegularizer: new regularizers.L2({l2: 0.5}), name: 'shared'});
    const block = new Block({units: 3, first: shared, second: shared});
    block.build([null, 3]);
    expect(block.weights.map((w) => w.path)).to.deep.equal(['block/scale', 'block/shared/kernel', 'block/shared/bias']);
    expect(block.trainableWeights).to.have.length(3);
    const other = new Residual({layer: shared, name: 'other'});
    expect(other.weights.map((w) => w.path)).to.deep.equal(['block/shared/kernel', 'block/shared/bias']);
    const losses = block.regularizationLosses();
    expect(losses).to.have.length(1);
    ops.dispose(losses);
    block.dispose();
  });

  it('collects the regularization losses of sub-layers (model total = l2 of the inner kernel)', async () => {
    const m = new Sequential({layers: [new Block({units: 2, kernelRegularizer: new regularizers.L2({l2: 0.1}), inputShape: [2]})]});
    const kernel = m.weights.find((w) => w.path === 'block/dense/kernel');
    expect(kernel).to.not.equal(undefined);
    const k = (await kernel!.value.data()) as Float32Array;
    const expected = 0.1 * k.reduce((s, v) => s + v * v, 0);
    const losses = m.regularizationLosses();
    expect(losses).to.have.length(1);
    expect(((await losses[0]!.data()) as Float32Array)[0]).to.be.closeTo(expected, 1e-5);
    ops.dispose(losses);
    m.dispose();
  });

  for (const [kind, make] of [['Sequential', sequentialWithBlock], ['Functional', functionalWithBlock]] as const) {
    it(`${kind}: fit reduces the loss and changes every weight, the block's own scale included`, async () => {
      const m = make();
      // Seeded starting weights (scaled to ±0.5): a run must not depend on the random initializers.
      const start = m.weights.map((w, i) => ops.mul(randomTensor(w.shape, 100 + i), 0.5));
      m.setWeights(start);
      ops.dispose(start);
      const x = randomTensor([16, 3], 5);
      const y = randomTensor([16, 1], 6);
      m.compile({optimizer: new optimizers.SGD({learningRate: 0.05}), loss: 'mse'});
      const before = await values(m);
      const h = await m.fit(x, y, {epochs: 15, batchSize: 16, verbose: 0});
      const loss = h.history['loss']!;
      expect(loss[loss.length - 1]).to.be.lessThan(loss[0]! * 0.9);
      const after = await values(m);
      const unchanged = m.weights.filter((_w, i) => !differs(before[i]!, after[i]!)).map((w) => w.path);
      expect(unchanged).to.deep.equal([]);
      expect(m.weights.map((w) => w.path)).to.include.members(kind === 'Sequential' ? ['block/scale'] : ['res/block/scale']);
      ops.dispose([x, y]);
      m.dispose();
    });

    it(`${kind}: freezing the block freezes its children; fit leaves their weights alone`, async () => {
      const m = make();
      const block = kind === 'Sequential' ? (m.getLayer(1) as Block) : ((m.getLayer('res') as Residual).layer as Block);
      const owner = kind === 'Sequential' ? block : m.getLayer('res');
      owner.trainable = false;
      expect(block.first.trainable).to.equal(false);
      expect(block.second.trainable).to.equal(false);
      const frozen = block.weights;
      expect(m.trainableWeights.filter((w) => frozen.includes(w))).to.deep.equal([]);
      expect(m.nonTrainableWeights).to.have.members(frozen);
      m.compile({optimizer: new optimizers.SGD({learningRate: 0.05}), loss: 'mse'});
      const before = await Promise.all(frozen.map(async (w) => (await w.value.data()) as Float32Array));
      const x = randomTensor([8, 3], 7);
      const y = randomTensor([8, 1], 8);
      await m.fit(x, y, {epochs: 2, verbose: 0});
      const after = await Promise.all(frozen.map(async (w) => (await w.value.data()) as Float32Array));
      expect(before.filter((b, i) => differs(b, after[i]!))).to.have.length(0);
      owner.trainable = true;
      expect(block.first.trainable).to.equal(true);
      expect(m.trainableWeights).to.include.members(frozen);
      ops.dispose([x, y]);
      m.dispose();
    });

    it(`${kind}: save → loadModel gives the same weight paths and identical predictions`, async () => {
      const m = make();
      const x = randomTensor([5, 3], 9);
      const {dir, cleanup} = await tempDir();
      try {
        await m.save(`file://${dir}`);
        const loaded = await loadModel(`file://${dir}/model.json`);
        expect(loaded.weights.map((w) => w.path)).to.deep.equal(m.weights.map((w) => w.path));
        // The TF.js file holds the Keras 2 layout, which writes a single input/output as a list of one.
        const unlisted = (json: string): string => json.replace(/"(input|output)_layers":\[(\["[^"]+",\d+,\d+\])\]/g, '"$1_layers":$2');
        expect(unlisted(loaded.toJSON())).to.equal(unlisted(m.toJSON()));
        await expectSamePredictions(m, loaded, x, 0);
        loaded.dispose();
      } finally {
        await cleanup();
        x.dispose();
        m.dispose();
      }
    });
  }

  it('JSON: sub-layers are nested Keras envelopes in the parent config and round-trip', () => {
    const m = functionalWithBlock();
    const doc = JSON.parse(m.toJSON()) as Json;
    const layers = (doc['config'] as Json)['layers'] as Json[];
    const res = layers.find((l) => (l['config'] as Json)['name'] === 'res') as Json;
    const inner = (res['config'] as Json)['layer'] as Json;
    expect(inner).to.include({module: null, class_name: 'Block', registered_name: 'test>Block'});
    const first = (inner['config'] as Json)['first'] as Json;
    expect(first).to.include({module: 'keras.layers', class_name: 'Dense', registered_name: null});
    expect(first['config']).to.include({name: 'dense', units: 3, activation: 'tanh'});
    // Keras 3 writes every layer's dtype, nested ones included, as a DTypePolicy envelope.
    for (const cfg of [inner['config'], first['config']] as Json[]) expect(cfg['dtype']).to.deep.include({class_name: 'DTypePolicy', config: {name: 'float32'}});
    const back = fromJSON(doc);
    expect(back.toJSON()).to.equal(m.toJSON());
    expect(back.weights.map((w) => w.path)).to.deep.equal(m.weights.map((w) => w.path));
    [m, back].forEach((x) => x.dispose());
  });

  it('customObjects of the loader reach a custom layer nested in a wrapper', async () => {
    const x = input({shape: [2], name: 'x'});
    const m = model({inputs: x, outputs: new Residual({layer: new Twice(), name: 'res'}).apply(x)});
    const doc = m.toJSON();
    expect(() => fromJSON(doc)).to.throw(SerializationError, /Unknown layer class "Twice"/);
    const back = fromJSON(doc, {customObjects: {Twice}});
    const t = ops.tensor([[1, -2]]);
    const out = back.predict(t) as Tensor;
    expect(Array.from((await out.data()) as Float32Array)).to.deep.equal([3, -6]);
    ops.dispose([t, out]);
    [m, back].forEach((v) => v.dispose());
  });

  it('loads Keras 2 names of a wrapped layer (res/kernel, built in the wrapper scope) into res/inner/kernel, in any order', async () => {
    const make = (): Model => {
      const x = input({shape: [2], name: 'x'});
      return model({inputs: x, outputs: new Residual({layer: new Dense({units: 2, name: 'inner'}), name: 'res'}).apply(x)});
    };
    const m = make();
    expect(m.weights.map((w) => w.path)).to.deep.equal(['res/inner/kernel', 'res/inner/bias']);
    let saved: ModelArtifacts | null = null;
    const handler: IOHandler = {
      save: async (a: ModelArtifacts): Promise<SaveResult> => {
        saved = a;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      },
    };
    await m.save(handler);
    const a = saved as unknown as ModelArtifacts;
    // Keras 2 order and names: bias before kernel, no inner scope; the file's bias is [5, 6], its kernel [1..4].
    const bias = new Float32Array([5, 6]);
    const kernel = new Float32Array([1, 2, 3, 4]);
    const data = new Uint8Array(24);
    data.set(new Uint8Array(bias.buffer), 0);
    data.set(new Uint8Array(kernel.buffer), 8);
    const file: ModelArtifacts = {...a, weightSpecs: [{name: 'res/bias', shape: [2], dtype: 'float32'}, {name: 'res/kernel', shape: [2, 2], dtype: 'float32'}], weightData: data.buffer};
    const copy = make();
    await loadWeights(copy, file);
    expect(Array.from((await copy.weights[0]!.value.data()) as Float32Array)).to.deep.equal([1, 2, 3, 4]);
    expect(Array.from((await copy.weights[1]!.value.data()) as Float32Array)).to.deep.equal([5, 6]);
    [m, copy].forEach((v) => v.dispose());
  });

  it('a model weight of its own (addWeight) is trained, saved, loaded and disposed', async () => {
    const before = memory().numTensors;
    const m = new Gained({layers: [new Dense({units: 1, inputShape: [2]})]});
    expect(m.weights.map((w) => w.path)).to.deep.equal(['gained/gain', 'dense/kernel', 'dense/bias']);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse'});
    const x = randomTensor([8, 2], 3);
    const y = randomTensor([8, 1], 4);
    await m.fit(x, y, {epochs: 3, verbose: 0});
    expect(((await m.gain.value.data()) as Float32Array)[0]).to.not.equal(1);
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}`);
      const copy = new Gained({layers: [new Dense({units: 1, inputShape: [2]})]});
      await loadWeights(copy, `file://${dir}/model.json`);
      expect(await copy.gain.value.data()).to.deep.equal(await m.gain.value.data());
      await expectSamePredictions(m, copy, x, 0);
      copy.dispose();
    } finally {
      await cleanup();
    }
    ops.dispose([x, y]);
    m.dispose();
    expect(memory().numTensors).to.equal(before);
  });

  it('dispose frees every tensor of nested layers, shared ones included', async () => {
    const before = memory().numTensors;
    for (const make of [sequentialWithBlock, functionalWithBlock]) {
      const m = make();
      m.compile({optimizer: 'adam', loss: 'mse'});
      const x: Tensor = randomTensor([4, 3], 1);
      const y: Tensor = randomTensor([4, 1], 2);
      await m.fit(x, y, {epochs: 1, verbose: 0});
      ops.dispose([x, y]);
      m.dispose();
    }
    const shared = new Dense({units: 2});
    const block = new Block({units: 2, first: shared, second: shared});
    block.build([null, 2]);
    new Residual({layer: block}).dispose();
    expect(memory().numTensors).to.equal(before);
  });
});
