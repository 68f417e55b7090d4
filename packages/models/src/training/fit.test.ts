import {expect} from 'chai';
import {Callback, initializers, metrics, optimizers, regularizers, setBackend, tensor1d, tensor2d} from '@stratum/core';
import type {Logs, Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, Dropout, resetNames} from '@stratum/layers';
import {Sequential, sequential} from '../index.js';

// ---------- float64 references ----------

function pseudoRandom(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

function affine(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => b.map((bj, j) => row.reduce((acc, xi, i) => acc + xi * (w[i] as number[])[j]!, bj)));
}

function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const argmax = (r: number[]): number => r.indexOf(Math.max(...r));
const bce = (y: number, p: number): number => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));

/** A Dense(1) linear model on `inputDim` features with the given weights. */
function linearModel(inputDim: number, kernel: number[], bias: number): Sequential {
  const m = sequential([new Dense({units: 1, inputShape: [inputDim]})]);
  const ws = [tensor2d(kernel.map((k) => [k])), tensor1d([bias])];
  m.setWeights(ws);
  ws.forEach((t) => t.dispose());
  return m;
}

async function weightsOf(m: Sequential): Promise<number[][]> {
  return Promise.all(m.weights.map(async (w) => Array.from(await w.read())));
}

/** Records epoch logs (after every earlier callback has run) and the number of batches per epoch. */
class Recorder extends Callback {
  epochs: Record<string, number>[] = [];
  batches = 0;
  batchesPerEpoch: number[] = [];
  override onEpochBegin(): void {
    this.batches = 0;
  }
  override onTrainBatchEnd(): void {
    this.batches++;
  }
  override async onEpochEnd(_e: number, logs: Logs): Promise<void> {
    this.epochs.push(await logs.resolve());
    this.batchesPerEpoch.push(this.batches);
  }
}

