import {expect} from 'chai';
import {ValueError, tensor3d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {AveragePooling1D} from './average-pooling1d.js';
import {MaxPooling1D} from './max-pooling1d.js';

describeBackends('1-D pooling', () => {
  it('passes the shared layer test (valid; stride 1 same; channels_first)', async () => {
    await runLayerTest({create: () => new MaxPooling1D(), inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling1D({poolSize: 3, strides: 1, padding: 'same'}), inputShape: [2, 5, 2], expectedOutputShape: [2, 5, 2], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling1D({dataFormat: 'channels_first'}), inputShape: [2, 3, 6], expectedOutputShape: [2, 3, 3], expectedWeights: []});
  });

  it('pools windows of steps by hand; same padding leaves the padded steps out of the mean', async () => {
    const x = tensor3d([[[1], [5], [2], [0], [7]]]);
    await expectClose(new MaxPooling1D().apply(x), [[[5], [2]]], 1e-6);
    // Windows of 2, stride 2, same on 5 steps: {1,5}, {2,0}, {7}.
    await expectClose(new AveragePooling1D({padding: 'same'}).apply(x), [[[3], [1], [7]]], 1e-6);
    expect(() => new MaxPooling1D({poolSize: [2, 2] as never})).to.throw(ValueError, /poolSize must be a positive integer or a list of one/);
  });
});
