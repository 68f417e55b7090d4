import {expect} from 'chai';
import {ShapeError, tensor4d} from '@stratum/core';
import {Conv2D} from '../convolutional/conv2d.js';
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

  it('a window that does not fit the input is refused when the graph is built, not at predict (issue 13)', () => {
    const pool = new MaxPooling2D({poolSize: 2, name: 'pool'});
    expect(() => pool.computeOutputShape([null, 8, 1, 4])).to.throw(ShapeError, /MaxPooling2D "pool": the window does not fit an input of shape \[null, 8, 1, 4\]: the output shape would be \[null, 4, 0, 4\]/);
    expect(pool.computeOutputShape([null, 8, 2, 4])).to.deep.equal([null, 4, 1, 4]);
    const conv = new Conv2D({filters: 2, kernelSize: 3, name: 'conv'});
    expect(() => conv.computeOutputShape([null, 8, 2, 1])).to.throw(ShapeError, /Conv2D "conv": the window does not fit/);
  });
});
