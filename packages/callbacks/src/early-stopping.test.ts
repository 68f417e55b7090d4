import {expect} from 'chai';
import {Logs, ValueError, memory, setBackend, tensor1d} from '@stratum/core';
import type {Optimizer, Tensor, TrainingModel} from '@stratum/core';
import {EarlyStopping, resolveMode} from './early-stopping.js';
import {earlyStopping} from './index.js';

/** A stand-in for a model: one weight whose value is the index of the epoch that produced it. */
class FakeModel implements TrainingModel {
  stopTraining = false;
  readonly optimizer: Optimizer | null = null;
  weight: Tensor = tensor1d([-1]);
  restored: number[] = [];
  getWeights(): Tensor[] {
    return [this.weight.clone()];
  }
  setWeights(ws: readonly Tensor[]): void {
    this.weight.dispose();
    this.weight = (ws[0] as Tensor).clone();
    this.restored.push((ws[0] as Tensor).dataSync()[0] as number);
  }
  dispose(): void {
    this.weight.dispose();
  }
}

/**
 * Drives the callback the way fit does, with scripted logs: epoch e "trains" (weight := e), then
 * reports `values[e]` under `monitor`. Returns the epochs that ran.
 */
async function drive(cb: EarlyStopping, values: (number | undefined)[], monitor = 'val_loss', model = new FakeModel()): Promise<{epochs: number[]; model: FakeModel}> {
  cb.setModel(model);
  cb.setParams({epochs: values.length, steps: 1, verbose: 0, metrics: [monitor]});
  cb.onTrainBegin();
  const epochs: number[] = [];
  for (let e = 0; e < values.length; e++) {
    model.weight.dispose();
    model.weight = tensor1d([e]);
    const v = values[e];
    await cb.onEpochEnd(e, new Logs(v === undefined ? {loss: 1} : {loss: 1, [monitor]: v}));
    epochs.push(e);
    if (model.stopTraining) break;
  }
  cb.onTrainEnd();
  return {epochs, model};
}

