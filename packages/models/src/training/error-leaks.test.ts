import {expect} from 'chai';
import {memory, metrics, optimizers, tensor, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectNoLeaks} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import {sequential} from '../index.js';
import type {Model} from '../index.js';

async function fails(fn: () => unknown): Promise<void> {
  let failed = false;
  try {
    await fn();
  } catch {
    failed = true;
  }
  expect(failed, 'expected the call to fail').to.equal(true);
}

function dense(units: number, inputDim: number): Model {
  return sequential([new Dense({units: 4, activation: 'relu', inputShape: [inputDim]}), new Dense({units})]);
}

describeBackends('error paths free what they made', () => {
  beforeEach(() => resetNames());

  it('a failing predict (wrong input shape) leaks nothing across 20 calls, over several batches', async () => {
    const m = dense(2, 3);
    const wrong = tensor2d(Array.from({length: 70}, () => [1, 2]));
    (m.predict(tensor2d([[1, 2, 3]])) as Tensor).dispose();
    await expectNoLeaks(async () => {
      for (let i = 0; i < 20; i++) await fails(() => m.predict(wrong, {batchSize: 32}));
      for (let i = 0; i < 20; i++) await fails(() => m.predict(Array.from({length: 40}, () => [1, 2]), {batchSize: 8}));
    });
    wrong.dispose();
    m.dispose();
  });

  it('fit and evaluate whose loss fails (targets of the wrong shape) free batches, predictions and the gradient tape', async () => {
    const m = dense(2, 3);
    m.compile({optimizer: 'adam', loss: 'mse', metrics: ['mae']});
    const x = tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const good = tensor2d([[1, 0], [0, 1], [1, 1]]);
    const bad = tensor2d([[1, 0, 0], [0, 1, 0], [1, 1, 0]]);
    await m.fit(x, good, {verbose: 0, batchSize: 2});
    await m.evaluate(x, good);
    await expectNoLeaks(async () => {
      for (let i = 0; i < 5; i++) {
        await fails(() => m.fit(x, bad, {verbose: 0, batchSize: 2}));
        await fails(() => m.evaluate(x, bad, {batchSize: 2}));
        await fails(() => m.fit([[1, 2, 3]], [[1, 2]], {verbose: 0, validationData: [[[1, 2]], [[1, 2]]]}));
      }
    });
    // the engine is healthy afterwards: a good fit still trains and leaks nothing
    await expectNoLeaks(() => m.fit(x, good, {verbose: 0, batchSize: 2}));
    for (const t of [x, good, bad]) t.dispose();
    m.dispose();
  });

  it('a callback that throws mid-epoch leaves nothing behind', async () => {
    const m = dense(1, 2);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const {Callback} = await import('@stratum/core');
    class Boom extends Callback {
      override onTrainBatchEnd(batch: number): void {
        if (batch === 1) throw new Error('boom');
      }
    }
    await m.fit([[1, 2]], [[1]], {verbose: 0});
    await expectNoLeaks(async () => {
      for (let i = 0; i < 3; i++) await fails(() => m.fit([[1, 2], [3, 4], [5, 6]], [[1], [2], [3]], {verbose: 0, batchSize: 1, callbacks: [new Boom()]}));
    });
    m.dispose();
  });

  it('setWeights with int32 tensors leaks nothing', async () => {
    const m = dense(1, 2);
    const ints = m.weights.map((w) => tensor(new Int32Array(w.size).fill(2), w.shape, 'int32'));
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) m.setWeights(ints);
    });
    expect(Array.from(await m.weights[0]!.read())).to.deep.equal(new Array(8).fill(2));
    ints.forEach((t) => t.dispose());
    m.dispose();
  });

  it('re-compile with a new optimizer frees the old optimizer\'s slots (the model created it)', async () => {
    const m = dense(1, 2);
    const run = async (): Promise<void> => {
      m.compile({optimizer: 'adam', loss: 'mse', metrics: ['mae']});
      await m.fit([[1, 2], [3, 4]], [[1], [2]], {verbose: 0});
    };
    await run();
    const n = memory().numTensors;
    for (let i = 0; i < 3; i++) await run();
    expect(memory().numTensors).to.equal(n);
    m.dispose();
  });

  it('an optimizer passed in is never disposed by compile or dispose: two models can share one', async () => {
    const shared = new optimizers.SGD({learningRate: 0.1, momentum: 0.9});
    const a = dense(1, 2);
    const b = dense(1, 2);
    a.compile({optimizer: shared, loss: 'mse'});
    b.compile({optimizer: shared, loss: 'mse'});
    await a.fit([[1, 2]], [[1]], {verbose: 0});
    await b.fit([[1, 2]], [[1]], {verbose: 0});
    const slotNames = (): string[] => {
      const ws = shared.getWeights();
      const names = ws.map((w) => w.name);
      ws.forEach((w) => w.tensor.dispose());
      return names;
    };
    const before = slotNames();
    expect(before.filter((n) => n.endsWith('/momentum'))).to.have.length(8); // 4 weights in each model
    a.dispose(); // a is still compiled with the shared optimizer
    expect(slotNames()).to.deep.equal(before);
    b.compile({optimizer: 'sgd', loss: 'mse'});
    expect(slotNames()).to.deep.equal(before);
    b.compile({optimizer: shared, loss: 'mse'});
    // b trains on with the shared optimizer's momentum slots intact
    const h = await b.fit([[1, 2]], [[1]], {verbose: 0, epochs: 2});
    expect(h.history['loss']).to.have.length(2);
    expect(shared.iterations).to.equal(4);
    b.dispose();
    shared.dispose();
  });

  it('recompiling never disposes or renames a metric object the user passed in', async () => {
    const mae = new metrics.MeanAbsoluteError({name: 'my_mae'});
    const m = sequential([new Dense({units: 1, inputShape: [1], kernelInitializer: 'zeros', useBias: false})]);
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: [mae]});
    await m.fit([[1]], [[2]], {verbose: 0});
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: [mae]});
    m.setWeights([tensor2d([[0]])]);
    // prediction 0, target 2 and 4: mean absolute error 3, computed with the same object
    const r = await m.evaluate([[1], [1]], [[2], [4]]);
    expect(r['my_mae']).to.be.closeTo(3, 1e-6);
    expect(mae.name).to.equal('my_mae');
    m.dispose();
    mae.dispose();
  });

  it('a refused compile (unknown loss or metric) leaves no tensors behind', async () => {
    const m = dense(1, 2);
    await expectNoLeaks(async () => {
      for (let i = 0; i < 3; i++) {
        await fails(() => m.compile({optimizer: 'adam', loss: 'no_such_loss'}));
        await fails(() => m.compile({optimizer: 'adam', loss: 'mse', metrics: ['no_such_metric']}));
      }
    });
    expect(m.compiled).to.equal(null);
    m.dispose();
  });
});
