import {expect} from 'chai';
import {memory, ops, optimizers, setBackend, tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Conv2D, Dense, Flatten, MaxPooling2D, resetNames} from '@stratum/layers';
import {sequential} from '../index.js';

/**
 * The hot ops use a different forward/backward formulation on each backend (ops/fast/backend-choice.ts),
 * so training the same CNN from the same weights on cpu and on wasm must end at the same weights.
 */
function cnn() {
  resetNames();
  return sequential([
    new Conv2D({filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2]}),
    new MaxPooling2D({poolSize: 2}),
    new Conv2D({filters: 3, kernelSize: 2, padding: 'same', activation: 'tanh'}),
    new Flatten(),
    new Dense({units: 3, activation: 'softmax'}),
  ]);
}

function pseudo(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({length: n}, () => {
    s = (s * 48271) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  });
}

async function trainOn(backend: 'cpu' | 'wasm', initial: number[][]): Promise<number[][]> {
  await setBackend(backend);
  const m = cnn();
  const start = m.weights.map((w, i) => tensor(initial[i] as number[], w.shape));
  m.setWeights(start);
  ops.dispose(start);
  const sgd = new optimizers.SGD({learningRate: 0.2, momentum: 0.5});
  m.compile({optimizer: sgd, loss: 'categoricalCrossentropy'});
  const x = tensor(pseudo(16 * 8 * 8 * 2, 11), [16, 8, 8, 2]);
  const labels = pseudo(16, 5).map((v) => Math.floor((v + 1) * 1.5) % 3);
  const y = ops.tidy(() => ops.oneHot(tensor(labels, [16], 'int32'), 3));
  await m.fit(x, y, {epochs: 3, batchSize: 4, shuffle: false, verbose: 0});
  const out = await Promise.all(m.getWeights().map(async (w) => {
    const v = Array.from(await w.data());
    w.dispose();
    return v;
  }));
  ops.dispose([x, y]);
  m.dispose();
  sgd.dispose(); // the model never disposes an optimizer it was given (another model may share it)
  return out;
}

describe('training agrees across backends', () => {
  after(async () => {
    await setBackend('cpu');
  });

  it('a small CNN trained 12 SGD steps on cpu and on wasm ends at the same weights', async () => {
    await setBackend('cpu');
    const start = memory().numTensors;
    const probe = cnn();
    const initial = await Promise.all(probe.getWeights().map(async (w) => {
      const v = Array.from(await w.data());
      w.dispose();
      return v;
    }));
    probe.dispose();
    const onCpu = await trainOn('cpu', initial);
    const onWasm = await trainOn('wasm', initial);
    // the weights moved (so the comparison means something) ...
    const moved = onCpu.some((w, i) => w.some((v, j) => Math.abs(v - (initial[i] as number[])[j]!) > 1e-3));
    expect(moved).to.equal(true);
    // ... and both backends moved them the same way
    for (let i = 0; i < onCpu.length; i++) {
      const w = tensor(onWasm[i] as number[]);
      await expectClose(w, onCpu[i] as number[], 2e-5, 1e-4);
      w.dispose();
    }
    await setBackend('cpu');
    expect(memory().numTensors).to.equal(start);
  });
});