describeBackends('compile / fit / evaluate / predict', () => {
  beforeEach(() => resetNames());

  it('SGD linear regression converges to the generating weights; History loss decreases every epoch', async () => {
    const n = 64;
    const r = pseudoRandom(2 * n, 7);
    const xs = Array.from({length: n}, (_v, i) => [r[2 * i]!, r[2 * i + 1]!]);
    const ys = xs.map(([a, b]) => [2 * a! - 3 * b! + 1]);
    const m = linearModel(2, [0, 0], 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.2}), loss: 'meanSquaredError'});
    const h = await m.fit(xs, ys, {epochs: 60, batchSize: 16, verbose: 0, shuffle: false});
    expect(h.epoch).to.deep.equal(Array.from({length: 60}, (_v, i) => i));
    const loss = h.history['loss']!;
    expect(loss).to.have.length(60);
    // Strictly decreasing until float32 round-off (~1e-10) is reached.
    for (let e = 1; e < loss.length && loss[e - 1]! > 1e-8; e++) expect(loss[e]!, `epoch ${e}`).to.be.lessThan(loss[e - 1]!);
    expect(loss[0]!).to.be.greaterThan(1);
    expect(loss[loss.length - 1]!).to.be.lessThan(1e-6);
    const [k, b] = await weightsOf(m);
    expect(k![0]).to.be.closeTo(2, 1e-3);
    expect(k![1]).to.be.closeTo(-3, 1e-3);
    expect(b![0]).to.be.closeTo(1, 1e-3);
    m.dispose();
  });

  it('evaluate resolves to {loss, accuracy} numbers matching a float64 computation (categorical)', async () => {
    const k = [[1, -1, 0.5], [0.2, 0.3, -0.7]];
    const b = [0.1, 0, -0.1];
    const m = sequential([new Dense({units: 3, activation: 'softmax', inputShape: [2]})]);
    const ws = [tensor2d(k), tensor1d(b)];
    m.setWeights(ws);
    m.compile({optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
    const xs = [[1, 0], [0, 1], [2, 2], [-1, 0.5], [0.3, -2]];
    const labels = [0, 1, 2, 2, 0];
    const ys = labels.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0)));
    const probs = affine(xs, k, b).map(softmax);
    const refLoss = probs.reduce((s, p, i) => s - Math.log(p[labels[i]!]!), 0) / xs.length;
    const refAcc = probs.filter((p, i) => argmax(p) === labels[i]).length / xs.length;
    const out = await m.evaluate(xs, ys, {batchSize: 2});
    expect(Object.keys(out)).to.deep.equal(['loss', 'accuracy']);
    expect(typeof out['loss']).to.equal('number');
    expect(out['loss']).to.be.closeTo(refLoss, 1e-5);
    expect(out['accuracy']).to.be.closeTo(refAcc, 1e-6);
    expect(m.compiled!.metrics![0]![0]).to.be.instanceOf(metrics.CategoricalAccuracy);
    ws.forEach((t) => t.dispose());
    m.dispose();
  });

  it("'accuracy' resolves to BinaryAccuracy for binaryCrossentropy (threshold 0.5)", async () => {
    const m = linearModel(1, [2], -1);
    const sig = sequential([new Dense({units: 1, activation: 'sigmoid', inputShape: [1]})]);
    const copied = m.getWeights();
    sig.setWeights(copied);
    copied.forEach((t) => t.dispose());
    sig.compile({optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy']});
    const xs = [[0], [1], [0.4], [0.6], [2]];
    const ys = [[0], [1], [1], [0], [1]];
    const p = xs.map(([x]) => sigmoid(2 * x! - 1));
    const refAcc = p.filter((pi, i) => (pi > 0.5 ? 1 : 0) === ys[i]![0]).length / xs.length;
    const refLoss = p.reduce((s, pi, i) => s + bce(ys[i]![0]!, pi), 0) / xs.length;
    const out = await sig.evaluate(xs, ys);
    expect(sig.compiled!.metrics![0]![0]).to.be.instanceOf(metrics.BinaryAccuracy);
    expect(out['accuracy']).to.be.closeTo(refAcc, 1e-6);
    expect(out['loss']).to.be.closeTo(refLoss, 1e-5);
    m.dispose();
    sig.dispose();
  });

  it("'accuracy' resolves to SparseCategoricalAccuracy for integer targets", async () => {
    const k = [[1, 0, -1], [0, 1, 1]];
    const b = [0, 0, 0];
    const m = sequential([new Dense({units: 3, activation: 'softmax', inputShape: [2]})]);
    const ws = [tensor2d(k), tensor1d(b)];
    m.setWeights(ws);
    m.compile({optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['acc']});
    const xs = [[1, 0], [0, 1], [-1, 1], [1, 1]];
    const labels = [0, 1, 2, 0];
    const probs = affine(xs, k, b).map(softmax);
    const refLoss = probs.reduce((s, p, i) => s - Math.log(p[labels[i]!]!), 0) / xs.length;
    const refAcc = probs.filter((p, i) => argmax(p) === labels[i]).length / xs.length;
    const out = await m.evaluate(xs, labels);
    expect(m.compiled!.metrics![0]![0]).to.be.instanceOf(metrics.SparseCategoricalAccuracy);
    expect(out['loss']).to.be.closeTo(refLoss, 1e-5);
    expect(out['acc']).to.be.closeTo(refAcc, 1e-6);
    ws.forEach((t) => t.dispose());
    m.dispose();
  });

  it('validationSplit takes the last fraction, before shuffling', async () => {
    // w = 0 and learning rate 0: every prediction is 0, so a loss is the mean of y².
    const m = linearModel(1, [0], 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse'});
    const xs = Array.from({length: 10}, (_v, i) => [i]);
    const ys = [0, 0, 0, 0, 0, 0, 0, 0, 10, 20].map((v) => [v]);
    const rec = new Recorder();
    const h = await m.fit(xs, ys, {epochs: 2, batchSize: 3, validationSplit: 0.2, verbose: 0, callbacks: [rec]});
    expect(h.history['loss']).to.deep.equal([0, 0]);
    expect(h.history['val_loss']![0]).to.be.closeTo((100 + 400) / 2, 1e-3);
    expect(rec.epochs[0]!['val_loss']).to.be.closeTo(250, 1e-3);
    // 8 training samples in batches of 3
    expect(rec.batchesPerEpoch).to.deep.equal([3, 3]);
    m.dispose();
  });

  it('validationData is evaluated each epoch with the current weights', async () => {
    const m = linearModel(2, [1, 2], 0.5);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse', metrics: []});
    const vx = [[1, 1], [0, 2], [-1, 3]];
    const vy = [[3], [4], [0]];
    const pred = affine(vx, [[1], [2]], [0.5]).map((r) => r[0]!);
    const ref = pred.reduce((s, p, i) => s + (p - vy[i]![0]!) ** 2, 0) / 3;
    const h = await m.fit([[0, 0]], [[0.5]], {epochs: 2, verbose: 0, validationData: [vx, vy]});
    expect(h.history['val_loss']![0]).to.be.closeTo(ref, 1e-5);
    expect(h.history['val_loss']![1]).to.be.closeTo(ref, 1e-5);
    expect(h.history['loss']![0]).to.be.closeTo(0, 1e-10);
    m.dispose();
  });

  it('validationFreq: validates only every N epochs', async () => {
    const m = linearModel(1, [0], 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse'});
    const rec = new Recorder();
    await m.fit([[1], [2]], [[1], [2]], {epochs: 4, verbose: 0, validationData: [[[1]], [[3]]], validationFreq: 2, callbacks: [rec]});
    expect(rec.epochs.map((l) => 'val_loss' in l)).to.deep.equal([false, true, false, true]);
    expect(rec.epochs[1]!['val_loss']).to.be.closeTo(9, 1e-5);
    m.dispose();
  });

  it('sampleWeight scales per-sample losses; a zero weight ignores the sample (loss and gradient)', async () => {
    const xs = [[1], [2], [3], [4]];
    const sw = [1, 2, 0, 1];
    const w0 = 0.5;
    const b0 = 0.25;
    const lr = 0.05;
    for (const outlier of [1000, -1000]) {
      const ys = [[1], [3], [outlier], [2]];
      const err = xs.map(([x], i) => w0 * x! + b0 - ys[i]![0]!);
      // Keras 'sum_over_batch_size': Σ wᵢ·eᵢ² / N (N counts every sample)
      const refLoss = err.reduce((s, e, i) => s + sw[i]! * e * e, 0) / 4;
      const m = linearModel(1, [w0], b0);
      m.compile({optimizer: new optimizers.SGD({learningRate: lr}), loss: 'mse'});
      const ev = await m.evaluate(xs, ys, {sampleWeight: sw});
      expect(ev['loss']).to.be.closeTo(refLoss, 1e-4);
      const h = await m.fit(xs, ys, {epochs: 1, batchSize: 4, verbose: 0, sampleWeight: sw});
      expect(h.history['loss']![0]).to.be.closeTo(refLoss, 1e-4);
      // One full-batch step: dL/dw = 2/N Σ wᵢ eᵢ xᵢ, dL/db = 2/N Σ wᵢ eᵢ
      const gw = (2 / 4) * err.reduce((s, e, i) => s + sw[i]! * e * xs[i]![0]!, 0);
      const gb = (2 / 4) * err.reduce((s, e, i) => s + sw[i]! * e, 0);
      const [k, b] = await weightsOf(m);
      expect(k![0]).to.be.closeTo(w0 - lr * gw, 1e-5);
      expect(b![0]).to.be.closeTo(b0 - lr * gb, 1e-5);
      m.dispose();
    }
  });

  it('classWeight weights each sample by its class (binary targets)', async () => {
    const sig = sequential([new Dense({units: 1, activation: 'sigmoid', inputShape: [1]})]);
    const ws = [tensor2d([[1.5]]), tensor1d([-0.5])];
    sig.setWeights(ws);
    sig.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'binaryCrossentropy'});
    const xs = [[0], [1], [-1], [2]];
    const ys = [[0], [1], [1], [0]];
    const cw: Record<number, number> = {0: 0.5, 1: 3};
    const ref = xs.reduce((s, [x], i) => s + cw[ys[i]![0]!]! * bce(ys[i]![0]!, sigmoid(1.5 * x! - 0.5)), 0) / 4;
    const h = await sig.fit(xs, ys, {epochs: 1, verbose: 0, classWeight: cw});
    expect(h.history['loss']![0]).to.be.closeTo(ref, 1e-5);
    // classWeight {1: 0}: only class-0 samples count
    const ref0 = xs.reduce((s, [x], i) => s + (ys[i]![0] === 0 ? bce(0, sigmoid(1.5 * x! - 0.5)) : 0), 0) / 4;
    const h0 = await sig.fit(xs, ys, {epochs: 1, verbose: 0, classWeight: {1: 0}});
    expect(h0.history['loss']![0]).to.be.closeTo(ref0, 1e-5);
    ws.forEach((t) => t.dispose());
    sig.dispose();
  });

  it('classWeight with one-hot targets uses the argmax class', async () => {
    const m = sequential([new Dense({units: 2, activation: 'softmax', inputShape: [1]})]);
    const ws = [tensor2d([[1, -1]]), tensor1d([0, 0])];
    m.setWeights(ws);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'categoricalCrossentropy'});
    const xs = [[1], [-1], [0.5]];
    const labels = [0, 1, 1];
    const ys = labels.map((c) => (c === 0 ? [1, 0] : [0, 1]));
    const cw: Record<number, number> = {0: 2, 1: 0.25};
    const ref = xs.reduce((s, [x], i) => s - cw[labels[i]!]! * Math.log(softmax([x!, -x!])[labels[i]!]!), 0) / 3;
    const h = await m.fit(xs, ys, {epochs: 1, verbose: 0, classWeight: cw});
    expect(h.history['loss']![0]).to.be.closeTo(ref, 1e-5);
    ws.forEach((t) => t.dispose());
    m.dispose();
  });

  for (const batchSize of [1, 2, 5]) {
    it(`batchSize ${batchSize} (${batchSize === 1 ? 'SGD' : batchSize === 5 ? 'full batch' : 'mini-batch'}) follows a float64 simulation`, async () => {
      const xs = [1, -2, 0.5, 3, -1];
      const ys = [2, -1, 1.5, 4, 0];
      const lr = 0.02;
      const epochs = 3;
      let w = 0.3;
      let b = -0.1;
      for (let e = 0; e < epochs; e++) {
        for (let s = 0; s < xs.length; s += batchSize) {
          const idx = Array.from({length: Math.min(batchSize, xs.length - s)}, (_v, j) => s + j);
          const errs = idx.map((i) => w * xs[i]! + b - ys[i]!);
          const gw = (2 / idx.length) * idx.reduce((acc, i, j) => acc + errs[j]! * xs[i]!, 0);
          const gb = (2 / idx.length) * errs.reduce((acc, v) => acc + v, 0);
          w -= lr * gw;
          b -= lr * gb;
        }
      }
      const m = linearModel(1, [0.3], -0.1);
      m.compile({optimizer: new optimizers.SGD({learningRate: lr}), loss: 'mse'});
      const rec = new Recorder();
      await m.fit(xs.map((x) => [x]), ys.map((y) => [y]), {epochs, batchSize, verbose: 0, shuffle: false, callbacks: [rec]});
      expect(rec.batchesPerEpoch).to.deep.equal(Array(epochs).fill(Math.ceil(xs.length / batchSize)));
      const [k, bias] = await weightsOf(m);
      expect(k![0]).to.be.closeTo(w, 1e-5);
      expect(bias![0]).to.be.closeTo(b, 1e-5);
      m.dispose();
    });
  }

  it('predict in batches equals predict in one batch and the float64 reference', async () => {
    const k = pseudoRandom(12, 5);
    const bias = pseudoRandom(3, 6);
    const m = sequential([new Dense({units: 3, activation: 'tanh', inputShape: [4]})]);
    const ws = [tensor2d([k.slice(0, 3), k.slice(3, 6), k.slice(6, 9), k.slice(9, 12)]), tensor1d(bias)];
    m.setWeights(ws);
    const r = pseudoRandom(40, 9);
    const xs = Array.from({length: 10}, (_v, i) => r.slice(4 * i, 4 * i + 4));
    const ref = affine(xs, [k.slice(0, 3), k.slice(3, 6), k.slice(6, 9), k.slice(9, 12)], bias).map((row) => row.map(Math.tanh));
    const x = tensor2d(xs);
    const whole = m.predict(x, {batchSize: 100}) as Tensor;
    const parts = m.predict(x, {batchSize: 3}) as Tensor;
    const single = m.predict(x, {batchSize: 1}) as Tensor;
    expect(parts.shape).to.deep.equal([10, 3]);
    await expectClose(parts, whole, 0, 0);
    await expectClose(single, whole, 0, 0);
    await expectClose(whole, ref, 1e-5, 1e-5);
    [...ws, x, whole, parts, single].forEach((t) => t.dispose());
    m.dispose();
  });

  it('Dropout is active in fit (training=true) and inactive in evaluate and predict', async () => {
    // ones → Dropout(0.5) → Dense(kernel 1, bias 0): without dropout the output is exactly the target 4.
    const m = sequential([new Dropout({rate: 0.5, inputShape: [4]}), new Dense({units: 1})]);
    const ws = [tensor2d([[1], [1], [1], [1]]), tensor1d([0])];
    m.setWeights(ws);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse'});
    const xs = Array.from({length: 64}, () => [1, 1, 1, 1]);
    const ys = xs.map(() => [4]);
    const ev = await m.evaluate(xs, ys);
    expect(ev['loss']).to.be.closeTo(0, 1e-10);
    const p1 = m.predict(xs) as Tensor;
    await expectClose(p1, ys);
    const h = await m.fit(xs, ys, {epochs: 1, verbose: 0});
    // Each output is 2·(number kept) with kept ~ Binomial(4, 0.5): E[(2k − 4)²] = 4·Var(k) = 4.
    expect(h.history['loss']![0]).to.be.greaterThan(0.5);
    [...ws, p1].forEach((t) => t.dispose());
    m.dispose();
  });

  it('initialEpoch resumes numbering; epochs is the index to stop at', async () => {
    const m = linearModel(1, [0], 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse'});
    const h = await m.fit([[1]], [[1]], {epochs: 5, initialEpoch: 3, verbose: 0});
    expect(h.epoch).to.deep.equal([3, 4]);
    m.dispose();
  });

  it('compile twice replaces the loss; the model keeps its weights', async () => {
    const m = linearModel(1, [2], 0);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const a = await m.evaluate([[1], [2]], [[0], [0]]);
    expect(a['loss']).to.be.closeTo((4 + 16) / 2, 1e-5);
    m.compile({optimizer: 'adam', loss: 'mse', lossWeights: [0.5], metrics: ['accuracy']});
    const b = await m.evaluate([[1], [2]], [[0], [0]]);
    expect(Object.keys(b)).to.deep.equal(['loss', 'accuracy']);
    expect(b['loss']).to.be.closeTo(5, 1e-5);
    // predictions 2 and 4 round to 1, targets are 0 (single-unit output: binary accuracy)
    expect(b['accuracy']).to.equal(0);
    m.dispose();
  });
});

