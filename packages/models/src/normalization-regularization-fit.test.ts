/**
 * The normalization and regularization layers train inside `fit` on every backend: the stochastic layers
 * run in training mode (seeded, so each run is reproducible), DropConnect's wrapped kernel receives
 * gradients, and every trainable weight moves.
 */
import {expect} from 'chai';
import {ops, optimizers} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {resetNames} from '@stratum/layers';
import {randomTensor} from './saving/fixtures.test.helpers.js';
import {sequenceModel} from './saving/normalization-regularization.test.helpers.js';

describeBackends('normalization and regularization layers in fit', () => {
  beforeEach(() => resetNames());

  it('fit reduces the loss and changes every trainable weight; predict is deterministic (inference mode)', async () => {
    const m = sequenceModel();
    // Seeded starting weights: a run must not depend on the random initializers.
    const start = m.weights.map((w, i) => ops.add(ops.mul(randomTensor(w.shape, 200 + i), 0.5), w.name === 'gamma' || w.name === 'scale' ? 1 : 0));
    m.setWeights(start);
    ops.dispose(start);
    const x = randomTensor([32, 6, 8], 7);
    const y = ops.mul(randomTensor([32, 6, 3], 8), 0.3);
    m.compile({optimizer: new optimizers.Adam({learningRate: 0.01}), loss: 'mse'});
    const before = await Promise.all(m.trainableWeights.map((w) => w.read()));
    const h = await m.fit(x, y, {epochs: 20, batchSize: 16, verbose: 0});
    const loss = h.history['loss'] as number[];
    expect(loss[loss.length - 1]).to.be.lessThan((loss[0] as number) * 0.8);
    const after = await Promise.all(m.trainableWeights.map((w) => w.read()));
    const unchanged = m.trainableWeights.filter((_w, i) => (after[i] as Float32Array).every((v, k) => v === (before[i] as Float32Array)[k])).map((w) => w.path);
    expect(unchanged).to.deep.equal([]);
    const [p1, p2] = [m.predict(x), m.predict(x)] as ReturnType<typeof ops.zeros>[];
    expect(Array.from(await (p1 as ReturnType<typeof ops.zeros>).data())).to.deep.equal(Array.from(await (p2 as ReturnType<typeof ops.zeros>).data()));
    ops.dispose([x, y, p1 as never, p2 as never]);
    m.dispose();
  });
});
