/**
 * A zoo model trains on wasm: EfficientNetB0 at Keras's smallest input (32x32), without its top, with
 * average pooling and a small Dense head (depthwise convolutions, squeeze-excitation, swish,
 * drop-connect Dropout and BatchNormalization all in the backward pass). The trained model goes through
 * Keras 3 JSON to the same predictions.
 */
import {expect} from 'chai';
import {ops, optimizers, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Dense, resetNames} from '@stratum/layers';
import {fromJSON, model} from '../index.js';
import {copyWeights, expectSamePredictions} from '../saving/fixtures.test.helpers.js';
import {modelToConfig} from '../saving/to-json.js';
import {efficientNetB0} from './efficientnet.js';

describe('applications: efficientNetB0 trains on wasm and round-trips through Keras 3 JSON', function () {
  this.timeout(60_000);
  before(async () => {
    await setBackend('wasm');
  });
  after(async () => {
    await setBackend('cpu');
  });

  it('three training steps lower the loss and move every trainable weight; the JSON copy predicts the same', async () => {
    resetNames();
    const base = efficientNetB0({includeTop: false, inputShape: [32, 32, 3], pooling: 'avg'});
    const out = new Dense({units: 3, activation: 'softmax', name: 'head'}).apply(base.outputs[0] as never);
    const m = model({inputs: base.inputs, outputs: out, name: 'small_efficientnet'});
    // Seeded starting weights: kernels uniform with variance 1/fanIn, BN gamma 1 and beta 0, biases 0.
    m.trainableWeights.forEach((w, i) => {
      const fanIn = w.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const a = Math.sqrt(3 / fanIn);
      const v = w.shape.length < 2 ? ops.fill(w.shape, w.name === 'gamma' ? 1 : 0) : ops.randomUniform(w.shape, -a, a, 'float32', 100 + i);
      w.assign(v);
      v.dispose();
    });
    const x = ops.mul(ops.randomUniform([8, 32, 32, 3], 0, 1, 'float32', 1), 255);
    const y = ops.oneHot(ops.tensor([0, 1, 2, 0, 1, 2, 0, 1], [8], 'int32'), 3);
    m.compile({optimizer: new optimizers.Adam({learningRate: 0.001}), loss: 'categoricalCrossentropy'});
    const before = await Promise.all(m.trainableWeights.map((w) => w.read()));
    const h = await m.fit(x, y, {epochs: 3, batchSize: 8, verbose: 0});
    const loss = h.history['loss'] as number[];
    expect(loss.every(Number.isFinite), `losses ${loss.join(', ')}`).to.equal(true);
    expect(loss[loss.length - 1], `losses ${loss.join(', ')}`).to.be.lessThan((loss[0] as number) * 0.8);
    const after = await Promise.all(m.trainableWeights.map((w) => w.read()));
    const unchanged = m.trainableWeights.filter((_w, i) => (after[i] as Float32Array).every((v, k) => v === (before[i] as Float32Array)[k])).map((w) => w.path);
    expect(unchanged).to.deep.equal([]);

    // The trained model (moving statistics moved) through Keras 3 JSON: same graph, same predictions.
    const copy = fromJSON(modelToConfig(m, 'keras3'));
    expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
    expect(copy.countParams()).to.equal(m.countParams());
    copyWeights(m, copy);
    await expectSamePredictions(m, copy, x, 1e-5);
    ops.dispose([x, y] as Tensor[]);
    copy.dispose();
    m.dispose();
  });
});
