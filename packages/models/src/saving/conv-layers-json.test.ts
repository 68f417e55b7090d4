/**
 * Models built from every convolution layer (grouped, 3-D, transposed, separable, depthwise) go through
 * Keras 3 JSON, Keras 2 JSON and a TF.js folder to the same predictions, with Keras's parameter counts;
 * a Keras 2 / TF.js file naming DepthwiseConv2D's kernel `depthwise_kernel` loads into Keras 3's `kernel`.
 */
import {expect} from 'chai';
import {readFile, writeFile} from 'node:fs/promises';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {
  Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose, Dense, DepthwiseConv1D, DepthwiseConv2D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, SeparableConv1D, SeparableConv2D, input, resetNames,
} from '@stratum/layers';
import {fromJSON, loadModel, model, sequential} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights, tempDir} from './fixtures.test.helpers.js';
import {modelToConfig} from './to-json.js';

function imageModel(): Model {
  const x = input({shape: [8, 8, 4], name: 'img'});
  let h = new Conv2D({filters: 4, kernelSize: 3, groups: 2, padding: 'same', activation: 'relu', name: 'grouped'}).apply(x);
  h = new DepthwiseConv2D({kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', name: 'dw'}).apply(h);
  h = new SeparableConv2D({filters: 6, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'tanh', name: 'sep'}).apply(h);
  h = new Conv2DTranspose({filters: 3, kernelSize: 3, strides: 2, padding: 'same', outputPadding: 1, dataFormat: 'channels_first', name: 'up'}).apply(h);
  const out = new Dense({units: 2, name: 'out'}).apply(new GlobalAveragePooling2D({dataFormat: 'channels_first', name: 'gap'}).apply(h));
  return model({inputs: x, outputs: out, name: 'convs2d'});
}

function sequenceModel(): Model {
  return sequential({name: 'convs1d', layers: [
    new Conv1D({filters: 4, kernelSize: 3, groups: 4, padding: 'causal', inputShape: [12, 4], name: 'c1'}),
    new DepthwiseConv1D({kernelSize: 2, depthMultiplier: 2, name: 'dw1'}),
    new SeparableConv1D({filters: 3, kernelSize: 3, strides: 2, name: 'sep1'}),
    new Conv1DTranspose({filters: 2, kernelSize: 2, strides: 2, name: 'up1'}),
    new GlobalAveragePooling1D({name: 'gap1'}),
  ]});
}

function volumeModel(): Model {
  const x = input({shape: [4, 4, 4, 2], name: 'vol'});
  const h = new Conv3D({filters: 4, kernelSize: 2, groups: 2, strides: 2, name: 'c3'}).apply(x);
  const up = new Conv3DTranspose({filters: 2, kernelSize: [3, 2, 2], strides: 2, padding: 'same', name: 'up3'}).apply(h);
  return model({inputs: x, outputs: new GlobalAveragePooling3D({name: 'gap3'}).apply(up), name: 'convs3d'});
}

async function samePredictions(a: Model, b: Model, shape: number[]): Promise<void> {
  const x = ops.randomUniform(shape, -1, 1, 'float32', 13);
  const [ya, yb] = [a.predict(x) as Tensor, b.predict(x) as Tensor];
  await expectClose(ya, (await yb.array()) as number[][], 1e-5);
  ops.dispose([x, ya, yb]);
}

const CASES: Array<{name: string; build: () => Model; input: number[]; params: number}> = [
  // grouped: 3·3·2·4 + 4 = 76; dw: 3·3·4·2 + 8 = 80; sep: 3·3·8 + 8·6 + 6 = 126; up (channels_first, so
  // the 4 rows of its [4, 4, 6] input are its channels): 3·3·3·4 + 3 = 111; out: 3·2 + 2 = 8.
  {name: '2-D', build: imageModel, input: [2, 8, 8, 4], params: 401},
  // c1: 3·1·4 + 4 = 16; dw1: 2·4·2 + 8 = 24; sep1: 3·8 + 8·3 + 3 = 51; up1: 2·2·3 + 2 = 14.
  {name: '1-D', build: sequenceModel, input: [2, 12, 4], params: 105},
  // c3: 2·2·2·1·4 + 4 = 36; up3: 3·2·2·2·4 + 2 = 98.
  {name: '3-D', build: volumeModel, input: [2, 4, 4, 4, 2], params: 134},
];

describe('saving: convolution layers through JSON and TF.js folders', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  for (const c of CASES) {
    it(`${c.name}: Keras 3 and Keras 2 JSON round trips and a TF.js folder keep the predictions; params as Keras counts them`, async () => {
      const m = c.build();
      expect(m.countParams()).to.equal(c.params);
      for (const flavor of ['keras3', 'keras2'] as const) {
        const copy = fromJSON(modelToConfig(m, flavor));
        expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
        copyWeights(m, copy);
        await samePredictions(m, copy, c.input);
        copy.dispose();
      }
      const {dir, cleanup} = await tempDir();
      await m.save(`file://${dir}/m`);
      const loaded = await loadModel(`file://${dir}/m/model.json`);
      await samePredictions(m, loaded, c.input);
      for (const x of [m, loaded]) x.dispose();
      await cleanup();
    });
  }

  it("a TF.js / Keras 2 weights manifest naming DepthwiseConv2D's kernel `depthwise_kernel` loads into `kernel`", async () => {
    const {dir, cleanup} = await tempDir();
    const m = imageModel();
    await m.save(`file://${dir}/m`);
    const path = `${dir}/m/model.json`;
    const doc = JSON.parse(await readFile(path, 'utf8')) as {weightsManifest: Array<{weights: Array<{name: string}>}>};
    const names = doc.weightsManifest.flatMap((g) => g.weights.map((w) => w.name));
    expect(names).to.include('dw/kernel');
    for (const g of doc.weightsManifest) for (const w of g.weights) w.name = w.name.replace(/^dw\/kernel$/, 'dw/depthwise_kernel');
    await writeFile(path, JSON.stringify(doc));
    const loaded = await loadModel(`file://${path}`);
    await samePredictions(m, loaded, [2, 8, 8, 4]);
    // The converter's renamed scopes too (dw_3/depthwise_kernel for the model's dw/kernel).
    for (const g of doc.weightsManifest) for (const w of g.weights) w.name = `${w.name.split('/')[0]}_3/${w.name.split('/').slice(1).join('/')}`;
    await writeFile(path, JSON.stringify(doc));
    const renamed = await loadModel(`file://${path}`);
    await samePredictions(m, renamed, [2, 8, 8, 4]);
    for (const x of [m, loaded, renamed]) x.dispose();
    await cleanup();
  });
});
