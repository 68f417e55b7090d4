import {expect} from 'chai';
import {Logs, RuntimeError, ValueError, optimizers, setBackend} from '@stratum/core';
import type {Optimizer, Tensor, TrainingModel} from '@stratum/core';
import {LearningRateScheduler} from './learning-rate-scheduler.js';
import {learningRateScheduler} from './index.js';

function fakeModel(optimizer: Optimizer | null): TrainingModel {
  return {stopTraining: false, optimizer, getWeights: (): Tensor[] => [], setWeights: (): void => {}};
}

async function runEpochs(cb: LearningRateScheduler, n: number): Promise<Record<string, number>[]> {
  const logs: Record<string, number>[] = [];
  for (let e = 0; e < n; e++) {
    await cb.onEpochBegin(e);
    const l = new Logs({loss: 1});
    cb.onEpochEnd(e, l);
    logs.push(await l.resolve());
  }
  return logs;
}

describe('LearningRateScheduler', () => {
  before(async () => {
    await setBackend('cpu');
  });

  it('sets the optimizer LR from schedule(epoch, lr) each epoch and logs learning_rate', async () => {
    const opt = new optimizers.SGD({learningRate: 0.1});
    const calls: [number, number][] = [];
    const cb = learningRateScheduler((epoch, lr) => {
      calls.push([epoch, lr]);
      return epoch < 2 ? lr : lr * 0.5;
    });
    cb.setModel(fakeModel(opt));
    const logs = await runEpochs(cb, 4);
    expect(calls).to.deep.equal([[0, 0.1], [1, 0.1], [2, 0.1], [3, 0.05]]);
    expect(opt.learningRate).to.equal(0.025);
    expect(logs.map((l) => l['learning_rate'])).to.deep.equal([0.1, 0.1, 0.05, 0.025]);
    expect(logs[0]!['loss']).to.equal(1);
  });

  it('accepts an async schedule and the {schedule} form', async () => {
    const opt = new optimizers.Adam({learningRate: 0.001});
    const cb = new LearningRateScheduler({schedule: async (epoch) => 0.01 / (epoch + 1)});
    cb.setModel(fakeModel(opt));
    const logs = await runEpochs(cb, 3);
    expect(logs.map((l) => l['learning_rate'])).to.deep.equal([0.01, 0.005, 0.01 / 3]);
  });

  it('verbose 1 prints each change', async () => {
    const lines: string[] = [];
    const orig = console.log;
    console.log = (m: string) => lines.push(m);
    try {
      const cb = new LearningRateScheduler({schedule: () => 0.5, verbose: 1});
      cb.setModel(fakeModel(new optimizers.SGD()));
      await cb.onEpochBegin(0);
    } finally {
      console.log = orig;
    }
    expect(lines).to.deep.equal(['Epoch 1: LearningRateScheduler setting learning rate to 0.5.']);
  });

  it('rejects a schedule result that is not a finite number >= 0, naming it and the epoch', async () => {
    const opt = new optimizers.SGD({learningRate: 0.1});
    for (const bad of [NaN, -1, Infinity, '0.1']) {
      const cb = new LearningRateScheduler(() => bad as number);
      cb.setModel(fakeModel(opt));
      let err: unknown = null;
      try {
        await cb.onEpochBegin(3);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ValueError);
      expect((err as Error).message).to.match(/finite number >= 0, returned .* at epoch 3/);
    }
    expect(opt.learningRate).to.equal(0.1);
  });

  it('without an optimizer it asks to compile first', async () => {
    const cb = new LearningRateScheduler(() => 0.1);
    cb.setModel(fakeModel(null));
    let err: unknown = null;
    try {
      await cb.onEpochBegin(0);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(RuntimeError);
    expect((err as Error).message).to.match(/compile it first/);
  });

  it('the constructor rejects a non-function schedule', () => {
    expect(() => new LearningRateScheduler({schedule: 0.1 as never})).to.throw(ValueError, /schedule must be a function .* received 0.1/);
  });
});
