import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {CategoryEncoding} from './category-encoding.js';
import {CenterCrop} from './center-crop.js';
import {Normalization} from './normalization.js';
import {Rescaling} from './rescaling.js';
import {Resizing} from './resizing.js';

const iota = (n: number, f = (i: number): number => i): number[] => Array.from({length: n}, (_, i) => f(i));

describeBackends('preprocessing layers', () => {
  it('pass the shared layer test', async () => {
    await runLayerTest({create: () => new Rescaling({scale: 1 / 127.5, offset: -1}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
    await runLayerTest({create: () => new Rescaling({scale: [1, 2, 3], offset: [0, 1, 2]}), inputShape: [2, 4, 3], expectedOutputShape: [2, 4, 3], expectedWeights: []});
    await runLayerTest({create: () => new Resizing({height: 5, width: 3}), inputShape: [2, 4, 6, 2], expectedOutputShape: [2, 5, 3, 2], expectedWeights: []});
    await runLayerTest({create: () => new Resizing({height: 4, width: 4, interpolation: 'nearest', dataFormat: 'channels_first'}), inputShape: [1, 2, 3, 5], expectedOutputShape: [1, 2, 4, 4], expectedWeights: []});
    await runLayerTest({create: () => new Resizing({height: 3, width: 3, cropToAspectRatio: true}), inputShape: [2, 4, 6, 1], expectedOutputShape: [2, 3, 3, 1], expectedWeights: []});
    await runLayerTest({create: () => new Resizing({height: 4, width: 4, padToAspectRatio: true, fillValue: 0.5}), inputShape: [1, 2, 4, 1], expectedOutputShape: [1, 4, 4, 1], expectedWeights: []});
    await runLayerTest({create: () => new CenterCrop({height: 2, width: 3}), inputShape: [2, 5, 6, 2], expectedOutputShape: [2, 2, 3, 2], expectedWeights: []});
    await runLayerTest({create: () => new CenterCrop({height: 4, width: 4}), inputShape: [1, 3, 6, 1], expectedOutputShape: [1, 4, 4, 1], expectedWeights: []});
    await runLayerTest({create: () => new Normalization({mean: [1, 2, 3], variance: [4, 1, 0.25]}), inputShape: [2, 5, 3], expectedOutputShape: [2, 5, 3], expectedWeights: []});
    await runLayerTest({
      create: () => new Normalization({axis: [1, 2]}), inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2],
      expectedWeights: [{name: 'mean', shape: [3, 2]}, {name: 'variance', shape: [3, 2]}, {name: 'count', shape: []}], expectedTrainable: 0,
    });
    // Token ids: no gradient flows back to them.
    await runLayerTest({create: () => new CategoryEncoding({numTokens: 5, outputMode: 'count'}), inputShape: [3, 4], inputRange: [0, 4.4], expectedOutputShape: [3, 5], expectedWeights: [], checkInputGradient: false});
    await runLayerTest({create: () => new CategoryEncoding({numTokens: 4, outputMode: 'one_hot'}), inputShape: [3, 2], inputRange: [0, 3.4], expectedOutputShape: [3, 2, 4], expectedWeights: [], checkInputGradient: false});
  });

  it('Rescaling multiplies then adds, per channel when given lists', async () => {
    const x = tensor([[0, 127.5, 255]]);
    await expectClose(new Rescaling({scale: 1 / 127.5, offset: -1}).apply(x), [[-1, 0, 1]], 1e-6);
    await expectClose(new Rescaling({scale: [1, 2, 3], offset: [1, 0, -1]}).apply(x), [[1, 255, 764]], 1e-4);
    x.dispose();
  });

  it('Resizing: a 2x2 image to 4x4 bilinear by hand (half-pixel centres), nearest, and cropToAspectRatio', async () => {
    const x = tensor([[[[0], [4]], [[8], [12]]]]); // [1, 2, 2, 1]
    // Output pixel o samples source (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25: clamped reads, weights 0, .25, .75, 1.
    const row = (a: number, b: number): number[] => [a, a + 0.25 * (b - a), a + 0.75 * (b - a), b];
    const rows = [row(0, 4), row(2, 6), row(6, 10), row(8, 12)];
    await expectClose(new Resizing({height: 4, width: 4}).apply(x), [rows.map((r) => r.map((v) => [v]))], 1e-5);
    await expectClose(new Resizing({height: 1, width: 2, interpolation: 'nearest'}).apply(x), [[[[8], [12]]]], 0);
    // keras/src/utils/image_utils.py smart_resize: a 2x4 image to 2x2 crops columns 1..2.
    const wide = tensor([[[[1], [2], [3], [4]], [[5], [6], [7], [8]]]]);
    await expectClose(new Resizing({height: 2, width: 2, cropToAspectRatio: true}).apply(wide), [[[[2], [3]], [[6], [7]]]], 0);
    // padToAspectRatio: a 2x4 image to 4x4 adds one row of fill above and below.
    const padded = new Resizing({height: 4, width: 4, padToAspectRatio: true, fillValue: -1}).apply(wide);
    await expectClose(padded, [[[-1, -1, -1, -1], [1, 2, 3, 4], [5, 6, 7, 8], [-1, -1, -1, -1]].map((r) => r.map((v) => [v]))], 0);
    ops.dispose([x, wide, padded]);
  });

  it('CenterCrop takes the centre window (floor of half the excess), also for single images', async () => {
    const x = tensor(iota(30), [5, 6, 1]);
    // rows 1..3 (excess 2 -> start 1), columns 1..4 (excess 2 -> 1)... height 3, width 4.
    const want = [1, 2, 3].map((r) => [1, 2, 3, 4].map((c) => [r * 6 + c]));
    await expectClose(new CenterCrop({height: 3, width: 4}).apply(x), want, 0);
    x.dispose();
  });

  it('Normalization: fixed statistics, invert, and adapt() learning float64 mean and variance', async () => {
    const x = tensor([[1, 10], [3, 30], [8, 50]]);
    await expectClose(new Normalization({mean: [2, 20], variance: [4, 100]}).apply(x), [[-0.5, -1], [0.5, 1], [3, 3]], 1e-6);
    await expectClose(new Normalization({mean: 2, variance: 4, invert: true}).apply(x), [[4, 22], [8, 62], [18, 102]], 1e-5);
    const adapted = new Normalization();
    const data = [[1, 10], [3, 30], [8, 50], [4, 30]];
    await adapted.adapt(data);
    const col = (j: number): number[] => data.map((r) => r[j] as number);
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const variance = (v: number[]): number => mean(v.map((u) => (u - mean(v)) ** 2));
    const [m0, m1, v0, v1] = [mean(col(0)), mean(col(1)), variance(col(0)), variance(col(1))];
    await expectClose(adapted.weights[0]?.value as never, [m0, m1], 1e-5);
    await expectClose(adapted.weights[1]?.value as never, [v0, v1], 1e-4);
    await expectClose(adapted.apply(x), [[1, 10], [3, 30], [8, 50]].map(([a, b]) => [((a as number) - m0) / Math.sqrt(v0), ((b as number) - m1) / Math.sqrt(v1)]), 1e-5);
    expect(adapted.weights.map((w) => w.path)).to.deep.equal([`${adapted.name}/mean`, `${adapted.name}/variance`, `${adapted.name}/count`]);
    // Whole-tensor statistics with axis null, from a tensor.
    const whole = new Normalization({axis: null});
    await whole.adapt(x);
    const all = [1, 10, 3, 30, 8, 50];
    await expectClose(whole.apply(x), [[1, 10], [3, 30], [8, 50]].map((r) => r.map((v) => (v - mean(all)) / Math.sqrt(variance(all)))), 1e-5);
    ops.dispose([x]);
    for (const l of [adapted, whole]) l.dispose();
  });

  it('CategoryEncoding: one_hot, multi_hot and count by hand; out-of-range ids contribute nothing', async () => {
    const ids = tensor([[0, 1, 1], [3, 3, 2]], undefined, 'int32');
    await expectClose(new CategoryEncoding({numTokens: 4, outputMode: 'multi_hot'}).apply(ids), [[1, 1, 0, 0], [0, 0, 1, 1]], 0);
    await expectClose(new CategoryEncoding({numTokens: 4, outputMode: 'count'}).apply(ids), [[1, 2, 0, 0], [0, 0, 1, 2]], 0);
    const col = tensor([[2], [0]], undefined, 'int32');
    await expectClose(new CategoryEncoding({numTokens: 3, outputMode: 'one_hot'}).apply(col), [[0, 0, 1], [1, 0, 0]], 0);
    const far = tensor([[5, 1]], undefined, 'int32');
    await expectClose(new CategoryEncoding({numTokens: 3}).apply(far), [[0, 1, 0]], 0);
    // keras/src/layers/preprocessing/category_encoding.py: a rank-1 input is one sample's tokens.
    const one = tensor([1, 1, 2], undefined, 'int32');
    await expectClose(new CategoryEncoding({numTokens: 3, outputMode: 'count'}).apply(one), [0, 2, 1], 0);
    ops.dispose([ids, col, far, one]);
  });

  it('refuse bad arguments with the layer, the value and what was expected', async () => {
    expect(() => new Rescaling({scale: 'x' as unknown as number})).to.throw(ValueError, /Rescaling: scale must be a finite number.*received "x"/);
    expect(() => new Resizing({height: 0, width: 2})).to.throw(ValueError, /Resizing: height must be a positive integer, received 0/);
    expect(() => new Resizing({height: 2, width: 2, interpolation: 'cubic' as 'nearest'})).to.throw(ValueError, /received "cubic"/);
    expect(() => new Resizing({height: 2, width: 2, cropToAspectRatio: true, padToAspectRatio: true})).to.throw(ValueError, /only one of/);
    expect(() => new CenterCrop({height: 2, width: -1})).to.throw(ValueError, /CenterCrop: width must be a positive integer, received -1/);
    expect(() => new Normalization({mean: [1, 2]})).to.throw(ValueError, /mean and variance must be given together/);
    expect(() => new Normalization({mean: [1, 2], variance: [1]})).to.throw(ValueError, /same shape, received \[2\] and \[1\]/);
    const fixed = new Normalization({mean: 0, variance: 1});
    await fixed.adapt([[1]]).then(() => expect.fail('adapt should refuse'), (e: unknown) => expect(String(e)).to.match(/cannot change a mean and variance/));
    const norm = new Normalization({axis: 3});
    const x = ops.zeros([2, 3]);
    expect(() => norm.apply(x)).to.throw(ValueError, /axis 3 is out of range for inputs of rank 2/);
    const built = new Normalization();
    await built.adapt([[1, 2], [3, 4]]);
    await built.adapt([[1, 2, 3]]).then(() => expect.fail('adapt should refuse'), (e: unknown) => expect(e).to.be.instanceOf(ShapeError));
    expect(() => new CategoryEncoding({numTokens: 0})).to.throw(ValueError, /numTokens must be an integer >= 1, received 0/);
    expect(() => new CategoryEncoding({numTokens: 3, outputMode: 'tf_idf' as 'count'})).to.throw(ValueError, /received "tf_idf"/);
    for (const l of [fixed, norm, built]) l.dispose();
    x.dispose();
  });
});