describe('EarlyStopping', () => {
  before(async () => {
    await setBackend('cpu');
  });

  it('defaults: monitor val_loss, patience 0, mode min', () => {
    const es = earlyStopping();
    expect(es.monitor).to.equal('val_loss');
    expect(es.patience).to.equal(0);
    expect(es.mode).to.equal('min');
  });

  it('patience 0 stops at the first epoch without improvement', async () => {
    const es = new EarlyStopping({patience: 0});
    const {epochs, model} = await drive(es, [1.0, 0.8, 0.9, 0.7]);
    expect(epochs).to.deep.equal([0, 1, 2]);
    expect(es.stoppedEpoch).to.equal(2);
    model.dispose();
  });

  it('patience 2 stops after two epochs without improvement (Keras: wait >= patience)', async () => {
    const es = new EarlyStopping({patience: 2});
    const {epochs, model} = await drive(es, [1.0, 0.8, 0.9, 0.85, 0.95, 0.1]);
    expect(epochs).to.deep.equal([0, 1, 2, 3]);
    expect(es.stoppedEpoch).to.equal(3);
    expect(es.best).to.equal(0.8);
    expect(es.bestEpoch).to.equal(1);
    model.dispose();
  });

  it('an improvement resets the wait', async () => {
    const es = new EarlyStopping({patience: 2});
    // 2 → no improvement, 3 → improvement (0.7), 4, 5 → no improvement → stop at 5
    const {epochs, model} = await drive(es, [1.0, 0.8, 0.9, 0.7, 0.75, 0.8, 0.1]);
    expect(epochs).to.deep.equal([0, 1, 2, 3, 4, 5]);
    model.dispose();
  });

  it('runs to the end when the value keeps improving', async () => {
    const es = new EarlyStopping({patience: 0});
    const {epochs, model} = await drive(es, [5, 4, 3, 2, 1]);
    expect(epochs).to.deep.equal([0, 1, 2, 3, 4]);
    expect(es.stoppedEpoch).to.equal(0);
    expect(model.stopTraining).to.equal(false);
    model.dispose();
  });

  it('minDelta: changes smaller than minDelta do not count as improvement', async () => {
    const es = new EarlyStopping({patience: 1, minDelta: 0.1});
    const {epochs, model} = await drive(es, [1.0, 0.95, 0.5]);
    expect(epochs).to.deep.equal([0, 1]);
    model.dispose();
    const es2 = new EarlyStopping({patience: 1, minDelta: -0.1});
    expect(es2.minDelta).to.equal(0.1);
  });

  it("mode 'auto' is max for accuracy-like names, min otherwise", () => {
    expect(resolveMode('val_loss', 'auto')).to.equal('min');
    expect(resolveMode('loss', 'auto')).to.equal('min');
    expect(resolveMode('val_accuracy', 'auto')).to.equal('max');
    expect(resolveMode('acc', 'auto')).to.equal('max');
    expect(resolveMode('val_acc', 'min')).to.equal('min');
    expect(new EarlyStopping({monitor: 'val_accuracy'}).mode).to.equal('max');
  });

  it("mode 'max' (auto for val_accuracy) treats increases as improvement", async () => {
    const es = new EarlyStopping({monitor: 'val_accuracy', patience: 2});
    const {epochs, model} = await drive(es, [0.5, 0.6, 0.55, 0.58, 0.9], 'val_accuracy');
    expect(epochs).to.deep.equal([0, 1, 2, 3]);
    expect(es.best).to.equal(0.6);
    model.dispose();
  });

  it("mode 'min' on an accuracy overrides auto", async () => {
    const es = new EarlyStopping({monitor: 'val_accuracy', mode: 'min', patience: 1});
    const {epochs, model} = await drive(es, [0.5, 0.6, 0.7], 'val_accuracy');
    expect(epochs).to.deep.equal([0, 1]);
    model.dispose();
  });

  it("mode 'max' on a loss overrides auto", async () => {
    const es = new EarlyStopping({monitor: 'loss', mode: 'max', patience: 0});
    const {epochs, model} = await drive(es, [1, 2, 3, 2.5], 'loss');
    expect(epochs).to.deep.equal([0, 1, 2, 3]);
    model.dispose();
  });

  it('baseline: improvements that do not beat the baseline do not reset the wait', async () => {
    // Without baseline: stop at epoch 3 (epochs 2, 3 without improvement).
    const plain = new EarlyStopping({patience: 2});
    const r1 = await drive(plain, [0.9, 0.8, 0.85, 0.84, 0.83]);
    expect(r1.epochs).to.deep.equal([0, 1, 2, 3]);
    r1.model.dispose();
    // Baseline 0.5 is never beaten: the wait counts from epoch 0 (Keras 3), so the first epoch
    // without improvement (2) already exceeds patience.
    const strict = new EarlyStopping({patience: 2, baseline: 0.5});
    const r2 = await drive(strict, [0.9, 0.8, 0.85, 0.84, 0.83]);
    expect(r2.epochs).to.deep.equal([0, 1, 2]);
    r2.model.dispose();
    // Baseline 0.85 is beaten at epoch 1: behaves like no baseline from then on.
    const easy = new EarlyStopping({patience: 2, baseline: 0.85});
    const r3 = await drive(easy, [0.9, 0.8, 0.85, 0.84, 0.83]);
    expect(r3.epochs).to.deep.equal([0, 1, 2, 3]);
    r3.model.dispose();
  });

  it('startFromEpoch: earlier epochs are not monitored', async () => {
    const plain = new EarlyStopping({patience: 0});
    const r1 = await drive(plain, [0.1, 0.2, 0.9, 0.95, 0.99]);
    expect(r1.epochs).to.deep.equal([0, 1]);
    r1.model.dispose();
    const late = new EarlyStopping({patience: 0, startFromEpoch: 2});
    const r2 = await drive(late, [0.1, 0.2, 0.9, 0.95, 0.99]);
    expect(r2.epochs).to.deep.equal([0, 1, 2, 3]);
    expect(late.bestEpoch).to.equal(2);
    r2.model.dispose();
  });

  it('restoreBestWeights restores the best epoch when stopping, and frees its copies', async () => {
    const n0 = memory().numTensors;
    const es = new EarlyStopping({patience: 2, restoreBestWeights: true});
    const {epochs, model} = await drive(es, [1.0, 0.3, 0.5, 0.6, 0.1]);
    expect(epochs).to.deep.equal([0, 1, 2, 3]);
    expect(model.restored).to.deep.equal([1]);
    expect(model.weight.dataSync()[0]).to.equal(1);
    model.dispose();
    expect(memory().numTensors).to.equal(n0);
  });

  it('restoreBestWeights also restores when training runs to the end (Keras 3)', async () => {
    const es = new EarlyStopping({patience: 5, restoreBestWeights: true});
    const {epochs, model} = await drive(es, [1.0, 0.2, 0.5, 0.6]);
    expect(epochs).to.deep.equal([0, 1, 2, 3]);
    expect(model.restored).to.deep.equal([1]);
    model.dispose();
  });

  it('without restoreBestWeights the weights are left as the last epoch made them', async () => {
    const es = new EarlyStopping({patience: 1});
    const {model} = await drive(es, [1.0, 0.3, 0.5]);
    expect(model.restored).to.deep.equal([]);
    expect(model.weight.dataSync()[0]).to.equal(2);
    model.dispose();
  });

  it('a missing monitored value warns, naming the available logs, and does not stop', async () => {
    const warnings: string[] = [];
    const orig = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      const es = new EarlyStopping({monitor: 'val_loss', patience: 0});
      const {epochs, model} = await drive(es, [undefined, undefined, undefined]);
      expect(epochs).to.deep.equal([0, 1, 2]);
      model.dispose();
    } finally {
      console.warn = orig;
    }
    expect(warnings).to.have.length(3);
    expect(warnings[0]).to.match(/"val_loss" is not in the logs \(available: loss\)/);
  });

  it('the callback can be reused: onTrainBegin resets its state', async () => {
    const es = new EarlyStopping({patience: 0});
    const r1 = await drive(es, [1, 2]);
    expect(r1.epochs).to.deep.equal([0, 1]);
    r1.model.dispose();
    const r2 = await drive(es, [5, 4, 3]);
    expect(r2.epochs).to.deep.equal([0, 1, 2]);
    expect(es.best).to.equal(3);
    r2.model.dispose();
  });

  it('rejects a bad patience or mode, naming the value', () => {
    expect(() => new EarlyStopping({patience: -1})).to.throw(ValueError, /patience must be a non-negative integer, received -1/);
    expect(() => new EarlyStopping({patience: 1.5})).to.throw(ValueError, /received 1.5/);
    expect(() => new EarlyStopping({mode: 'maximum' as never})).to.throw(ValueError, /mode must be 'auto', 'min' or 'max', received "maximum"/);
  });
});
