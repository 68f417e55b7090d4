import {expect} from 'chai';
import {ValueError, ops} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Conv3D} from './conv3d.js';

describeBackends('Conv3D', () => {
  it('passes the shared layer test (valid; same with strides; dilation; channels_first; groups)', async () => {
    await runLayerTest({create: () => new Conv3D({filters: 2, kernelSize: 2, activation: 'tanh'}), inputShape: [2, 3, 4, 3, 2], expectedOutputShape: [2, 2, 3, 2, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv3D({filters: 2, kernelSize: [3, 2, 2], strides: [2, 1, 2], padding: 'same'}), inputShape: [1, 4, 3, 4, 1], expectedOutputShape: [1, 2, 3, 2, 2], expectedWeights: [{name: 'kernel', shape: [3, 2, 2, 1, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv3D({filters: 1, kernelSize: 2, dilationRate: [2, 1, 1], useBias: false}), inputShape: [1, 4, 3, 3, 2], expectedOutputShape: [1, 2, 2, 2, 1], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 1]}]});
    await runLayerTest({create: () => new Conv3D({filters: 2, kernelSize: 2, dataFormat: 'channels_first', activation: 'tanh'}), inputShape: [1, 2, 3, 3, 3], expectedOutputShape: [1, 2, 2, 2, 2], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 2]}, {name: 'bias', shape: [2]}]});
    await runLayerTest({create: () => new Conv3D({filters: 4, kernelSize: 2, groups: 2, padding: 'same'}), inputShape: [1, 2, 3, 3, 4], expectedOutputShape: [1, 2, 3, 3, 4], expectedWeights: [{name: 'kernel', shape: [2, 2, 2, 2, 4]}, {name: 'bias', shape: [4]}]});
  });

  it('sums the 2x2x2 window times the kernel (by hand)', async () => {
    // A 2x2x2 one-channel volume 1..8 and a kernel of ones except -1 at the far corner, bias 0.5:
    // 1+2+...+7 - 8 + 0.5 = 20.5.
    const layer = new Conv3D({filters: 1, kernelSize: 2});
    const x = ops.reshape(ops.tensor([1, 2, 3, 4, 5, 6, 7, 8]), [1, 2, 2, 2, 1]);
    layer.apply(x);
    layer.setWeights([ops.reshape(ops.tensor([1, 1, 1, 1, 1, 1, 1, -1]), [2, 2, 2, 1, 1]), ops.tensor([0.5])]);
    await expectClose(layer.apply(x), [[[[[20.5]]]]], 1e-6);
    layer.dispose();
  });

  it('counts parameters as Keras and refuses bad arguments', () => {
    // Keras: Conv3D(8, 3) on 4 channels = 3·3·3·4·8 + 8 = 872; with groups 2: 3·3·3·2·8 + 8 = 440.
    const a = new Conv3D({filters: 8, kernelSize: 3});
    a.build([null, 5, 5, 5, 4]);
    expect(a.countParams()).to.equal(872);
    const b = new Conv3D({filters: 8, kernelSize: 3, groups: 2});
    b.build([null, 5, 5, 5, 4]);
    expect(b.countParams()).to.equal(440);
    a.dispose();
    b.dispose();
    expect(() => new Conv3D({filters: 2, kernelSize: [2, 2] as never})).to.throw(ValueError, /kernelSize must be a positive integer or a list of 3/);
    expect(() => new Conv3D({filters: 2, kernelSize: 2, padding: 'causal' as never})).to.throw(ValueError, /padding must be one of 'valid', 'same'/);
    expect(() => new Conv3D({filters: 2, kernelSize: 2, strides: 2, dilationRate: 2})).to.throw(ValueError, /cannot be combined/);
  });
});