describe('fit with an exponential moving average of the weights', () => {
  before(async () => {
    await setBackend('cpu');
  });

  it('replaces the weights by their average when training ends (emaMomentum 1 keeps the first update)', async () => {
    const m = sequential([new Dense({units: 2, inputShape: [3]})]);
    const [w0, b0] = (await Promise.all(m.getWeights().map((w) => w.array()))) as [number[][], number[]];
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1, useEma: true, emaMomentum: 1}), loss: 'mse'});
    const x = [[1, 2, 3], [0, 1, 0]];
    const y = [[1, 0], [0, 1]];
    await m.fit(x, y, {epochs: 3, batchSize: 1, verbose: 0, shuffle: false});
    // Keras: the average starts at the weights after the first update and, with momentum 1, stays there.
    // First update (float64): per-sample MSE over 2 outputs, so d/dpred = pred - y; W -= 0.1·x⊗err; b -= 0.1·err.
    const x0 = x[0] as number[];
    const err = [0, 1].map((j) => x0.reduce((a, xi, i) => a + xi * (w0[i] as number[])[j]!, 0) + (b0[j] as number) - (y[0] as number[])[j]!);
    const w1 = w0.map((row, i) => row.map((v, j) => v - 0.1 * (x0[i] as number) * (err[j] as number)));
    const b1 = b0.map((v, j) => v - 0.1 * (err[j] as number));
    const [wa, ba] = m.getWeights();
    await expectClose(wa as Tensor, w1, 1e-6, 1e-5);
    await expectClose(ba as Tensor, b1, 1e-6, 1e-5);
    m.dispose();
  });
});

