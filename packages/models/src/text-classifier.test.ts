/**
 * Embedding (maskZero) → GlobalAveragePooling1D → Dense: the text classifier tfjs-layers cannot train on
 * wasm (its gather gradient needs UnsortedSegmentSum). Trains here on every backend, honours the padding
 * mask, and saves and loads.
 */
import {expect} from 'chai';
import {memory, ops, optimizers, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, Embedding, GlobalAveragePooling1D, resetNames} from '@stratum/layers';
import {loadModel, sequential} from './index.js';
import {randomTensor, tempDir} from './saving/fixtures.test.helpers.js';

/** Sentences of token ids padded with 0; class 1 when token 1 appears. */
function data(): {x: number[][]; y: number[][]} {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 64; i++) {
    const len = 2 + (i % 5);
    const tokens = Array.from({length: 8}, (_, t) => (t < len ? 2 + ((i * 7 + t * 3) % 17) : 0));
    if (i % 2 === 0) tokens[i % len] = 1;
    x.push(tokens);
    y.push([i % 2 === 0 ? 1 : 0]);
  }
  return {x, y};
}

describeBackends('text classifier: Embedding + GlobalAveragePooling1D', () => {
  beforeEach(() => resetNames());

  it('trains (loss falls by half), leaks nothing per epoch, and masks the padding', async () => {
    const m = sequential({layers: [new Embedding({inputDim: 20, outputDim: 8, maskZero: true, inputShape: [8]}), new GlobalAveragePooling1D(), new Dense({units: 1, activation: 'sigmoid'})]});
    m.compile({optimizer: new optimizers.Adam({learningRate: 0.05}), loss: 'binary_crossentropy'});
    // Seeded starting weights: a run must not depend on the random initializers.
    const start = m.weights.map((w, i) => ops.mul(randomTensor(w.shape, 200 + i), 0.1));
    m.setWeights(start);
    ops.dispose(start);
    const {x, y} = data();
    const first = await m.fit(x, y, {epochs: 1, batchSize: 16, verbose: 0, shuffle: false});
    const before = memory().numTensors;
    const history = await m.fit(x, y, {epochs: 15, batchSize: 16, verbose: 0, shuffle: false});
    expect(memory().numTensors, 'tensors left by 15 epochs').to.equal(before);
    const loss = history.history['loss'] as number[];
    expect(loss.at(-1) as number).to.be.below((first.history['loss'] as number[])[0] as number / 2);
    // Masked mean: [5, 3, 0, 0, ...] pools rows 5 and 3 only, whatever the padding's row holds.
    const [table, w, b] = m.getWeights();
    const rows = (await (table as Tensor).array()) as number[][];
    const wCol = ((await (w as Tensor).array()) as number[][]).map((r) => r[0] as number);
    const bias = ((await (b as Tensor).array()) as number[])[0] as number;
    ops.dispose([table as Tensor, w as Tensor, b as Tensor]);
    const pooled = (rows[5] as number[]).map((v, k) => (v + ((rows[3] as number[])[k] as number)) / 2);
    const expected = 1 / (1 + Math.exp(-(pooled.reduce((s, v, k) => s + v * (wCol[k] as number), 0) + bias)));
    const probe = tensor2d([[5, 3, 0, 0, 0, 0, 0, 0]]);
    const y1 = m.predict(probe) as Tensor;
    await expectClose(y1, [[expected]], 1e-5);
    ops.dispose([probe, y1]);
    m.dispose();
  });

  it('saves and loads with the same predictions', async () => {
    const {dir, cleanup} = await tempDir();
    const m = sequential({layers: [new Embedding({inputDim: 20, outputDim: 4, maskZero: true, inputShape: [8]}), new GlobalAveragePooling1D(), new Dense({units: 2})]});
    await m.save(`file://${dir}/text`);
    const loaded = await loadModel(`file://${dir}/text/model.json`);
    const probe = tensor2d([[4, 9, 1, 0, 0, 0, 0, 0]]);
    const [a, b] = [m.predict(probe) as Tensor, loaded.predict(probe) as Tensor];
    await expectClose(b, (await a.array()) as number[][], 1e-6);
    ops.dispose([probe, a, b]);
    m.dispose();
    loaded.dispose();
    await cleanup();
  });
});
