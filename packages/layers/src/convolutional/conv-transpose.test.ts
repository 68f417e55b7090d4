import {expect} from 'chai';
import {ValueError, ops, tensor1d, tensor3d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Conv1DTranspose} from './conv1d-transpose.js';
import {Conv2DTranspose} from './conv2d-transpose.js';
import {Conv3DTranspose} from './conv3d-transpose.js';

describeBackends('Conv1DTranspose, Conv2DTranspose, Conv3DTranspose', () => {
  it('Conv1DTranspose passes the shared layer test (valid stride 2; same with outputPadding; dilation; channels_first)', async () => {
    await runLayerTest({create: () => new Conv1DTranspose({filters: 2, kernelSize: 3, strides: 2, activation: 'tanh'}), inputShape: [2, 4, 3], expectedOutputShape: [2, 9, 2], expectedWeights: [{name: 'kernel', shape: [3, 2, 3]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv1DTranspose({filters: 1, kernelSize: 4, strides: 3, padding: 'same', outputPadding: 2}), inputShape: [1, 3, 2], expectedOutputShape: [1, 8, 1], expectedWeights: [{name: 'kernel', shape: [4, 1, 2]}, {name: 'bias', shape: [1]}]});
    await runLayerTest({create: () => new Conv1DTranspose({filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false}), inputShape: [1, 5, 2], expectedOutputShape: [1, 5, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 2]}]});
    await runLayerTest({create: () => new Conv1DTranspose({filters: 2, kernelSize: 2, strides: 2, dataFormat: 'channels_first'}), inputShape: [2, 3, 4], expectedOutputShape: [2, 2, 8], expectedWeights: [{name: 'kernel', shape: [2, 2, 3]}, {name: 'bias', shape: [2]}]});
  });

  it('Conv2DTranspose passes the shared layer test (same stride 2; valid outputPadding; dilation; channels_first)', async () => {
    await runLayerTest({create: () => new Conv2DTranspose({filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh'}), inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 6, 6, 2], expectedWeights: [{name: 'kernel', shape: [3, 3, 2, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv2DTranspose({filters: 1, kernelSize: [2, 3], strides: [2, 3], outputPadding: [1, 2]}), inputShape: [1, 2, 2, 1], expectedOutputShape: [1, 5, 8, 1], expectedWeights: [{name: 'kernel', shape: [2, 3, 1, 1]}, {name: 'bias', shape: [1]}]});
    await runLayerTest({create: () => new Conv2DTranspose({filters: 2, kernelSize: 2, dilationRate: [1, 2]}), inputShape: [1, 3, 3, 1], expectedOutputShape: [1, 4, 5, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 1]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv2DTranspose({filters: 2, kernelSize: 2, strides: 2, dataFormat: 'channels_first', activation: 'tanh'}), inputShape: [1, 3, 2, 2], expectedOutputShape: [1, 2, 4, 4], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 3]}, {name: 'bias', shape: [2]}]});
  });

  it('Conv3DTranspose passes the shared layer test (valid stride 2; same with outputPadding; channels_first)', async () => {
    await runLayerTest({create: () => new Conv3DTranspose({filters: 2, kernelSize: 2, strides: 2, activation: 'tanh'}), inputShape: [1, 2, 2, 2, 2], expectedOutputShape: [1, 4, 4, 4, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv3DTranspose({filters: 1, kernelSize: [3, 3, 2], strides: [2, 1, 2], padding: 'same', outputPadding: [1, 0, 1]}), inputShape: [2, 2, 2, 2, 1], expectedOutputShape: [2, 4, 2, 3, 1], expectedWeights: [{name: 'kernel', shape: [3, 3, 2, 1, 1]}, {name: 'bias', shape: [1]}]});
    await runLayerTest({create: () => new Conv3DTranspose({filters: 2, kernelSize: 2, dilationRate: [2, 1, 1], dataFormat: 'channels_first', useBias: false}), inputShape: [1, 2, 2, 2, 2], expectedOutputShape: [1, 2, 4, 3, 3], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 2]}]});
  });

  it('spreads each input step over the kernel (by hand: valid and same, stride 2)', async () => {
    // valid: y[2j + t] += x[j]·w[t]; x = [1, 2], w = [1, 10] -> [1, 10, 2, 20] (+ bias 0.5).
    const valid = new Conv1DTranspose({filters: 1, kernelSize: 2, strides: 2});
    const x = tensor3d([[[1], [2]]]);
    valid.apply(x);
    valid.setWeights([tensor3d([[[1]], [[10]]]), tensor1d([0.5])]);
    await expectClose(valid.apply(x), [[[1.5], [10.5], [2.5], [20.5]]], 1e-6);
    // same, k 3: output length in·s = 4 and no shift (pad before = floor((3 - 2) / 2) = 0):
    // y = [1, 10, 100 + 2, 20] for w = [1, 10, 100].
    const same = new Conv1DTranspose({filters: 1, kernelSize: 3, strides: 2, padding: 'same', useBias: false});
    same.apply(x);
    same.setWeights([tensor3d([[[1]], [[10]], [[100]]])]);
    await expectClose(same.apply(x), [[[1], [10], [102], [20]]], 1e-6);
    // 2-D, stride 1: one pixel 5 times the kernel [[1, 2], [3, 4]].
    const two = new Conv2DTranspose({filters: 1, kernelSize: 2, useBias: false});
    const px = ops.reshape(ops.tensor([5]), [1, 1, 1, 1]);
    two.apply(px);
    two.setWeights([ops.reshape(ops.tensor([1, 2, 3, 4]), [2, 2, 1, 1])]);
    await expectClose(two.apply(px), [[[[5], [10]], [[15], [20]]]], 1e-6);
    [valid, same, two].forEach((l) => l.dispose());
  });

  it('gives Keras output shapes (docstrings of keras/src/layers/convolutional/conv*_transpose.py) and refuses bad arguments', () => {
    expect(new Conv2DTranspose({filters: 32, kernelSize: 2, strides: 2}).computeOutputShape([4, 10, 8, 128])).to.deep.equal([4, 20, 16, 32]);
    expect(new Conv3DTranspose({filters: 32, kernelSize: 2, strides: 2}).computeOutputShape([4, 10, 8, 12, 128])).to.deep.equal([4, 20, 16, 24, 32]);
    expect(new Conv1DTranspose({filters: 32, kernelSize: 3, strides: 2}).computeOutputShape([4, 10, 128])).to.deep.equal([4, 21, 32]);
    expect(new Conv2DTranspose({filters: 1, kernelSize: 4, strides: 2, padding: 'same', outputPadding: 1}).computeOutputShape([null, 5, 5, 1])).to.deep.equal([null, 9, 9, 1]);
    // keras/src/layers/convolutional/base_conv_transpose.py: output_padding must be strictly less than strides.
    expect(() => new Conv2DTranspose({filters: 1, kernelSize: 3, strides: 2, outputPadding: 2})).to.throw(ValueError, /outputPadding must be smaller than strides/);
    expect(() => new Conv1DTranspose({filters: 1, kernelSize: 3, strides: 2, dilationRate: 2})).to.throw(ValueError, /cannot be combined/);
    expect(() => new Conv3DTranspose({filters: 0, kernelSize: 3})).to.throw(ValueError, /filters must be a positive integer, received 0/);
    const layer = new Conv2DTranspose({filters: 1, kernelSize: 3, outputPadding: null});
    expect(layer.getConfig()).to.include({outputPadding: null});
  });
});
