import {expect} from 'chai';
import {ShapeError, ValueError, memory, tensor, tensor1d, tensor2d, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Activation, Conv2D, Dense, Dropout, Flatten, InputLayer, MaxPooling2D, Reshape, resetNames} from '@stratum/layers';
import {Sequential, sequential} from './index.js';

/** Deterministic pseudo-random values in [-1, 1) (LCG), so tests need no RNG from the library. */
function pseudoRandom(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

/** Float64 reference: x [n, k] · w [k, m] + b [m]. */
function affine(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => b.map((bj, j) => row.reduce((acc, xi, i) => acc + xi * (w[i] as number[])[j]!, bj)));
}

function reshape2d(flat: number[], rows: number, cols: number): number[][] {
  return Array.from({length: rows}, (_v, r) => flat.slice(r * cols, (r + 1) * cols));
}

describe('Sequential: structure', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('add() builds layers once the first layer declares inputShape', () => {
    const m = new Sequential();
    m.add(new Dense({units: 4, inputShape: [3]}));
    expect(m.built).to.equal(true);
    expect(m.inputShape).to.deep.equal([null, 3]);
    m.add(new Dense({units: 2}));
    expect(m.layers.map((l) => l.name)).to.deep.equal(['dense', 'dense_1']);
    expect(m.weights.map((w) => w.shape)).to.deep.equal([[3, 4], [4], [4, 2], [2]]);
    m.dispose();
  });

  it('without inputShape the model stays unbuilt until it sees data', async () => {
    const m = sequential([new Dense({units: 2})]);
    expect(m.built).to.equal(false);
    expect(() => m.inputShape).to.throw(ValueError, /Sequential model "sequential" has no defined input shape yet/);
    expect(m.weights).to.have.length(0);
    const x = tensor2d([[1, 2, 3]]);
    const y = m.predict(x) as Tensor;
    expect(y.shape).to.deep.equal([1, 2]);
    // As Keras, the first call builds it: the input shape (batch unknown) and the symbolic graph exist now.
    expect(m.built).to.equal(true);
    expect(m.inputShape).to.deep.equal([null, 3]);
    expect(m.weights.map((w) => w.shape)).to.deep.equal([[3, 2], [2]]);
    x.dispose();
    y.dispose();
    m.dispose();
  });

  it('an InputLayer first sets the input shape; it is not one of model.layers', () => {
    const m = sequential([new InputLayer({shape: [5]}), new Dense({units: 3})]);
    expect(m.inputShape).to.deep.equal([null, 5]);
    expect(m.layers).to.have.length(1);
    expect(m.countParams()).to.equal(5 * 3 + 3);
    m.dispose();
  });

  it('an InputLayer anywhere but first is rejected', () => {
    const m = sequential([new Dense({units: 3, inputShape: [2]})]);
    expect(() => m.add(new InputLayer({shape: [3]}))).to.throw(ValueError, /InputLayer can only be the first layer/);
    m.dispose();
  });

  it('pop() removes the last layer and rewires the output shape', () => {
    const m = sequential([new Dense({units: 4, inputShape: [3]}), new Dense({units: 2}), new Dense({units: 7})]);
    const last = m.pop();
    expect(last.name).to.equal('dense_2');
    expect(m.layers.map((l) => l.name)).to.deep.equal(['dense', 'dense_1']);
    expect(m.outputNames).to.deep.equal(['dense_1']);
    expect(m.computeOutputShape([null, 3])).to.deep.equal([null, 2]);
    expect(m.countParams()).to.equal(3 * 4 + 4 + 4 * 2 + 2);
    last.dispose();
    m.dispose();
  });

  it('pop() on an empty model throws', () => {
    expect(() => new Sequential().pop()).to.throw(ValueError, /no layers/);
  });

  it('add() rejects a duplicate layer name, naming it', () => {
    const m = sequential([new Dense({units: 2, inputShape: [2], name: 'hidden'})]);
    const before = m.layers.length;
    expect(() => m.add(new Dense({units: 2, name: 'hidden'}))).to.throw(ValueError, /"hidden".*unique/);
    expect(m.layers).to.have.length(before);
    m.dispose();
  });

  it('add() rejects a non-layer, describing the value', () => {
    const m = new Sequential();
    expect(() => m.add(42 as never)).to.throw(ValueError, /expected a layer, received 42/);
  });

  it('add() checks shapes at once: a Dense after a rank-2 output works, a bad Reshape fails', () => {
    const m = sequential([new Dense({units: 6, inputShape: [4]})]);
    expect(() => m.add(new Reshape({targetShape: [4, 2]}))).to.throw(ShapeError, /6 values.*\[4, 2\]/);
    m.dispose();
  });

  it('countParams: Dense 784→512→256→10 has 535,818 parameters', () => {
    const m = sequential([
      new Dense({units: 512, activation: 'relu', inputShape: [784]}),
      new Dense({units: 256, activation: 'relu'}),
      new Dense({units: 10, activation: 'softmax'}),
    ]);
    // (784·512 + 512) + (512·256 + 256) + (256·10 + 10)
    expect(m.countParams()).to.equal(401_920 + 131_328 + 2_570);
    expect(m.countParams()).to.equal(535_818);
    m.dispose();
  });

  it('countParams: conv32-pool-conv64-pool-flatten-dense128-dense10 on 28x28x1 has 225,034', () => {
    const m = sequential([
      new Conv2D({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
      new MaxPooling2D({poolSize: 2}),
      new Conv2D({filters: 64, kernelSize: 3, activation: 'relu'}),
      new MaxPooling2D({poolSize: 2}),
      new Flatten(),
      new Dense({units: 128, activation: 'relu'}),
      new Dense({units: 10, activation: 'softmax'}),
    ]);
    // conv1 3·3·1·32+32 = 320 (→26x26x32, pool 13x13x32); conv2 3·3·32·64+64 = 18,496 (→11x11x64, pool 5x5x64)
    // dense 1600·128+128 = 204,928; dense 128·10+10 = 1,290
    expect(m.layers.map((l) => l.countParams())).to.deep.equal([320, 0, 18_496, 0, 0, 204_928, 1_290]);
    expect(m.countParams()).to.equal(225_034);
    expect(m.computeOutputShape([null, 28, 28, 1])).to.deep.equal([null, 10]);
    m.dispose();
  });

  it('weights are ordered layer by layer, kernel then bias, with stable paths', () => {
    const m = sequential([new Dense({units: 3, inputShape: [2]}), new Activation({activation: 'relu'}), new Dense({units: 1})]);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias']);
    expect(m.trainableWeights).to.have.length(4);
    expect(m.nonTrainableWeights).to.have.length(0);
    m.dispose();
  });

  it('trainable=false freezes every layer (weights move to nonTrainableWeights)', () => {
    const m = sequential([new Dense({units: 3, inputShape: [2]}), new Dense({units: 1})]);
    m.trainable = false;
    expect(m.trainableWeights).to.have.length(0);
    expect(m.nonTrainableWeights).to.have.length(4);
    expect(m.layers.every((l) => !l.trainable)).to.equal(true);
    m.trainable = true;
    expect(m.trainableWeights).to.have.length(4);
    m.dispose();
  });

  it('getLayer by name and index; unknown names list the available layers', () => {
    const m = sequential([new Dense({units: 3, inputShape: [2], name: 'a'}), new Dense({units: 1, name: 'b'})]);
    expect(m.getLayer('b').name).to.equal('b');
    expect(m.getLayer(0).name).to.equal('a');
    expect(() => m.getLayer('zzz')).to.throw(ValueError, /"zzz".*a, b/);
    m.dispose();
  });

  it('summary() lists names, types, output shapes, parameter counts and totals', () => {
    const m = sequential({
      name: 'mlp',
      layers: [new Dense({units: 512, activation: 'relu', inputShape: [784]}), new Dropout({rate: 0.2}), new Dense({units: 10, activation: 'softmax'})],
    });
    const printed: string[] = [];
    const text = m.summary((l) => printed.push(l));
    expect(printed.join('\n')).to.equal(text);
    expect(text).to.contain('Model: "mlp"');
    // Shapes as Keras prints them (keras/src/utils/summary_utils.py format_layer_shape): (None, 512).
    expect(text).to.match(/dense \(Dense\)\s+│ \(None, 512\)\s+│\s+401,920/);
    expect(text).to.match(/dropout \(Dropout\)\s+│ \(None, 512\)\s+│\s+0/);
    expect(text).to.match(/dense_1 \(Dense\)\s+│ \(None, 10\)\s+│\s+5,130/);
    expect(text).to.contain('Total params: 407,050');
    expect(text).to.contain('Trainable params: 407,050');
    expect(text).to.contain('Non-trainable params: 0');
    m.dispose();
  });

  it('summary() reports frozen layers as non-trainable', () => {
    const m = sequential([new Dense({units: 4, inputShape: [3]}), new Dense({units: 2})]);
    m.getLayer(0).trainable = false;
    const text = m.summary(null);
    expect(text).to.contain('Total params: 26');
    expect(text).to.contain('Trainable params: 10');
    expect(text).to.contain('Non-trainable params: 16');
    m.dispose();
  });
});

describeBackends('Sequential: weights and forward pass', () => {
  beforeEach(() => resetNames());

  it('setWeights then getWeights round-trips values in dense/kernel, dense/bias, ... order', async () => {
    const m = sequential([new Dense({units: 3, inputShape: [2]}), new Dense({units: 1})]);
    const k0 = pseudoRandom(6, 1);
    const b0 = pseudoRandom(3, 2);
    const k1 = pseudoRandom(3, 3);
    const b1 = pseudoRandom(1, 4);
    const values = [tensor(k0, [2, 3]), tensor1d(b0), tensor(k1, [3, 1]), tensor1d(b1)];
    m.setWeights(values);
    const got = m.getWeights();
    expect(got.map((t) => t.shape)).to.deep.equal([[2, 3], [3], [3, 1], [1]]);
    await expectClose(got[0] as Tensor, k0);
    await expectClose(got[1] as Tensor, b0);
    await expectClose(got[2] as Tensor, k1);
    await expectClose(got[3] as Tensor, b1);
    // getWeights returns copies: disposing them leaves the model intact.
    got.forEach((t) => t.dispose());
    values.forEach((t) => t.dispose());
    await expectClose(m.weights[0]!.value, k0);
    m.dispose();
  });

  it('forward pass equals a float64 reference with the weights we set (relu then linear)', async () => {
    const m = sequential([new Dense({units: 5, activation: 'relu', inputShape: [4]}), new Dense({units: 3})]);
    const k0 = pseudoRandom(20, 11);
    const b0 = pseudoRandom(5, 12);
    const k1 = pseudoRandom(15, 13);
    const b1 = pseudoRandom(3, 14);
    const ws = [tensor(k0, [4, 5]), tensor1d(b0), tensor(k1, [5, 3]), tensor1d(b1)];
    m.setWeights(ws);
    const xFlat = pseudoRandom(7 * 4, 15).map((v) => v * 3);
    const x = reshape2d(xFlat, 7, 4);
    const h = affine(x, reshape2d(k0, 4, 5), b0).map((r) => r.map((v) => Math.max(0, v)));
    const expected = affine(h, reshape2d(k1, 5, 3), b1);
    const xt = tensor2d(x);
    const y = m.predict(xt) as Tensor;
    expect(y.shape).to.deep.equal([7, 3]);
    await expectClose(y, expected, 1e-5, 1e-5);
    // Calling the model as a layer gives the same result.
    const y2 = m.apply(xt) as Tensor;
    await expectClose(y2, expected, 1e-5, 1e-5);
    [xt, y, y2, ...ws].forEach((t) => t.dispose());
    m.dispose();
  });

  it('predict leaves no tensors behind', async () => {
    const m = sequential([new Dense({units: 3, inputShape: [2]})]);
    const x = tensor2d([[1, 2], [3, 4], [5, 6]]);
    const y0 = m.predict(x) as Tensor;
    y0.dispose();
    const before = memory().numTensors;
    const y = m.predict(x, {batchSize: 2}) as Tensor;
    expect(memory().numTensors).to.equal(before + 1);
    y.dispose();
    x.dispose();
    m.dispose();
  });

  it('setWeights with the wrong count or shapes throws and changes nothing', async () => {
    const m = sequential([new Dense({units: 2, inputShape: [2]})]);
    const good = [tensor2d([[1, 2], [3, 4]]), tensor1d([5, 6])];
    m.setWeights(good);
    const bad1 = [tensor2d([[9, 9], [9, 9]])];
    expect(() => m.setWeights(bad1)).to.throw(ValueError, /expects 2 arrays \(dense\/kernel, dense\/bias\), received 1/);
    const bad2 = [tensor2d([[9, 9], [9, 9]]), tensor1d([9, 9, 9])];
    expect(() => m.setWeights(bad2)).to.throw(ShapeError, /dense\/bias has shape \[2\], received an array of shape \[3\]/);
    const bad3 = [tensor2d([[9, 9, 9], [9, 9, 9]]), tensor1d([9, 9])];
    expect(() => m.setWeights(bad3)).to.throw(ShapeError, /dense\/kernel has shape \[2, 2\].*\[2, 3\]/);
    await expectClose(m.weights[0]!.value, [1, 2, 3, 4]);
    await expectClose(m.weights[1]!.value, [5, 6]);
    [...good, ...bad1, ...bad2, ...bad3].forEach((t) => t.dispose());
    m.dispose();
  });

  it('predict rejects inputs of the wrong rank or size, naming both shapes', () => {
    const m = sequential([new Dense({units: 2, inputShape: [3]})]);
    const wrongSize = tensor2d([[1, 2]]);
    const wrongRank = tensor1d([1, 2, 3]);
    expect(() => m.predict(wrongSize)).to.throw(ShapeError, /expects shape \[null, 3\], received a tensor of shape \[1, 2\]/);
    expect(() => m.predict(wrongRank)).to.throw(ShapeError, /expects shape \[null, 3\], received a tensor of shape \[3\]/);
    expect(() => m.predict(wrongSize, {batchSize: 0})).to.throw(ValueError, /batchSize must be a positive integer, received 0/);
    wrongSize.dispose();
    wrongRank.dispose();
    m.dispose();
  });
});
