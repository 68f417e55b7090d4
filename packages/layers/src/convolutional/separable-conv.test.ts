import {expect} from 'chai';
import {ValueError, ops, tensor1d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {SeparableConv1D} from './separable-conv1d.js';
import {SeparableConv2D} from './separable-conv2d.js';

describeBackends('SeparableConv1D, SeparableConv2D', () => {
  it('SeparableConv2D passes the shared layer test (valid; same, strides 2, multiplier 2; dilation; channels_first)', async () => {
    const w = (k: number[], c: number, m: number, f: number, bias = true) => [
      {name: 'depthwise_kernel', shape: [...k, c, m]}, {name: 'pointwise_kernel', shape: [1, 1, c * m, f]}, ...(bias ? [{name: 'bias', shape: [f]}] : []),
    ];
    await runLayerTest({create: () => new SeparableConv2D({filters: 3, kernelSize: 2, activation: 'tanh'}), inputShape: [2, 4, 4, 2], expectedOutputShape: [2, 3, 3, 3], expectedWeights: w([2, 2], 2, 1, 3)});
    await runLayerTest({create: () => new SeparableConv2D({filters: 2, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2}), inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2], expectedWeights: w([3, 3], 2, 2, 2)});
    await runLayerTest({create: () => new SeparableConv2D({filters: 2, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false}), inputShape: [1, 5, 4, 3], expectedOutputShape: [1, 5, 4, 2], expectedWeights: w([2, 2], 3, 1, 2, false)});
    await runLayerTest({create: () => new SeparableConv2D({filters: 2, kernelSize: [2, 3], dataFormat: 'channels_first', activation: 'tanh'}), inputShape: [1, 2, 4, 5], expectedOutputShape: [1, 2, 3, 3], expectedWeights: w([2, 3], 2, 1, 2)});
  });

  it('SeparableConv1D passes the shared layer test (valid; same stride 2 multiplier 3; dilation; channels_first)', async () => {
    const w = (k: number, c: number, m: number, f: number) => [
      {name: 'depthwise_kernel', shape: [k, c, m]}, {name: 'pointwise_kernel', shape: [1, c * m, f]}, {name: 'bias', shape: [f]},
    ];
    await runLayerTest({create: () => new SeparableConv1D({filters: 2, kernelSize: 3, activation: 'tanh'}), inputShape: [2, 6, 2], expectedOutputShape: [2, 4, 2], expectedWeights: w(3, 2, 1, 2)});
    await runLayerTest({create: () => new SeparableConv1D({filters: 2, kernelSize: 2, strides: 2, padding: 'same', depthMultiplier: 3}), inputShape: [1, 5, 2], expectedOutputShape: [1, 3, 2], expectedWeights: w(2, 2, 3, 2)});
    await runLayerTest({create: () => new SeparableConv1D({filters: 1, kernelSize: 2, dilationRate: 3}), inputShape: [1, 6, 2], expectedOutputShape: [1, 3, 1], expectedWeights: w(2, 2, 1, 1)});
    await runLayerTest({create: () => new SeparableConv1D({filters: 3, kernelSize: 2, dataFormat: 'channels_first'}), inputShape: [2, 2, 5], expectedOutputShape: [2, 3, 4], expectedWeights: w(2, 2, 1, 3)});
  });

  it('is a depthwise step then a pointwise step (by hand)', async () => {
    // One pixel [1, 2]; depthwise 1x1 [3, 4] -> [3, 8]; pointwise [1, 10] -> 3 + 80 = 83; bias 0.5.
    const layer = new SeparableConv2D({filters: 1, kernelSize: 1});
    const x = ops.reshape(ops.tensor([1, 2]), [1, 1, 1, 2]);
    layer.apply(x);
    layer.setWeights([ops.reshape(ops.tensor([3, 4]), [1, 1, 2, 1]), ops.reshape(ops.tensor([1, 10]), [1, 1, 2, 1]), tensor1d([0.5])]);
    await expectClose(layer.apply(x), [[[[83.5]]]], 1e-6);
    // Keras: SeparableConv2D(64, 3) on 32 channels = 3·3·32 + 32·64 + 64 = 2400 parameters.
    const big = new SeparableConv2D({filters: 64, kernelSize: 3});
    big.build([null, 8, 8, 32]);
    expect(big.countParams()).to.equal(2400);
    [layer, big].forEach((l) => l.dispose());
  });

  it('refuses bad arguments, naming them', () => {
    expect(() => new SeparableConv2D({filters: 2, kernelSize: 3, depthMultiplier: 0})).to.throw(ValueError, /depthMultiplier must be a positive integer, received 0/);
    expect(() => new SeparableConv1D({filters: 2, kernelSize: 3, padding: 'causal' as never})).to.throw(ValueError, /padding must be one of 'valid', 'same'/);
    expect(() => new SeparableConv2D({filters: 0, kernelSize: 3})).to.throw(ValueError, /filters must be a positive integer/);
  });
});
