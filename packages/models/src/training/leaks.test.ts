import {expect} from 'chai';
import {memory, optimizers, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {EarlyStopping, LearningRateScheduler} from '@stratum/callbacks';
import {describeBackends, expectNoLeaks} from '@stratum/core/testing';
import {Dense, Dropout, input, resetNames} from '@stratum/layers';
import {model, sequential} from '../index.js';

function data(n: number, d: number, seed: number): number[][] {
  let s = seed;
  return Array.from({length: n}, () =>
    Array.from({length: d}, () => {
      s = (s * 16807) % 2147483647;
      return (s / 2147483647) * 2 - 1;
    }),
  );
}

describeBackends('no leaks across repeated fit / evaluate / predict', () => {
  beforeEach(() => resetNames());

  it('Sequential with Adam, metrics, validationSplit, shuffle and callbacks', async () => {
    const m = sequential([new Dense({units: 8, activation: 'relu', inputShape: [4]}), new Dropout({rate: 0.25}), new Dense({units: 3, activation: 'softmax'})]);
    m.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
    const x = tensor2d(data(40, 4, 3));
    const y = tensor2d(data(40, 3, 5).map((r) => r.map((_v, j) => (j === r.indexOf(Math.max(...r)) ? 1 : 0))));
    const run = async (): Promise<void> => {
      await m.fit(x, y, {
        epochs: 2,
        batchSize: 7,
        verbose: 0,
        validationSplit: 0.25,
        callbacks: [new EarlyStopping({patience: 5, restoreBestWeights: true}), new LearningRateScheduler((_e, lr) => lr * 0.9)],
      });
      await m.evaluate(x, y, {batchSize: 9});
      (m.predict(x, {batchSize: 6}) as Tensor).dispose();
    };
    await run(); // creates optimizer slots and metric state
    const n1 = memory().numTensors;
    await expectNoLeaks(run);
    await expectNoLeaks(run);
    expect(memory().numTensors).to.equal(n1);
    x.dispose();
    y.dispose();
    m.dispose();
  });

  it('plain number arrays, sampleWeight, classWeight and validationData allocate nothing that survives', async () => {
    const m = sequential([new Dense({units: 1, activation: 'sigmoid', inputShape: [2]})]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1, momentum: 0.9}), loss: 'binaryCrossentropy', metrics: ['accuracy']});
    const xs = data(12, 2, 11);
    const ys = xs.map(([a, b]) => [a! + b! > 0 ? 1 : 0]);
    const sw = xs.map((_r, i) => (i % 3 === 0 ? 0 : 1));
    const run = async (): Promise<void> => {
      await m.fit(xs, ys, {epochs: 2, batchSize: 5, verbose: 0, sampleWeight: sw, classWeight: {0: 1, 1: 2}, validationData: [xs.slice(0, 4), ys.slice(0, 4)]});
      await m.evaluate(xs, ys, {sampleWeight: sw});
      (m.predict(xs) as Tensor).dispose();
    };
    await run();
    await expectNoLeaks(run);
    m.dispose();
  });

  it('multi-output functional model', async () => {
    const a = input({shape: [3]});
    const h = new Dense({units: 4, activation: 'tanh'}).apply(a);
    const m = model({inputs: a, outputs: [new Dense({units: 1, name: 'r'}).apply(h), new Dense({units: 2, activation: 'softmax', name: 'c'}).apply(h)]});
    m.compile({optimizer: 'adam', loss: ['mse', 'sparseCategoricalCrossentropy'], metrics: {r: [], c: ['accuracy']}});
    const xs = data(10, 3, 17);
    const yr = xs.map((r) => [r[0]!]);
    const yc = xs.map((r) => (r[1]! > 0 ? 1 : 0));
    const run = async (): Promise<void> => {
      await m.fit(xs, [yr, yc], {epochs: 2, batchSize: 4, verbose: 0});
      await m.evaluate(xs, {r: yr, c: yc});
      (m.predict(xs) as Tensor[]).forEach((t) => t.dispose());
    };
    await run();
    await expectNoLeaks(run);
    m.dispose();
  });

  it('build, compile, fit, evaluate, predict and dispose leave no tensor behind', async () => {
    const x = tensor2d(data(12, 4, 7));
    const y = tensor2d(data(12, 2, 9));
    await expectNoLeaks(async () => {
      const m = sequential([new Dense({units: 5, activation: 'relu', inputShape: [4]}), new Dense({units: 2})]);
      m.compile({optimizer: 'adam', loss: 'mse', metrics: ['accuracy']});
      await m.fit(x, y, {epochs: 2, batchSize: 5, verbose: 0, validationSplit: 0.25});
      await m.evaluate(x, y, {verbose: 0});
      (m.predict(x) as Tensor).dispose();
      m.dispose();
    });
    x.dispose();
    y.dispose();
  });

  it('a fit that fails on a bad input shape leaks nothing', async () => {
    const m = sequential([new Dense({units: 2, inputShape: [3]})]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    await m.fit([[1, 2, 3]], [[1, 2]], {verbose: 0});
    const x = tensor2d([[1, 2], [3, 4]]);
    const y = tensor2d([[1, 2], [3, 4]]);
    await expectNoLeaks(async () => {
      let failed = false;
      try {
        await m.fit(x, y, {verbose: 0});
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
    });
    x.dispose();
    y.dispose();
    m.dispose();
  });
});
