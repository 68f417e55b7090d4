/**
 * Zoo models train on wasm (depthwise convolutions, BatchNormalization, ReLU6, residual adds, strided
 * zero padding) and survive Keras 3 JSON and weight files with the same predictions.
 */
import {expect} from 'chai';
import {memory, ops, optimizers, setBackend, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {fromJSON} from '../index.js';
import {copyWeights, expectSamePredictions, pseudoRandom, tempDir} from '../saving/fixtures.test.helpers.js';
import {leNet5, mobileNet, mobileNetV2, resNet50V2} from './index.js';

/** Replaces every kernel by seeded Glorot-uniform values; biases and BN statistics keep their constant initial values. */
function seedKernels(m: Functional, seed: number): void {
  const values = m.weights.map((w, i) => {
    if (w.name !== 'kernel' && w.name !== 'depthwise_kernel') return ops.clone(w.value);
    const [kh = 1, kw = 1, cin = 1, cout = 1] = w.shape;
    const limit = Math.sqrt(6 / (kh * kw * (cin + (w.name === 'kernel' ? cout : 1))));
    return tensor(pseudoRandom(w.size, seed + i).map((v) => v * limit), [...w.shape]);
  });
  m.setWeights(values);
  ops.dispose(values);
}

function images(n: number, size: number, channels: number, seed: number): Tensor {
  return tensor(pseudoRandom(n * size * size * channels, seed), [n, size, size, channels]);
}

describe('applications: training on wasm and saving', function () {
  this.timeout(120_000);
  beforeEach(() => resetNames());
  after(async () => {
    await setBackend('cpu');
  });

  it('mobileNetV2 (alpha 0.35, 32x32) trains a few steps on wasm and its loss goes down', async () => {
    await setBackend('wasm');
    const start = memory().numTensors;
    const m = mobileNetV2({alpha: 0.35, inputShape: [32, 32, 3], classes: 3});
    seedKernels(m, 7);
    const adam = new optimizers.Adam({learningRate: 1e-3});
    m.compile({optimizer: adam, loss: 'sparseCategoricalCrossentropy'});
    const x = images(6, 32, 3, 3);
    const y = tensor([0, 1, 2, 0, 1, 2], [6]);
    const h = await m.fit(x, y, {epochs: 5, batchSize: 6, shuffle: false, verbose: 0});
    const loss = h.history['loss']!;
    expect(loss).to.have.length(5);
    // Seeded: 1.14, 0.92, 0.73, 0.35, 0.29 (BN in training mode over the batch).
    for (let e = 1; e < loss.length; e++) expect(loss[e]!, `epoch ${e}`).to.be.lessThan(loss[e - 1]!);
    expect(loss[loss.length - 1]!).to.be.lessThan(loss[0]! * 0.5);
    // The moving statistics moved in training (BN momentum 0.999: a small but nonzero step from 0).
    const mean = await m.getLayer('bn_Conv1').weights.find((w) => w.name === 'moving_mean')!.value.data();
    expect(Array.from(mean).some((v) => v !== 0)).to.equal(true);
    ops.dispose([x, y]);
    m.dispose();
    adam.dispose();
    expect(memory().numTensors).to.equal(start);
  });

  it('leNet5 trains on wasm: sparse labels, loss goes down', async () => {
    await setBackend('wasm');
    const m = leNet5();
    seedKernels(m, 21);
    const adam = new optimizers.Adam({learningRate: 0.01});
    m.compile({optimizer: adam, loss: 'sparseCategoricalCrossentropy'});
    const x = images(10, 32, 1, 5);
    const y = tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10]);
    const h = await m.fit(x, y, {epochs: 5, batchSize: 10, shuffle: false, verbose: 0});
    const loss = h.history['loss']!;
    // Seeded: 2.30 (ln 10: uniform at the start), 2.29, 2.13, 1.72, 1.09.
    for (let e = 1; e < loss.length; e++) expect(loss[e]!, `epoch ${e}`).to.be.lessThan(loss[e - 1]!);
    expect(loss[loss.length - 1]!).to.be.lessThan(loss[0]! * 0.6);
    ops.dispose([x, y]);
    m.dispose();
    adam.dispose();
  });

  it('Keras 3 JSON round trips give the same graph and predictions (mobileNetV2, mobileNet, leNet5)', async () => {
    await setBackend('cpu');
    const builds: [() => Functional, number][] = [
      [() => mobileNetV2({alpha: 0.35, inputShape: [32, 32, 3], classes: 4}), 3],
      [() => mobileNet({alpha: 0.25, depthMultiplier: 2, inputShape: [32, 32, 3], classes: 4}), 3],
      [() => leNet5({classifierActivation: null}), 1],
    ];
    for (const [build, channels] of builds) {
      const m = build();
      const json = m.toJSON();
      const copy = fromJSON(json) as Functional;
      expect(copy.name).to.equal(m.name);
      expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
      expect(copy.toJSON()).to.equal(json);
      copyWeights(m, copy);
      const x = images(2, 32, channels, 9);
      await expectSamePredictions(m, copy, x, 1e-5);
      ops.dispose(x);
      for (const d of [m, copy]) d.dispose();
    }
  });

  it('ResNet50V2 goes through Keras 3 JSON to the same graph (unnamed 1x1 max poolings included)', () => {
    const m = resNet50V2({includeTop: false, inputShape: [32, 32, 3], pooling: 'max'});
    const json = m.toJSON();
    const copy = fromJSON(json) as Functional;
    expect(copy.toJSON()).to.equal(json);
    expect(copy.countParams()).to.equal(m.countParams());
    for (const d of [m, copy]) d.dispose();
  });

  it('the Keras 3 JSON carries Keras\'s settings in snake_case (ReLU6, BN momentum 0.999, paddings)', () => {
    const m = mobileNetV2({alpha: 0.35, inputShape: [32, 32, 3]});
    const doc = JSON.parse(m.toJSON()) as {config: {layers: {class_name: string; name: string; config: Record<string, unknown>}[]}};
    const layer = (name: string): Record<string, unknown> => doc.config.layers.find((l) => l.name === name)!.config;
    expect(layer('Conv1_relu')).to.deep.include({max_value: 6});
    expect(layer('bn_Conv1')).to.deep.include({momentum: 0.999, epsilon: 1e-3});
    expect(layer('block_1_pad')['padding']).to.deep.equal([[0, 1], [0, 1]]);
    expect(layer('block_1_depthwise')).to.deep.include({padding: 'valid', use_bias: false});
    m.dispose();
  });

  it('weights: a model.json the user supplies loads into the builder (a promise); a wrong one rejects without leaks', async () => {
    await setBackend('cpu');
    const {dir, cleanup} = await tempDir();
    const m = mobileNetV2({alpha: 0.35, inputShape: [32, 32, 3], classes: 3});
    seedKernels(m, 3);
    await m.save(`file://${dir}/mnv2`);
    const loaded = await mobileNetV2({alpha: 0.35, inputShape: [32, 32, 3], classes: 3, weights: `file://${dir}/mnv2/model.json`});
    const x = images(2, 32, 3, 4);
    await expectSamePredictions(m, loaded, x, 1e-6);
    const start = memory().numTensors;
    let error: unknown;
    await mobileNetV2({alpha: 0.5, inputShape: [32, 32, 3], classes: 3, weights: `file://${dir}/mnv2/model.json`}).catch((e: unknown) => {
      error = e;
    });
    expect(String(error)).to.match(/shape|mismatch|expected/i);
    expect(memory().numTensors).to.equal(start);
    ops.dispose(x);
    for (const d of [m, loaded]) d.dispose();
    await cleanup();
  });
});
