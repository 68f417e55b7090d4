import {expect} from 'chai';
import {ValueError, tensor1d, tensor4d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {DepthwiseConv2D} from './depthwise-conv2d.js';

describeBackends('DepthwiseConv2D', () => {
  it('passes the shared layer test (same; multiplier 2 with stride 2 and tanh; channels_first)', async () => {
    await runLayerTest({create: () => new DepthwiseConv2D({kernelSize: 3, padding: 'same'}), inputShape: [2, 5, 5, 3], expectedOutputShape: [2, 5, 5, 3], expectedWeights: [{name: 'kernel', shape: [3, 3, 3, 1]}, {name: 'bias', shape: [3]}]});
    await runLayerTest({create: () => new DepthwiseConv2D({kernelSize: 2, strides: 2, depthMultiplier: 2, activation: 'tanh'}), inputShape: [1, 6, 6, 2], expectedOutputShape: [1, 3, 3, 4], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2]}, {name: 'bias', shape: [4]}]});
    await runLayerTest({create: () => new DepthwiseConv2D({kernelSize: 2, dataFormat: 'channels_first', useBias: false}), inputShape: [1, 2, 4, 4], expectedOutputShape: [1, 2, 3, 3], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 1]}]});
  });

  it('convolves each channel with its own filter (by hand)', async () => {
    const layer = new DepthwiseConv2D({kernelSize: 2});
    // One 2x2 image, channel 0 = [[1, 2], [3, 4]], channel 1 = [[10, 20], [30, 40]].
    const x = tensor4d([[[[1, 10], [2, 20]], [[3, 30], [4, 40]]]]);
    layer.apply(x);
    // Filters: channel 0 all ones, channel 1 = [[1, 0], [0, -1]]; biases 0.5 and 0.
    layer.setWeights([tensor4d([[[[1], [1]], [[1], [0]]], [[[1], [0]], [[1], [-1]]]]), tensor1d([0.5, 0])]);
    await expectClose(layer.apply(x), [[[[10.5, -30]]]], 1e-6);
    layer.dispose();
  });

  it("counts parameters as Keras: kernel 3x3 over 32 channels plus bias = 320", () => {
    const layer = new DepthwiseConv2D({kernelSize: 3});
    layer.build([null, 8, 8, 32]);
    expect(layer.countParams()).to.equal(320);
    layer.dispose();
    expect(() => new DepthwiseConv2D({kernelSize: 3, depthMultiplier: 0})).to.throw(ValueError, /depthMultiplier must be a positive integer, received 0/);
  });
});
