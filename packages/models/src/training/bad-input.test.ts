import {expect} from 'chai';
import {RuntimeError, ShapeError, ValueError, memory, optimizers, tensor1d, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {Dense, input, resetNames} from '@stratum/layers';
import {model, sequential} from '../index.js';
import type {Model} from '../index.js';

async function snapshot(m: Model): Promise<number[][]> {
  return Promise.all(m.weights.map(async (w) => Array.from(await w.read())));
}

/** Asserts that `fn` rejects (or throws) with `cls` and a message matching `re`. */
async function expectRejects(fn: () => unknown, cls: new (...a: never[]) => Error, re: RegExp): Promise<void> {
  let caught: unknown = null;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').to.be.instanceOf(cls);
  expect((caught as Error).message).to.match(re);
}

describeBackends('bad input: clear errors, model unchanged', () => {
  let m: Model;
  let before: number[][];

  beforeEach(async () => {
    resetNames();
    m = sequential([new Dense({units: 2, activation: 'relu', inputShape: [3]}), new Dense({units: 1})]);
    const ws = [tensor2d([[1, 2], [3, 4], [5, 6]]), tensor1d([0.5, -0.5]), tensor2d([[1], [-1]]), tensor1d([0.25])];
    m.setWeights(ws);
    ws.forEach((t) => t.dispose());
    before = await snapshot(m);
  });

  afterEach(async () => {
    expect(await snapshot(m)).to.deep.equal(before);
    m.dispose();
  });

  it('fit before compile rejects with RuntimeError asking for compile', async () => {
    await expectRejects(() => m.fit([[1, 2, 3]], [[1]], {verbose: 0}), RuntimeError, /fit: the model must be compiled first; call model.compile/);
  });

  it('evaluate before compile rejects with RuntimeError', async () => {
    await expectRejects(() => m.evaluate([[1, 2, 3]], [[1]]), RuntimeError, /evaluate: the model must be compiled first/);
  });

  it('fit with mismatched x/y sample counts names both counts', async () => {
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const x = tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const y = tensor2d([[1], [2]]);
    const n0 = memory().numTensors;
    await expectRejects(() => m.fit(x, y, {verbose: 0}), ValueError, /y\[0\] has 2 samples but x\[0\] has 3/);
    expect(memory().numTensors).to.equal(n0);
    await expectRejects(() => m.fit(x, [[1], [2], [3]], {verbose: 0, sampleWeight: [1, 1]}), ValueError, /sampleWeight\[0\] has 2 samples but x\[0\] has 3/);
    x.dispose();
    y.dispose();
  });

  it('fit/evaluate with the wrong feature size or rank names the expected and received shapes', async () => {
    m.compile({optimizer: new optimizers.SGD({learningRate: 1}), loss: 'mse'});
    await expectRejects(() => m.fit([[1, 2], [3, 4]], [[1], [2]], {verbose: 0}), ShapeError, /expects shape \[null, 3\], received a tensor of shape \[2, 2\]/);
    await expectRejects(() => m.evaluate([[[1, 2, 3]]], [[1]]), ShapeError, /expects shape \[null, 3\], received a tensor of shape \[1, 1, 3\]/);
    expect(() => m.predict([1, 2, 3])).to.throw(ShapeError, /expects shape \[null, 3\], received a tensor of shape \[3\]/);
  });

  it('fit with a scalar x rejects, asking for one row per sample', async () => {
    m.compile({optimizer: 'sgd', loss: 'mse'});
    await expectRejects(() => m.fit(5, [[1]], {verbose: 0}), ShapeError, /scalar; expected one row per sample/);
  });

  it('fit with targets that do not match the output shape names both shapes', async () => {
    m.compile({optimizer: new optimizers.SGD({learningRate: 1}), loss: 'mse'});
    await expectRejects(() => m.fit([[1, 2, 3]], [[1, 2]], {verbose: 0}), ShapeError, /\[1, 2\].*\[1, 1\]/);
  });

  it('bad fit options name the value', async () => {
    m.compile({optimizer: new optimizers.SGD({learningRate: 1}), loss: 'mse'});
    const x = [[1, 2, 3], [1, 1, 1]];
    const y = [[1], [2]];
    await expectRejects(() => m.fit(x, y, {verbose: 0, batchSize: 0}), ValueError, /batchSize must be a positive integer, received 0/);
    await expectRejects(() => m.fit(x, y, {verbose: 0, epochs: 1.5}), ValueError, /epochs must be a positive integer, received 1.5/);
    await expectRejects(() => m.fit(x, y, {verbose: 0, validationSplit: 1.5}), ValueError, /validationSplit must be in \(0, 1\), received 1.5/);
    await expectRejects(() => m.fit(x, y, {verbose: 0, validationSplit: 0.6}), ValueError, /validationSplit 0.6 of 2 samples leaves an empty training or validation set/);
    await expectRejects(() => m.fit(x, y, {verbose: 0, initialEpoch: -1}), ValueError, /initialEpoch must be a non-negative integer, received -1/);
    await expectRejects(() => m.evaluate(x, y, {batchSize: -2}), ValueError, /batchSize must be a positive integer, received -2/);
  });

  it('unknown loss, optimizer and metric names are rejected at compile, naming the value; the old compile stays', () => {
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const old = m.compiled;
    expect(() => m.compile({optimizer: 'sgd', loss: 'meanSquaredBanana'})).to.throw(ValueError, /Unknown loss "meanSquaredBanana"; expected one of/);
    expect(() => m.compile({optimizer: 'sgdx', loss: 'mse'})).to.throw(ValueError, /Unknown optimizer "sgdx"; expected one of .*sgd/);
    expect(() => m.compile({optimizer: 'sgd', loss: 'mse', metrics: ['accuracyy']})).to.throw(ValueError, /Unknown metric "accuracyy"; expected one of/);
    expect(() => m.compile(undefined as never)).to.throw(ValueError, /expected \{optimizer, loss, metrics\?\}, received undefined/);
    expect(() => m.compile({optimizer: 'sgd'} as never)).to.throw(ValueError, /loss is required/);
    expect(m.compiled).to.equal(old);
  });

  it('an unknown activation name is rejected by the layer constructor, listing valid ones', () => {
    expect(() => new Dense({units: 1, activation: 'relux'})).to.throw(ValueError, /Unknown activation "relux"; expected one of .*relu/);
  });

  it('setWeights with the wrong count or shapes changes nothing (Sequential)', () => {
    const three = [tensor2d([[0, 0], [0, 0], [0, 0]]), tensor1d([0, 0]), tensor2d([[0], [0]])];
    expect(() => m.setWeights(three)).to.throw(ValueError, /expects 4 arrays \(dense\/kernel, dense\/bias, dense_1\/kernel, dense_1\/bias\), received 3/);
    const wrongLast = [...three, tensor1d([0, 0])];
    expect(() => m.setWeights(wrongLast)).to.throw(ShapeError, /dense_1\/bias has shape \[1\], received an array of shape \[2\] at index 3/);
    expect(() => m.setWeights('nope' as never)).to.throw(ValueError, /received "nope"/);
    wrongLast.forEach((t) => t.dispose());
  });
});

describeBackends('bad input: functional models', () => {
  beforeEach(() => resetNames());

  it('setWeights with wrong shapes leaves every weight unchanged', async () => {
    const a = input({shape: [2]});
    const h = new Dense({units: 2, name: 'hidden'}).apply(a);
    const m = model({inputs: a, outputs: new Dense({units: 1, name: 'head'}).apply(h)});
    const before = await snapshot(m);
    const bad = [tensor2d([[1, 1], [1, 1]]), tensor1d([1, 1]), tensor2d([[1, 1]]), tensor1d([1])];
    expect(() => m.setWeights(bad)).to.throw(ShapeError, /head\/kernel has shape \[2, 1\], received an array of shape \[1, 2\] at index 2/);
    expect(await snapshot(m)).to.deep.equal(before);
    bad.forEach((t: Tensor) => t.dispose());
    m.dispose();
  });

  it('multi-input fit with a list of the wrong length names the inputs', async () => {
    const a = input({shape: [2], name: 'left'});
    const b = input({shape: [2], name: 'right'});
    const shared = new Dense({units: 1});
    shared.apply(a);
    const m = model({inputs: [a, b], outputs: [shared.apply(a), shared.apply(b)] as never});
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const before = await snapshot(m);
    await expectRejects(() => m.fit([[[1, 2]]], [[[1]], [[1]]], {verbose: 0}), ValueError, /x: the model has 2 inputs \(left, right\), received a list of 1/);
    expect(await snapshot(m)).to.deep.equal(before);
    m.dispose();
  });
});
