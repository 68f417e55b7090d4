/** The element-wise merge layers and Concatenate (keras/src/layers/merging: base_merge.py, concatenate.py). */
import {expect} from 'chai';
import {ShapeError, ValueError, lookupClass, memory, ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {input} from '../engine/index.js';
import type {SymbolicTensor} from '../engine/index.js';
import {Add} from './add.js';
import {Average} from './average.js';
import {Concatenate} from './concatenate.js';
import {Maximum} from './maximum.js';
import {Minimum} from './minimum.js';
import {Multiply} from './multiply.js';
import {Subtract} from './subtract.js';

describeBackends('merging layers', () => {
  const a = (): Tensor => tensor([[1, -2, 3], [0, 5, -1]]);
  const b = (): Tensor => tensor([[4, 1, -3], [2, 2, 2]]);

  it('pass the shared layer test (lists of inputs, broadcasting, concatenation)', async () => {
    for (const create of [() => new Add(), () => new Multiply(), () => new Average()]) {
      await runLayerTest({create, inputShape: [[2, 3, 4], [2, 1, 4], [2, 3, 4]], expectedOutputShape: [2, 3, 4], expectedWeights: []});
    }
    // Maximum and Minimum have kinks where inputs tie, which central differences cannot cross: their
    // input gradient is checked by hand below.
    for (const create of [() => new Maximum(), () => new Minimum()]) {
      await runLayerTest({create, inputShape: [[2, 3, 4], [2, 1, 4], [2, 3, 4]], expectedOutputShape: [2, 3, 4], expectedWeights: [], checkInputGradient: false});
    }
    await runLayerTest({create: () => new Subtract(), inputShape: [[2, 5], [2, 5]], expectedOutputShape: [2, 5], expectedWeights: []});
    await runLayerTest({create: () => new Concatenate({axis: 1}), inputShape: [[2, 3, 4], [2, 2, 4]], expectedOutputShape: [2, 5, 4], expectedWeights: []});
  });

  it('compute by hand: add, subtract, multiply, average, maximum, minimum', async () => {
    await expectClose(new Add().apply([a(), b()]), [[5, -1, 0], [2, 7, 1]], 1e-6);
    await expectClose(new Subtract().apply([a(), b()]), [[-3, -3, 6], [-2, 3, -3]], 1e-6);
    await expectClose(new Multiply().apply([a(), b()]), [[4, -2, -9], [0, 10, -2]], 1e-6);
    await expectClose(new Average().apply([a(), b(), tensor([[1, 1, 3], [1, 2, 2]])]), [[2, 0, 1], [1, 3, 1]], 1e-6);
    await expectClose(new Maximum().apply([a(), b()]), [[4, 1, 3], [2, 5, 2]], 1e-6);
    await expectClose(new Minimum().apply([a(), b()]), [[1, -2, -3], [0, 2, -1]], 1e-6);
  });

  it('broadcast axes of size 1, and give a lower-rank input axes after its batch axis (as Keras)', async () => {
    // [2, 1, 3] + [2, 3]: the second becomes [2, 1, 3] and both broadcast to [2, 1, 3].
    const y = new Add().apply([tensor([[[1, 2, 3]], [[4, 5, 6]]]), tensor([[10, 20, 30], [40, 50, 60]])]);
    await expectClose(y, [[[11, 22, 33]], [[44, 55, 66]]], 1e-6);
    const s = new Add().apply([input({shape: [4, 1]}), input({shape: [1, 5]})]) as unknown as SymbolicTensor;
    expect(s.shape).to.deep.equal([null, 4, 5]);
  });

  it('gradients flow to every input: d(sum(a·b))/da = b', async () => {
    const [x, y] = [a(), b()];
    const layer = new Multiply();
    const before = memory().numTensors;
    const grads = ops.grads((p: Tensor, q: Tensor) => ops.sum(layer.apply([p, q])))([x, y]);
    await expectClose(grads[0] as Tensor, await y.array(), 1e-6);
    await expectClose(grads[1] as Tensor, await x.array(), 1e-6);
    ops.dispose(grads);
    expect(memory().numTensors).to.equal(before);
  });

  it('Maximum and Minimum send the gradient to the input that won', async () => {
    const [x, y] = [a(), b()];
    const gMax = ops.grads((p: Tensor, q: Tensor) => ops.sum(new Maximum().apply([p, q])))([x, y]);
    await expectClose(gMax[0] as Tensor, [[0, 0, 1], [0, 1, 0]], 1e-6);
    await expectClose(gMax[1] as Tensor, [[1, 1, 0], [1, 0, 1]], 1e-6);
    const gMin = ops.grads((p: Tensor, q: Tensor) => ops.sum(new Minimum().apply([p, q])))([x, y]);
    await expectClose(gMin[0] as Tensor, [[1, 1, 0], [1, 0, 1]], 1e-6);
    ops.dispose([...gMax, ...gMin, x, y]);
  });

  it('refuse incompatible shapes, different batch sizes, a single tensor and Subtract of three, naming the shapes', () => {
    expect(() => new Add().apply([input({shape: [3]}), input({shape: [4]})])).to.throw(ShapeError, /incompatible shapes \[3\] and \[4\]/);
    expect(() => new Add().apply([input({batchShape: [2, 3]}), input({batchShape: [5, 3]})])).to.throw(ShapeError, /different batch sizes/);
    expect(() => new Add().apply(input({shape: [3]}) as never)).to.throw(ValueError, /takes a list of inputs/);
    expect(() => new Subtract().apply([input({shape: [3]}), input({shape: [3]}), input({shape: [3]})])).to.throw(ValueError, /exactly 2 inputs, received 3/);
  });

  it('Concatenate joins along the axis, checks the other axes, and round-trips its config', async () => {
    await expectClose(new Concatenate().apply([a(), b()]), [[1, -2, 3, 4, 1, -3], [0, 5, -1, 2, 2, 2]], 1e-6);
    await expectClose(new Concatenate({axis: 0}).apply([a(), b()]), [[1, -2, 3], [0, 5, -1], [4, 1, -3], [2, 2, 2]], 1e-6);
    const s = new Concatenate({axis: 1}).apply([input({shape: [2, 5]}), input({shape: [3, 5]})]) as unknown as SymbolicTensor;
    expect(s.shape).to.deep.equal([null, 5, 5]);
    expect(() => new Concatenate().apply([input({shape: [2, 5]}), input({shape: [3, 5]})])).to.throw(ShapeError, /equal sizes except on the concatenation axis -1/);
    expect(() => new Concatenate().apply([input({shape: [5]}), input({shape: [2, 5]})])).to.throw(ShapeError, /one rank/);
    const Cls = lookupClass('layer', 'Concatenate');
    expect((new Cls({axis: 2, name: 'c'} as never) as Concatenate).getConfig()).to.include({axis: 2, name: 'c'});
  });
});
