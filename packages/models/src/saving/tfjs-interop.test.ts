/**
 * Files written by tfjs-layers load into Stratum, and files Stratum writes load into tfjs-layers
 * (`tf.loadLayersModel`), with the same predictions for the same weights.
 *
 * tfjs-node (which registers tfjs's `file://` handler) is not installed, so the test writes and reads
 * the files the way that handler does: `model.json` + `weights.bin`, with the artifacts tfjs-layers'
 * `model.save` produces.
 */
import {expect} from 'chai';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Dense, input, resetNames} from '@stratum/layers';
import {Functional, loadModel, model, sequential} from '../index.js';
import type {Model} from '../index.js';
import {cnn, mlp, randomTensor, tempDir} from './fixtures.test.helpers.js';

/** What tfjs-node's `file://` save handler writes. */
function tfjsFileSaver(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (a) => {
    const modelJson = {modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, weightsManifest: [{paths: ['weights.bin'], weights: a.weightSpecs}]};
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  });
}

/** What tfjs-node's `file://` load handler reads: model.json and the shards its manifest names. */
function tfjsFileLoader(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const parts = await Promise.all(manifest.flatMap((g) => g.paths).map((p) => readFile(join(dir, p))));
        const bytes = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
        let off = 0;
        for (const p of parts) {
          bytes.set(p, off);
          off += p.byteLength;
        }
        return [specs, bytes.buffer];
      });
    },
  };
}

async function expectSameOutputs(st: Model, tfm: tf.LayersModel, x: Tensor | Tensor[]): Promise<void> {
  const a = st.predict(x);
  const b = tfm.predict(x) as tf.Tensor | tf.Tensor[];
  const la = Array.isArray(a) ? a : [a];
  const lb = Array.isArray(b) ? b : [b];
  expect(la.length).to.equal(lb.length);
  for (let i = 0; i < la.length; i++) await expectClose(la[i] as Tensor, lb[i] as tf.Tensor, 1e-5, 1e-5);
  tf.dispose([...la, ...lb]);
}

describe('saving: TF.js interoperability', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('a tfjs-layers Sequential (Dense MLP) loads with the same predictions', async () => {
    const tm = tf.sequential({layers: [tf.layers.dense({units: 6, activation: 'relu', inputShape: [4]}), tf.layers.dense({units: 3, activation: 'softmax'})]});
    const {dir, cleanup} = await tempDir();
    try {
      await tm.save(tfjsFileSaver(dir));
      const m = await loadModel(`file://${dir}/model.json`);
      expect(m.countParams()).to.equal(tm.countParams());
      const x = randomTensor([5, 4], 21);
      await expectSameOutputs(m, tm, x);
      x.dispose();
      m.dispose();
    } finally {
      await cleanup();
      tm.dispose();
    }
  });

  it('a tfjs-layers CNN (Conv2D, MaxPooling2D, Flatten, Dense; camelCase identifiers) loads with the same predictions', async () => {
    const tm = tf.sequential({
      layers: [
        tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [6, 6, 2], dataFormat: 'channelsLast', kernelInitializer: 'heNormal'}),
        tf.layers.maxPooling2d({poolSize: 2}),
        tf.layers.conv2d({filters: 2, kernelSize: [2, 2], strides: 1, activation: 'tanh'}),
        tf.layers.flatten(),
        tf.layers.dense({units: 2, activation: 'sigmoid', kernelInitializer: 'glorotNormal'}),
      ],
    });
    const {dir, cleanup} = await tempDir();
    try {
      await tm.save(tfjsFileSaver(dir));
      const m = await loadModel(`file://${dir}/model.json`);
      expect(m.countParams()).to.equal(tm.countParams());
      const x = randomTensor([3, 6, 6, 2], 22);
      await expectSameOutputs(m, tm, x);
      x.dispose();
      m.dispose();
    } finally {
      await cleanup();
      tm.dispose();
    }
  });

  it('a tfjs-layers functional "Model" with two inputs, two outputs and a shared layer loads', async () => {
    const a = tf.input({shape: [3]});
    const b = tf.input({shape: [3]});
    const shared = tf.layers.dense({units: 4, activation: 'tanh'});
    const out2 = tf.layers.dense({units: 2}).apply(shared.apply(b)) as tf.SymbolicTensor;
    const tm = tf.model({inputs: [a, b], outputs: [shared.apply(a) as tf.SymbolicTensor, out2]});
    const {dir, cleanup} = await tempDir();
    try {
      await tm.save(tfjsFileSaver(dir));
      const m = await loadModel(`file://${dir}/model.json`);
      expect(m).to.be.instanceOf(Functional);
      const xs = [randomTensor([2, 3], 23), randomTensor([2, 3], 24)];
      await expectSameOutputs(m, tm, xs);
      tf.dispose(xs);
      m.dispose();
    } finally {
      await cleanup();
      tm.dispose();
    }
  });

  it('Stratum-saved Sequential models load in tfjs-layers with the same predictions', async () => {
    for (const [m, shape] of [[mlp(), [4, 5]], [cnn(), [2, 8, 8, 2]]] as const) {
      const {dir, cleanup} = await tempDir();
      try {
        await m.save(`file://${dir}`);
        const tm = await tf.loadLayersModel(tfjsFileLoader(dir));
        expect(tm.countParams()).to.equal(m.countParams());
        const x = randomTensor([...shape], 25);
        await expectSameOutputs(m, tm, x);
        x.dispose();
        tm.dispose();
      } finally {
        await cleanup();
        m.dispose();
      }
    }
  });

  it('a Stratum-saved Functional (shared layer, nested Sequential and Functional) loads in tfjs-layers', async () => {
    const a = input({shape: [4], name: 'a'});
    const b = input({shape: [4], name: 'b'});
    const shared = new Dense({units: 5, activation: 'relu', name: 'shared'});
    const tower = sequential({layers: [new Dense({units: 3, name: 'tower_dense'})], name: 'tower'});
    const hi = input({shape: [5], name: 'head_in'});
    const head = model({inputs: hi, outputs: new Dense({units: 2, activation: 'softmax', name: 'head_dense'}).apply(hi), name: 'head'});
    const m = model({inputs: [a, b], outputs: [tower.apply(shared.apply(a)), head.apply(shared.apply(b))], name: 'two_heads'});
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}`);
      const tm = await tf.loadLayersModel(tfjsFileLoader(dir));
      const xs = [randomTensor([3, 4], 26), randomTensor([3, 4], 27)];
      await expectSameOutputs(m, tm, xs);
      tf.dispose(xs);
      tm.dispose();
    } finally {
      await cleanup();
      m.dispose();
    }
  });
});