describe('metric names in the logs', () => {
  before(async () => {
    await setBackend('cpu');
  });

  it('a metric given by name logs under that name, as in Keras', async () => {
    const m = sequential([new Dense({units: 1, inputShape: [2], kernelInitializer: 'zeros'})]);
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'meanSquaredError']});
    const h = await m.fit([[1, 2], [3, 4], [5, 6], [7, 8]], [[1], [2], [3], [4]], {epochs: 1, verbose: 0, validationSplit: 0.5, shuffle: false});
    expect(Object.keys(h.history).sort()).to.deep.equal(['loss', 'mae', 'meanSquaredError', 'val_loss', 'val_mae', 'val_meanSquaredError']);
    // zero weights and bias: predictions are 0 on the first batch, so mae = mean |y| = (1 + 2) / 2
    expect(h.history['mae']?.[0]).to.be.closeTo(1.5, 1e-6);
    m.dispose();
  });
});

describeBackends('regularizers and constraints in training', () => {
  it('adds weight penalties to the loss that fit minimises and evaluate reports', async () => {
    // kernel w = 2 (no bias), x = 0, y = 0: the data loss is 0, the L2 penalty 0.1·w² = 0.4.
    const m = sequential([new Dense({units: 1, inputShape: [1], useBias: false, kernelInitializer: new initializers.Constant({value: 2}), kernelRegularizer: new regularizers.L2({l2: 0.1})})]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.5}), loss: 'mse'});
    expect((await m.evaluate([[0]], [[0]], {verbose: 0}))['loss']).to.be.closeTo(0.4, 1e-6);
    // one SGD step: d(0.1·w²)/dw = 0.2·w = 0.4, so w = 2 − 0.5·0.4 = 1.8
    await m.fit([[0]], [[0]], {epochs: 1, verbose: 0});
    await expectClose(m.getWeights()[0] as Tensor, [[1.8]], 1e-6);
    m.dispose();
  });

  it('applies weight constraints after every optimizer step', async () => {
    // w = 1, x = 1, y = −5: the MSE gradient 2·(1 + 5) = 12 takes w to 1 − 0.5·12 = −5; NonNeg clips it to 0.
    const m = sequential([new Dense({units: 1, inputShape: [1], useBias: false, kernelInitializer: 'ones', kernelConstraint: 'non_neg'})]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.5}), loss: 'mse'});
    await m.fit([[1]], [[-5]], {epochs: 1, verbose: 0});
    await expectClose(m.getWeights()[0] as Tensor, [[0]]);
    m.dispose();
  });
});
