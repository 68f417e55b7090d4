import {expect} from 'chai';
import {ValueError, tensor1d, tensor3d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {DepthwiseConv1D} from './depthwise-conv1d.js';

describeBackends('DepthwiseConv1D', () => {
  it('passes the shared layer test (valid; same stride 2 multiplier 2; dilation; channels_first)', async () => {
    await runLayerTest({create: () => new DepthwiseConv1D({kernelSize: 3, activation: 'tanh'}), inputShape: [2, 6, 3], expectedOutputShape: [2, 4, 3], expectedWeights: [{name: 'kernel', shape: [3, 3, 1]}, {name: 'bias', shape: [3]}]});
    await runLayerTest({create: () => new DepthwiseConv1D({kernelSize: 2, strides: 2, padding: 'same', depthMultiplier: 2}), inputShape: [1, 5, 2], expectedOutputShape: [1, 3, 4], expectedWeights: [{name: 'kernel', shape: [2, 2, 2]}, {name: 'bias', shape: [4]}]});
    await runLayerTest({create: () => new DepthwiseConv1D({kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false}), inputShape: [1, 5, 2], expectedOutputShape: [1, 5, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 1]}]});
    await runLayerTest({create: () => new DepthwiseConv1D({kernelSize: 2, dataFormat: 'channels_first', depthMultiplier: 2}), inputShape: [2, 2, 4], expectedOutputShape: [2, 4, 3], expectedWeights: [{name: 'kernel', shape: [2, 2, 2]}, {name: 'bias', shape: [4]}]});
  });

  it('convolves each channel with its own filter (by hand)', async () => {
    // Channel 0 = [1, 2, 3] with filter [1, 1]; channel 1 = [10, 20, 30] with [1, -1]; bias [0.5, 0].
    const layer = new DepthwiseConv1D({kernelSize: 2});
    const x = tensor3d([[[1, 10], [2, 20], [3, 30]]]);
    layer.apply(x);
    layer.setWeights([tensor3d([[[1], [1]], [[1], [-1]]]), tensor1d([0.5, 0])]);
    await expectClose(layer.apply(x), [[[3.5, -10], [5.5, -10]]], 1e-6);
    expect(layer.getConfig()).to.include({depthMultiplier: 1, padding: 'valid'});
    layer.dispose();
    expect(() => new DepthwiseConv1D({kernelSize: 3, depthMultiplier: 0})).to.throw(ValueError, /depthMultiplier must be a positive integer, received 0/);
  });
});
