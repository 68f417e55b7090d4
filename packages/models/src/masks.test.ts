/**
 * Masks through models (Keras 3 semantics): produced by Embedding(maskZero) and Masking, carried by the
 * layers that support them, combined by merges, passed into and out of nested models, and applied in
 * losses and mean metrics. Expected values are computed here by hand in float64.
 */
import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor, tensor2d, tensor3d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Add, Concatenate, Dense, Embedding, Flatten, Masking, input, resetNames} from '@stratum/layers';
import {model, sequential} from './index.js';

const E = [
  [0, 0],
  [0.5, -1],
  [1, 2],
  [-0.5, 0.25],
  [2, -1.5],
];
const W = [[0.75], [-0.5]];
const B = 0.1;
const IDS = [
  [1, 2, 0, 0],
  [3, 0, 4, 0],
];

/** Embedding + Dense(1) per step, in float64. */
const stepOutput = (id: number): number => (E[id] as number[])[0]! * W[0]![0]! + (E[id] as number[])[1]! * W[1]![0]! + B;

function tagger(maskZero: boolean): ReturnType<typeof model> {
  const ids = input({shape: [4], name: 'ids', dtype: 'int32'});
  const emb = new Embedding({inputDim: 5, outputDim: 2, maskZero, name: 'emb'});
  const dense = new Dense({units: 1, name: 'out'});
  const m = model({inputs: ids, outputs: dense.apply(emb.apply(ids))});
  emb.setWeights([tensor2d(E)]);
  dense.setWeights([tensor2d(W), tensor([B])]);
  return m;
}

