/**
 * A residual CNN built from the merging and pooling layers goes through Keras 3 JSON, Keras 2 JSON and a
 * TF.js folder to the same predictions, with Keras's parameter count.
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Add, AveragePooling2D, Concatenate, Conv2D, Dense, GlobalAveragePooling2D, GlobalMaxPooling2D, input, resetNames} from '@stratum/layers';
import {fromJSON, loadModel, model} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights, tempDir} from './fixtures.test.helpers.js';
import {modelToConfig} from './to-json.js';

function residualCnn(): Model {
  const x = input({shape: [8, 8, 3], name: 'img'});
  const c1 = new Conv2D({filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1'}).apply(x);
  const c2 = new Conv2D({filters: 4, kernelSize: 3, padding: 'same', name: 'c2'}).apply(c1);
  const sum = new Add({name: 'res'}).apply([c1, c2]);
  const pooled = new AveragePooling2D({name: 'avg'}).apply(sum);
  const both = new Concatenate({name: 'cat'}).apply([new GlobalAveragePooling2D({name: 'gap'}).apply(pooled), new GlobalMaxPooling2D({name: 'gmp'}).apply(pooled)]);
  return model({inputs: x, outputs: new Dense({units: 2, activation: 'softmax', name: 'out'}).apply(both), name: 'resnetish'});
}

async function samePredictions(a: Model, b: Model): Promise<void> {
  const x = ops.randomUniform([3, 8, 8, 3], -1, 1, 'float32', 11);
  const [ya, yb] = [a.predict(x) as Tensor, b.predict(x) as Tensor];
  await expectClose(ya, (await yb.array()) as number[][], 1e-5);
  ops.dispose([x, ya, yb]);
}

describe('saving: merging and pooling layers in a residual CNN', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Keras 3 and Keras 2 JSON round trips keep the graph; params as Keras counts them', async () => {
    const m = residualCnn();
    // c1: 3·3·3·4 + 4 = 112; c2: 3·3·4·4 + 4 = 148; out: 8·2 + 2 = 18.
    expect(m.countParams()).to.equal(278);
    for (const flavor of ['keras3', 'keras2'] as const) {
      const copy = fromJSON(modelToConfig(m, flavor));
      expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
      copyWeights(m, copy);
      await samePredictions(m, copy);
      copy.dispose();
    }
    m.dispose();
  });

  it('saves to a TF.js folder and loads back to the same predictions', async () => {
    const {dir, cleanup} = await tempDir();
    const m = residualCnn();
    await m.save(`file://${dir}/m`);
    const loaded = await loadModel(`file://${dir}/m/model.json`);
    await samePredictions(m, loaded);
    for (const x of [m, loaded]) x.dispose();
    await cleanup();
  });
});
