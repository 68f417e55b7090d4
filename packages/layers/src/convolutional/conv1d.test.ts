import {expect} from 'chai';
import {ValueError, tensor1d, tensor3d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Conv1D} from './conv1d.js';

describeBackends('Conv1D', () => {
  it('passes the shared layer test (valid; causal dilated; same with stride 2; channels_first)', async () => {
    await runLayerTest({create: () => new Conv1D({filters: 3, kernelSize: 3}), inputShape: [2, 7, 2], expectedOutputShape: [2, 5, 3], expectedWeights: [{name: 'kernel', shape: [3, 2, 3]}, {name: 'bias', shape: [3]}]});
    await runLayerTest({create: () => new Conv1D({filters: 2, kernelSize: 2, padding: 'causal', dilationRate: 2, activation: 'tanh'}), inputShape: [2, 6, 3], expectedOutputShape: [2, 6, 2], expectedWeights: [{name: 'kernel', shape: [2, 3, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv1D({filters: 2, kernelSize: 3, strides: 2, padding: 'same', useBias: false}), inputShape: [1, 7, 2], expectedOutputShape: [1, 4, 2], expectedWeights: [{name: 'kernel', shape: [3, 2, 2]}]});
    await runLayerTest({create: () => new Conv1D({filters: 2, kernelSize: 2, dataFormat: 'channels_first'}), inputShape: [2, 3, 5], expectedOutputShape: [2, 2, 4], expectedWeights: [{name: 'kernel', shape: [2, 3, 2]}, {name: 'bias', shape: [2]}]});
  });

  it('passes the shared layer test with groups (causal, groups 2; channels_first, groups 3, stride 2)', async () => {
    await runLayerTest({create: () => new Conv1D({filters: 4, kernelSize: 3, padding: 'causal', groups: 2, activation: 'tanh'}), inputShape: [2, 6, 4], expectedOutputShape: [2, 6, 4], expectedWeights: [{name: 'kernel', shape: [3, 2, 4]}, {name: 'bias', shape: [4]}]});
    await runLayerTest({create: () => new Conv1D({filters: 3, kernelSize: 2, strides: 2, groups: 3, dataFormat: 'channels_first'}), inputShape: [1, 3, 7], expectedOutputShape: [1, 3, 3], expectedWeights: [{name: 'kernel', shape: [2, 1, 3]}, {name: 'bias', shape: [3]}]});
  });

  it('groups: each filter group sees only its channel group (by hand)', async () => {
    // Input channels [a, b], groups 2, filters 2, kernel 1: out0 = 2·a, out1 = 3·b.
    const layer = new Conv1D({filters: 2, kernelSize: 1, groups: 2, useBias: false});
    const x = tensor3d([[[1, 10], [2, 20]]]);
    layer.apply(x);
    layer.setWeights([tensor3d([[[2, 3]]])]);
    await expectClose(layer.apply(x), [[[2, 30], [4, 60]]], 1e-6);
    expect(layer.getConfig()).to.include({groups: 2});
    layer.dispose();
  });

  it('causal: step t sees steps t-1 and t only (by hand, kernel [1, 10])', async () => {
    const layer = new Conv1D({filters: 1, kernelSize: 2, padding: 'causal'});
    const x = tensor3d([[[1], [2], [3]]]);
    layer.apply(x);
    layer.setWeights([tensor3d([[[1]], [[10]]]), tensor1d([0.5])]);
    await expectClose(layer.apply(x), [[[10.5], [21.5], [32.5]]], 1e-6);
    expect(layer.getConfig()).to.include({padding: 'causal'});
    layer.dispose();
  });

  it('refuses bad arguments, naming them', () => {
    expect(() => new Conv1D({filters: 0, kernelSize: 2})).to.throw(ValueError, /filters must be a positive integer, received 0/);
    expect(() => new Conv1D({filters: 1, kernelSize: [2, 2] as never})).to.throw(ValueError, /kernelSize must be a positive integer or a list of 1/);
    expect(() => new Conv1D({filters: 1, kernelSize: 2, padding: 'full' as never})).to.throw(ValueError, /padding must be one of 'valid', 'same', 'causal'/);
    expect(() => new Conv1D({filters: 1, kernelSize: 2, strides: 2, dilationRate: 2})).to.throw(ValueError, /cannot be combined/);
    // keras/src/layers/convolutional/base_conv.py: filters must divide into groups; so must the input channels.
    expect(() => new Conv1D({filters: 3, kernelSize: 2, groups: 2})).to.throw(ValueError, /filters \(3\) must be divisible by groups \(2\)/);
    expect(() => new Conv1D({filters: 2, kernelSize: 2, groups: 2}).build([null, 5, 3])).to.throw(ValueError, /3 channels.*groups \(2\)/);
  });
});
