import {expect} from 'chai';
import {Callback, ValueError, tensor, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectNoLeaks} from '@stratum/core/testing';
import {Dense, input, resetNames} from '@stratum/layers';
import {model, sequential} from '../index.js';
import type {Model} from '../index.js';

async function errorOf(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describeBackends('typed errors for bad training input', () => {
  let m: Model;
  beforeEach(() => {
    resetNames();
    m = sequential([new Dense({units: 3, inputShape: [2]})]);
    m.compile({optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy'});
  });
  afterEach(() => m.dispose());

  it('predict on 0 rows returns an empty tensor of shape [0, units], as Keras does', async () => {
    const empty = tensor([], [0, 2]);
    await expectNoLeaks(() => {
      const out = m.predict(empty) as Tensor;
      expect(out.shape).to.deep.equal([0, 3]);
      out.dispose();
    });
    empty.dispose();
  });

  it('predict on 0 rows of a two-output model gives one empty tensor per output', () => {
    const x = input({shape: [2]});
    const two = model({inputs: x, outputs: [new Dense({units: 4}).apply(x), new Dense({units: 1}).apply(x)]});
    const empty = tensor([], [0, 2]);
    const outs = two.predict(empty) as Tensor[];
    expect(outs.map((o) => o.shape)).to.deep.equal([[0, 4], [0, 1]]);
    outs.forEach((o) => o.dispose());
    empty.dispose();
    two.dispose();
  });

  it('string inputs are refused with a ValueError naming the argument', async () => {
    let e = await errorOf(() => m.predict([['a', 'b']] as never));
    expect(e).to.be.instanceOf(ValueError);
    expect(e.message).to.match(/^x: string data cannot be fed to a model; .*received \[\["a","b"\]\]/);
    e = await errorOf(() => m.fit([[1, 2]], ['cat'] as never, {verbose: 0}));
    expect(e).to.be.instanceOf(ValueError);
    expect(e.message).to.match(/^y: string data cannot be fed/);
    const s = tensor(['a', 'b'], [1, 2], 'string');
    e = await errorOf(() => m.evaluate(s, [[1]]));
    expect(e).to.be.instanceOf(ValueError);
    expect(e.message).to.match(/^x: string data/);
    s.dispose();
    await expectNoLeaks(async () => {
      await errorOf(() => m.fit([[1, 2]], ['cat'] as never, {verbose: 0}));
    });
  });

  it('negative or non-integer classWeight keys, and bad weights, are ValueErrors naming the key', async () => {
    const x = [[1, 2], [3, 4]];
    const y = [[0], [2]];
    for (const [cw, re] of [
      [{'-1': 2, 0: 1}, /classWeight keys must be class indices \(non-negative integers\), received key "-1"/],
      [{1.5: 2}, /received key "1.5"/],
      [{cat: 2}, /received key "cat"/],
      [{0: -1}, /classWeight\[0\] must be a finite number >= 0, received -1/],
      [{0: Number.NaN}, /classWeight\[0\] must be a finite number >= 0, received NaN/],
    ] as [Record<string, number>, RegExp][]) {
      const e = await errorOf(() => m.fit(x, y, {verbose: 0, classWeight: cw}));
      expect(e, JSON.stringify(cw)).to.be.instanceOf(ValueError);
      expect(e.message).to.match(re);
    }
    // a valid one still trains
    await m.fit(x, y, {verbose: 0, classWeight: {0: 1, 2: 3}});
  });

  it('a plain-object callback gives a ValueError naming it, in fit and evaluate, leaking nothing', async () => {
    const plain = {onEpochEnd(): void {}} as unknown as Callback;
    const x = tensor2d([[1, 2]]);
    await expectNoLeaks(async () => {
      for (const call of [() => m.fit(x, [[1]], {verbose: 0, callbacks: [plain]}), () => m.evaluate(x, [[1]], {callbacks: [plain]})]) {
        const e = await errorOf(call);
        expect(e).to.be.instanceOf(ValueError);
        expect(e.message).to.match(/callbacks\[0\] must be a Callback .*received a plain object with keys \["onEpochEnd"\]/);
      }
      const e = await errorOf(() => m.fit(x, [[1]], {verbose: 0, callbacks: new Callback() as never}));
      expect(e.message).to.match(/fit: callbacks must be a list of Callback instances/);
    });
    x.dispose();
  });

  it('predict of a model whose output is its input returns live copies, in one batch or several', async () => {
    const x = input({shape: [2]});
    const identity = model({inputs: x, outputs: x});
    const data = tensor2d([[1, 2], [3, 4], [5, 6]]);
    for (const batchSize of [32, 2]) {
      const out = identity.predict(data, {batchSize}) as Tensor;
      expect(out.isDisposed).to.equal(false);
      expect(Array.from(await out.data())).to.deep.equal([1, 2, 3, 4, 5, 6]);
      out.dispose();
    }
    const fromArrays = identity.predict([[7, 8]]) as Tensor;
    expect(Array.from(await fromArrays.data())).to.deep.equal([7, 8]);
    fromArrays.dispose();
    data.dispose();
    identity.dispose();
  });
});
