/** The global pooling layers (keras/src/layers/pooling/base_global_pooling.py, global_average_pooling1d.py). */
import {expect} from 'chai';
import {tensor, tensor3d, tensor4d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {GlobalAveragePooling1D} from './global-average-pooling1d.js';
import {GlobalAveragePooling2D} from './global-average-pooling2d.js';
import {GlobalAveragePooling3D} from './global-average-pooling3d.js';
import {GlobalMaxPooling1D} from './global-max-pooling1d.js';
import {GlobalMaxPooling2D} from './global-max-pooling2d.js';
import {GlobalMaxPooling3D} from './global-max-pooling3d.js';

describeBackends('global pooling', () => {
  it('pass the shared layer test in 1-D, 2-D and 3-D, keepdims and channels_first', async () => {
    await runLayerTest({create: () => new GlobalAveragePooling1D(), inputShape: [2, 5, 3], expectedOutputShape: [2, 3], expectedWeights: []});
    await runLayerTest({create: () => new GlobalMaxPooling1D({keepdims: true}), inputShape: [2, 5, 3], expectedOutputShape: [2, 1, 3], expectedWeights: []});
    await runLayerTest({create: () => new GlobalAveragePooling2D({dataFormat: 'channels_first'}), inputShape: [2, 3, 4, 4], expectedOutputShape: [2, 3], expectedWeights: []});
    await runLayerTest({create: () => new GlobalMaxPooling2D(), inputShape: [2, 4, 4, 3], expectedOutputShape: [2, 3], expectedWeights: []});
    await runLayerTest({create: () => new GlobalAveragePooling3D({keepdims: true}), inputShape: [1, 2, 3, 2, 2], expectedOutputShape: [1, 1, 1, 1, 2], expectedWeights: []});
    await runLayerTest({create: () => new GlobalMaxPooling3D(), inputShape: [1, 2, 3, 2, 2], expectedOutputShape: [1, 2], expectedWeights: []});
  });

  it('compute means and maxima by hand', async () => {
    const x = tensor3d([[[1, 10], [3, -2], [5, 4]]]);
    await expectClose(new GlobalAveragePooling1D().apply(x), [[3, 4]], 1e-6);
    await expectClose(new GlobalMaxPooling1D().apply(x), [[5, 10]], 1e-6);
    const img = tensor4d([[[[1], [2]], [[3], [10]]]]);
    await expectClose(new GlobalAveragePooling2D().apply(img), [[4]], 1e-6);
    await expectClose(new GlobalMaxPooling2D({keepdims: true}).apply(img), [[[[10]]]], 1e-6);
  });

  it('GlobalAveragePooling1D leaves masked steps out of the mean and outputs no mask', async () => {
    const layer = new GlobalAveragePooling1D();
    const x = tensor3d([[[1, 10], [3, -2], [5, 4]], [[2, 2], [4, 4], [9, 9]]]);
    // Row 0 keeps steps 0 and 1: (1+3)/2, (10-2)/2. Row 1 keeps step 2 only.
    await expectClose(layer.apply(x, {mask: tensor([[true, true, false], [false, false, true]])}), [[2, 4], [9, 9]], 1e-6);
    expect(layer.computeMask()).to.equal(null);
  });
});
