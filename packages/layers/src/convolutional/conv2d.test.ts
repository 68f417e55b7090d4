import {expect} from 'chai';
import {ValueError, ops, tensor4d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Conv2D} from './conv2d.js';

/** Direct float64 convolution (NHWC, valid padding, stride s) for reference values. */
function conv2dRef(x: number[][][][], w: number[][][][], b: number[], stride: number): number[][][][] {
  const [kh, kw] = [w.length, (w[0] as number[][][]).length];
  const h = x[0]!.length;
  const wd = x[0]![0]!.length;
  const oh = Math.floor((h - kh) / stride) + 1;
  const ow = Math.floor((wd - kw) / stride) + 1;
  return x.map((img) =>
    Array.from({length: oh}, (_a, i) =>
      Array.from({length: ow}, (_b, j) =>
        b.map((bias, o) => {
          let s = bias;
          for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) img[i * stride + u]![j * stride + v]!.forEach((xc, c) => (s += xc * w[u]![v]![c]![o]!));
          return s;
        }),
      ),
    ),
  );
}

describeBackends('Conv2D', () => {
  it('passes the shared layer test (valid, stride 1)', async () => {
    await runLayerTest({
      create: () => new Conv2D({filters: 3, kernelSize: 2, activation: 'tanh'}),
      inputShape: [2, 4, 4, 2],
      expectedOutputShape: [2, 3, 3, 3],
      expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 3]}, {name: 'bias', shape: [3]}],
    });
  });

  it('passes the shared layer test (same padding, stride 2)', async () => {
    await runLayerTest({
      create: () => new Conv2D({filters: 2, kernelSize: [3, 3], strides: 2, padding: 'same'}),
      inputShape: [1, 5, 5, 1],
      expectedOutputShape: [1, 3, 3, 2],
      expectedWeights: [{name: 'kernel', shape: [3, 3, 1, 2]}, {name: 'bias', shape: [2]}],
    });
  });

  it('passes the shared layer test with groups and dilation (groups 2, dilation 2, same; channels_first, groups 4)', async () => {
    await runLayerTest({
      create: () => new Conv2D({filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same', groups: 2, activation: 'tanh'}),
      inputShape: [1, 5, 5, 2],
      expectedOutputShape: [1, 5, 5, 4],
      expectedWeights: [{name: 'kernel', shape: [2, 2, 1, 4]}, {name: 'bias', shape: [4]}],
    });
    await runLayerTest({
      create: () => new Conv2D({filters: 4, kernelSize: [2, 3], dataFormat: 'channels_first', groups: 4}),
      inputShape: [2, 4, 4, 5],
      expectedOutputShape: [2, 4, 3, 3],
      expectedWeights: [{name: 'kernel', shape: [2, 3, 1, 4]}, {name: 'bias', shape: [4]}],
    });
  });

  it('matches a direct float64 convolution', async () => {
    const xs = [[[[1, 0], [2, 1], [0, -1]], [[3, 1], [-1, 2], [1, 1]], [[0, 2], [1, 0], [2, 2]]]];
    const ws = [[[[1, -1], [0, 2]], [[0.5, 0], [1, 1]]], [[[-1, 0], [2, 1]], [[0, 1], [1, -2]]]];
    const bias = [0.5, -1];
    const layer = new Conv2D({filters: 2, kernelSize: 2});
    layer.build([null, 3, 3, 2]);
    layer.setWeights([ops.tensor(ws), ops.tensor(bias)]);
    const y = layer.apply(tensor4d(xs));
    await expectClose(y, conv2dRef(xs, ws, bias, 1));
    layer.dispose();
  });

  it('validates its arguments', () => {
    expect(() => new Conv2D({filters: 0, kernelSize: 3})).to.throw(ValueError, /filters must be a positive integer, received 0/);
    expect(() => new Conv2D({filters: 2, kernelSize: 3, padding: 'full' as 'same'})).to.throw(ValueError, /padding must be one of/);
    expect(() => new Conv2D({filters: 3, kernelSize: 3, groups: 2})).to.throw(ValueError, /filters \(3\) must be divisible by groups \(2\)/);
    expect(() => new Conv2D({filters: 2, kernelSize: 3, groups: 0})).to.throw(ValueError, /groups must be a positive integer, received 0/);
  });
});