async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describeBackends('masks', () => {
  beforeEach(() => resetNames());

  it('Embedding(maskZero) gives the model output a mask that Dense carries through', async () => {
    const m = tagger(true);
    const x = tensor2d(IDS, undefined, 'int32');
    const {outputs, masks} = m.run([x], false);
    expect(masks[0]).to.not.equal(null);
    expect(await values(masks[0] as Tensor)).to.deep.equal(IDS.flat().map((v) => (v !== 0 ? 1 : 0)));
    ops.dispose([x, ...outputs, masks[0] as Tensor]);
    m.dispose();
  });

  it('a masked output leaves padded steps out of the loss and of accuracy (keras/src/losses/loss.py apply_mask)', async () => {
    const y = IDS.map((row) => row.map((id) => [id === 2 ? 1 : 0]));
    // Unmasked steps only: (1,2), (3), (4); mean squared error per step over the 4 kept steps.
    const kept = IDS.flatMap((row, i) => row.map((id, j) => ({id, t: (y[i] as number[][])[j]![0]!})).filter((s) => s.id !== 0));
    const mse = kept.reduce((a, s) => a + (stepOutput(s.id) - s.t) ** 2, 0) / kept.length;
    const all = IDS.flatMap((row, i) => row.map((id, j) => (stepOutput(id) - (y[i] as number[][])[j]![0]!) ** 2)).reduce((a, b) => a + b, 0) / 8;
    // binaryAccuracy: prediction > 0.5 equals the target, over the kept steps.
    const acc = kept.filter((s) => (stepOutput(s.id) > 0.5 ? 1 : 0) === s.t).length / kept.length;
    for (const [maskZero, expected] of [
      [true, mse],
      [false, all],
    ] as const) {
      const m = tagger(maskZero);
      m.compile({optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['binaryAccuracy']});
      const logs = await m.evaluate(tensor2d(IDS, undefined, 'int32'), tensor3d(y), {batchSize: 2});
      expect(logs['loss']).to.be.closeTo(expected, 1e-5);
      if (maskZero) expect(logs['binaryAccuracy'], JSON.stringify(logs)).to.be.closeTo(acc, 1e-6);
      m.dispose();
    }
    expect(mse).to.not.be.closeTo(all, 1e-3);
  });

  it('Masking zeroes and masks the steps whose features all equal maskValue (keras/src/layers/core/masking.py)', async () => {
    const layer = new Masking({maskValue: -1});
    const x = tensor3d([[[1, -1], [-1, -1], [0, 2]]]);
    await expectClose(layer.apply(x), [[[1, -1], [0, 0], [0, 2]]], 0);
    expect(await values(layer.computeMask(x))).to.deep.equal([1, 0, 1]);
    const m = sequential([new Masking({inputShape: [3, 2]}), new Dense({units: 1, kernelInitializer: 'ones', name: 'd'})]);
    m.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
    const xs = tensor3d([[[1, 2], [0, 0], [3, -1]], [[0, 0], [0, 0], [1, 1]]]);
    // Kept steps: outputs 3, 2, 2 (bias 0) against targets 1: errors 4, 1, 1 -> mean 2.
    const logs = await m.evaluate(xs, ops.ones([2, 3, 1]));
    expect(logs['loss']).to.be.closeTo(2, 1e-6);
    m.dispose();
  });

  it('merges combine masks as Keras 3: or for Add, widened and concatenated for Concatenate', async () => {
    const ids = input({shape: [3], dtype: 'int32'});
    const other = input({shape: [3], dtype: 'int32'});
    const e1 = new Embedding({inputDim: 5, outputDim: 2, maskZero: true}).apply(ids);
    const e2 = new Embedding({inputDim: 5, outputDim: 2, maskZero: true}).apply(other);
    const plain = new Dense({units: 3}).apply(new Embedding({inputDim: 5, outputDim: 2}).apply(other));
    const m = model({
      inputs: [ids, other],
      outputs: [new Add().apply([e1, e2]), new Concatenate({axis: 1}).apply([e1, e2]), new Concatenate().apply([e1, plain])],
    });
    const a = tensor2d([[1, 0, 0]], undefined, 'int32');
    const b = tensor2d([[0, 2, 0]], undefined, 'int32');
    const {outputs, masks} = m.run([a, b], false);
    expect(await values(masks[0] as Tensor)).to.deep.equal([1, 1, 0]);
    expect(await values(masks[1] as Tensor)).to.deep.equal([1, 0, 0, 0, 1, 0]);
    // An unmasked input counts everywhere, so concatenating features with it masks nothing.
    expect(await values(masks[2] as Tensor)).to.deep.equal([1, 1, 1]);
    ops.dispose([a, b, ...outputs, ...(masks as Tensor[])]);
    m.dispose();
  });

  it('a nested model takes its input masks and gives its output masks', async () => {
    const inner = sequential([new Dense({units: 2, inputShape: [4, 2]})]);
    const ids = input({shape: [4], dtype: 'int32'});
    const outer = model({inputs: ids, outputs: inner.apply(new Embedding({inputDim: 5, outputDim: 2, maskZero: true}).apply(ids))});
    const x = tensor2d(IDS, undefined, 'int32');
    const {outputs, masks} = outer.run([x], false);
    expect(await values(masks[0] as Tensor)).to.deep.equal(IDS.flat().map((v) => (v !== 0 ? 1 : 0)));
    ops.dispose([x, ...outputs, masks[0] as Tensor]);
    outer.dispose();
  });

  it('refuses masks of the wrong shape or count, naming the layer', () => {
    const d = new Dense({units: 2, name: 'dd'});
    const x = ops.zeros([2, 3, 4]);
    expect(() => d.apply(x, {mask: ops.ones([2, 4], 'bool')})).to.throw(ShapeError, /Layer "dd": the mask of input 0 has shape \[2, 4\]/);
    const add = new Add({name: 'plus'});
    expect(() => add.apply([x, x], {mask: ops.ones([2, 3], 'bool')})).to.throw(ShapeError, /Layer "plus": 1 masks given for 2 inputs/);
    expect(() => add.computeMask([x, x], [null])).to.throw(ValueError, /received 1 masks for 2 inputs/);
    ops.dispose(x);
  });

  it('warns once when a layer that does not support masking drops a mask', () => {
    const ids = input({shape: [4], dtype: 'int32'});
    const flat = new Flatten({name: 'flat'});
    const m = model({inputs: ids, outputs: flat.apply(new Embedding({inputDim: 5, outputDim: 2, maskZero: true}).apply(ids))});
    const warned: string[] = [];
    const original = console.warn;
    console.warn = (msg: string): void => void warned.push(msg);
    try {
      const x = tensor2d(IDS, undefined, 'int32');
      ops.dispose([m.predict(x) as Tensor, m.predict(x) as Tensor, x]);
    } finally {
      console.warn = original;
    }
    expect(warned).to.have.length(1);
    expect(warned[0]).to.match(/Layer "flat" \(Flatten\) received an input mask but does not support masking/);
    m.dispose();
  });
});
