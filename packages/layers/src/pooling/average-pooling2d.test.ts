import {tensor4d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {AveragePooling2D} from './average-pooling2d.js';

describeBackends('AveragePooling2D', () => {
  it('passes the shared layer test (2x2 valid; 3x3 stride 2 same; channels_first)', async () => {
    await runLayerTest({create: () => new AveragePooling2D(), inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 2, 2, 3], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling2D({poolSize: 3, strides: 2, padding: 'same'}), inputShape: [1, 5, 5, 2], expectedOutputShape: [1, 3, 3, 2], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling2D({dataFormat: 'channels_first'}), inputShape: [2, 3, 4, 4], expectedOutputShape: [2, 3, 2, 2], expectedWeights: []});
  });

  it('averages each window; with same padding the padded positions are not counted', async () => {
    const x = tensor4d([[[[1], [5], [2]], [[3], [4], [8]], [[0], [6], [1]]]]);
    await expectClose(new AveragePooling2D({poolSize: 2, strides: 1}).apply(x), [[[[13 / 4], [19 / 4]], [[13 / 4], [19 / 4]]]], 1e-6);
    // 2x2 windows, stride 2, same on 3x3: windows {1,5,3,4}, {2,8}, {0,6}, {1}.
    await expectClose(new AveragePooling2D({poolSize: 2, padding: 'same'}).apply(x), [[[[13 / 4], [5]], [[3], [1]]]], 1e-6);
  });
});
