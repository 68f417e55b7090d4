import {expect} from 'chai';
import {Callback, RuntimeError} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import type {Logs} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import {sequential} from '../index.js';
import type {Model} from '../index.js';

async function rejection(p: Promise<unknown>): Promise<Error | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return e as Error;
  }
}

describeBackends('fit / evaluate / compile on one model never overlap', () => {
  let m: Model;
  const xs = [[1, 0], [0, 1], [1, 1], [0, 0], [2, 1], [1, 2]];
  const ys = [[1], [0], [1], [0], [1], [1]];

  beforeEach(() => {
    resetNames();
    m = sequential([new Dense({units: 1, inputShape: [2], kernelInitializer: 'ones'})]);
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: ['mae']});
  });
  afterEach(() => m.dispose());

  it('evaluate started while fit runs is refused, and fit\'s epoch logs hold only training values', async () => {
    const fitting = m.fit(xs, ys, {epochs: 3, batchSize: 2, verbose: 0, shuffle: false});
    const err = await rejection(m.evaluate([[100, 100]], [[-100]]));
    const h = await fitting;
    expect(err).to.be.instanceOf(RuntimeError);
    expect(err?.message).to.match(/evaluate: model "sequential.*" is running fit\(\); await it before calling evaluate/);
    // evaluate's one huge sample (error 300) never entered fit's running means
    for (const l of h.history['loss'] as number[]) expect(l).to.be.below(10);
    // once fit is done, evaluate runs
    const r = await m.evaluate(xs, ys);
    expect(r['loss']).to.be.a('number');
  });

  it('a second fit while one runs is refused, naming the running call; the first completes', async () => {
    const first = m.fit(xs, ys, {epochs: 2, verbose: 0});
    const err = await rejection(m.fit(xs, ys, {epochs: 2, verbose: 0}));
    expect(err).to.be.instanceOf(RuntimeError);
    expect(err?.message).to.match(/fit: model ".*" is running fit\(\)/);
    expect((await first).history['loss']).to.have.length(2);
  });

  it('fit while evaluate runs is refused, naming evaluate', async () => {
    const ev = m.evaluate(xs, ys, {batchSize: 1});
    const err = await rejection(m.fit(xs, ys, {verbose: 0}));
    expect(err).to.be.instanceOf(RuntimeError);
    expect(err?.message).to.match(/fit: model ".*" is running evaluate\(\)/);
    await ev;
  });

  it('compile and dispose during fit are refused; the running fit keeps its optimizer and metrics', async () => {
    let compileError: unknown = null;
    let disposeError: unknown = null;
    const model = m;
    class Recompile extends Callback {
      override onEpochEnd(): void {
        try {
          model.compile({optimizer: 'adam', loss: 'mae'});
        } catch (e) {
          compileError = e;
        }
        try {
          model.dispose();
        } catch (e) {
          disposeError = e;
        }
      }
    }
    const optimizer = m.optimizer;
    await m.fit(xs, ys, {epochs: 2, verbose: 0, callbacks: [new Recompile()]});
    expect(compileError).to.be.instanceOf(RuntimeError);
    expect((compileError as Error).message).to.match(/compile: model ".*" is running fit\(\)/);
    expect(disposeError).to.be.instanceOf(RuntimeError);
    expect(m.optimizer).to.equal(optimizer);
    expect(m.weights.every((w) => !w.isDisposed)).to.equal(true);
  });

  it('evaluate from inside a fit callback is refused with a hint to use validationData; predict is allowed', async () => {
    const model = m;
    const seen: string[] = [];
    class Probe extends Callback {
      override async onEpochEnd(_epoch: number, _logs: Logs): Promise<void> {
        try {
          await model.evaluate(xs, ys);
        } catch (e) {
          seen.push((e as Error).message);
        }
        const p = model.predict([[1, 1]]) as Tensor;
        seen.push(`predict ${p.shape.join('x')}`);
        p.dispose();
      }
    }
    await m.fit(xs, ys, {epochs: 1, verbose: 0, callbacks: [new Probe()]});
    expect(seen[0]).to.match(/evaluate: .* is running fit\(\); await it before calling evaluate; to evaluate during training pass validationData to fit/);
    expect(seen[1]).to.equal('predict 1x1');
  });

  it('after a refused or failed call the model accepts the next one', async () => {
    const err = await rejection(m.fit('bad' as never, ys, {verbose: 0}));
    expect(err).to.be.instanceOf(Error);
    await m.fit(xs, ys, {verbose: 0});
    await m.evaluate(xs, ys);
  });
});
