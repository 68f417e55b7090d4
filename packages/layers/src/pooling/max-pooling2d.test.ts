import {tensor4d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {MaxPooling2D} from './max-pooling2d.js';

describeBackends('MaxPooling2D', () => {
  it('passes the shared layer test (2x2, valid)', async () => {
    await runLayerTest({create: () => new MaxPooling2D({poolSize: 2}), inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 2, 2, 3], expectedWeights: []});
  });

  it('passes the shared layer test (3x3 windows, stride 2, same)', async () => {
    await runLayerTest({create: () => new MaxPooling2D({poolSize: 3, strides: 2, padding: 'same'}), inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2], expectedWeights: []});
  });

  it('takes the maximum of each window', async () => {
    const x = tensor4d([[[[1], [5], [2], [0]], [[3], [4], [8], [1]], [[0], [0], [1], [1]], [[9], [2], [1], [7]]]]);
    const layer = new MaxPooling2D({poolSize: 2});
    await expectClose(layer.apply(x), [[[[5], [8]], [[9], [7]]]]);
  });
});
