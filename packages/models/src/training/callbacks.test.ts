import {expect} from 'chai';
import {Callback, optimizers, tensor1d, tensor2d} from '@stratum/core';
import type {Logs, Tensor} from '@stratum/core';
import {EarlyStopping, LearningRateScheduler, ProgbarLogger} from '@stratum/callbacks';
import {describeBackends} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import {sequential} from '../index.js';
import type {Sequential} from '../index.js';

function linearModel(w: number, b: number): Sequential {
  const m = sequential([new Dense({units: 1, inputShape: [1]})]);
  const ws = [tensor2d([[w]]), tensor1d([b])];
  m.setWeights(ws);
  ws.forEach((t) => t.dispose());
  return m;
}

async function weightsOf(m: Sequential): Promise<number[]> {
  return (await Promise.all(m.weights.map(async (w) => Array.from(await w.read())))).flat();
}

/** Captures the model's weights at the end of every epoch. */
class WeightLog extends Callback {
  constructor(private readonly m: Sequential, readonly perEpoch: number[][] = []) {
    super();
  }
  override async onEpochEnd(): Promise<void> {
    this.perEpoch.push(await weightsOf(this.m));
  }
}

describeBackends('callbacks driven by fit', () => {
  beforeEach(() => resetNames());

  // Full-batch SGD on y = 2x with a learning rate far too large: every step overshoots further, so the
  // loss (and val_loss on the same data) rises every epoch. Epoch 0 is the best epoch.
  const xs = [[1], [2], [3]];
  const ys = [[2], [4], [6]];

  it('earlyStopping stops after `patience` epochs without improvement', async () => {
    for (const patience of [0, 1, 2, 3]) {
      const m = linearModel(0, 0);
      m.compile({optimizer: new optimizers.SGD({learningRate: 0.5}), loss: 'mse'});
      const es = new EarlyStopping({monitor: 'val_loss', patience});
      const h = await m.fit(xs, ys, {epochs: 20, batchSize: 3, verbose: 0, shuffle: false, validationData: [xs, ys], callbacks: [es]});
      const v = h.history['val_loss']!;
      for (let e = 1; e < v.length; e++) expect(v[e]!).to.be.greaterThan(v[e - 1]!);
      // best at epoch 0, then `patience` epochs without improvement (at least one), then stop
      expect(h.epoch, `patience ${patience}`).to.have.length(1 + Math.max(1, patience));
      expect(es.stoppedEpoch).to.equal(Math.max(1, patience));
      expect(es.bestEpoch).to.equal(0);
      m.dispose();
    }
  });

  it('restoreBestWeights puts back the weights from the end of the best epoch', async () => {
    const m = linearModel(0, 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.5}), loss: 'mse'});
    const log = new WeightLog(m);
    const es = new EarlyStopping({monitor: 'loss', patience: 2, restoreBestWeights: true});
    // loss is the mean over the epoch's (single) batch, computed before that batch's update, so with
    // full-batch training the epoch whose logged loss is lowest is epoch 0 and its end weights are
    // the weights after the first update.
    const h = await m.fit(xs, ys, {epochs: 20, batchSize: 3, verbose: 0, shuffle: false, callbacks: [log, es]});
    expect(h.epoch.length).to.be.greaterThan(1);
    const best = log.perEpoch[es.bestEpoch]!;
    const last = log.perEpoch[log.perEpoch.length - 1]!;
    expect(last).to.not.deep.equal(best);
    const now = await weightsOf(m);
    now.forEach((v, i) => expect(v).to.be.closeTo(best[i]!, 1e-6));
    m.dispose();
  });

  it('restoreBestWeights with monitor in max mode (val_accuracy) keeps the best epoch', async () => {
    const m = linearModel(0, 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0}), loss: 'mse', metrics: ['accuracy']});
    const es = new EarlyStopping({monitor: 'val_accuracy', patience: 1});
    expect(es.mode).to.equal('max');
    const h = await m.fit(xs, ys, {epochs: 10, verbose: 0, validationData: [xs, ys], callbacks: [es]});
    // constant accuracy: no improvement after epoch 0
    expect(h.epoch).to.deep.equal([0, 1]);
    m.dispose();
  });

  it('learningRateScheduler sets the optimizer LR each epoch and logs learning_rate', async () => {
    const m = linearModel(0, 0);
    const opt = new optimizers.SGD({learningRate: 0.1});
    m.compile({optimizer: opt, loss: 'mse'});
    const seen: number[] = [];
    class Spy extends Callback {
      override onEpochBegin(): void {
        seen.push(opt.learningRate);
      }
    }
    const schedule = (epoch: number, lr: number): number => (epoch === 0 ? lr : lr / 2);
    const h = await m.fit(xs, ys, {epochs: 4, verbose: 0, callbacks: [new LearningRateScheduler(schedule), new Spy()]});
    expect(seen).to.deep.equal([0.1, 0.05, 0.025, 0.0125]);
    expect(opt.learningRate).to.equal(0.0125);
    expect(h.history['learning_rate']).to.deep.equal([0.1, 0.05, 0.025, 0.0125]);
    m.dispose();
  });

  it('the scheduled LR is the one the update uses (one SGD step checked by hand)', async () => {
    const m = linearModel(0, 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 123}), loss: 'mse'});
    await m.fit([[1]], [[2]], {epochs: 1, verbose: 0, callbacks: [new LearningRateScheduler(() => 0.25)]});
    // e = 0 − 2, dL/dw = 2·e·x = −4, dL/db = −4; w = 0 − 0.25·(−4) = 1, b = 1
    const [w, b] = await weightsOf(m);
    expect(w).to.be.closeTo(1, 1e-6);
    expect(b).to.be.closeTo(1, 1e-6);
    m.dispose();
  });

  it('a ProgbarLogger passed as a callback writes "Epoch 1/2", the step counter and "loss:"', async () => {
    const m = linearModel(0, 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.01}), loss: 'mse'});
    let out = '';
    const bar = new ProgbarLogger({write: (t) => (out += t), isTTY: true, intervalMs: 0});
    await m.fit(xs, ys, {epochs: 2, batchSize: 2, verbose: 0, callbacks: [bar]});
    expect(out).to.contain('Epoch 1/2');
    expect(out).to.contain('Epoch 2/2');
    expect(out).to.match(/1\/2 \[/);
    expect(out).to.match(/2\/2 \[={30}\]/);
    expect(out).to.match(/loss: \d+\.\d{4}/);
    m.dispose();
  });

  it('stopTraining set in onTrainBatchEnd stops mid-epoch without leaking', async () => {
    const m = linearModel(0, 0);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.01}), loss: 'mse'});
    let batches = 0;
    class StopAfterTwo extends Callback {
      override onTrainBatchEnd(_b: number, _logs: Logs): void {
        if (++batches === 2) this.model!.stopTraining = true;
      }
    }
    const x = tensor2d([[1], [2], [3], [4], [5]]);
    const y = tensor2d([[1], [2], [3], [4], [5]]);
    const {memory} = await import('@stratum/core');
    const before = memory().numTensors;
    const h = await m.fit(x, y, {epochs: 3, batchSize: 1, verbose: 0, callbacks: [new StopAfterTwo()]});
    expect(memory().numTensors).to.equal(before);
    expect(batches).to.equal(2);
    expect(h.epoch).to.deep.equal([0]);
    [x, y].forEach((t: Tensor) => t.dispose());
    m.dispose();
  });
});
