import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Maxout} from './maxout.js';

describeBackends('Maxout', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new Maxout({numUnits: 2}), inputShape: [3, 6], expectedOutputShape: [3, 2], expectedWeights: []});
    await runLayerTest({create: () => new Maxout({numUnits: 3, axis: 1}), inputShape: [2, 6, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
  });

  it('unit j takes the largest of features j, j + numUnits, … (TensorFlow Addons layout)', async () => {
    // 6 features, 2 units: unit 0 = max(x0, x2, x4) = max(1, 7, 3); unit 1 = max(x1, x3, x5) = max(9, 2, 4).
    await expectClose(new Maxout({numUnits: 2}).apply(tensor([[1, 9, 7, 2, 3, 4]])), [[7, 9]], 1e-6);
    // The same along axis 1 of a [1, 4, 1] input: units max(x0, x2), max(x1, x3).
    await expectClose(new Maxout({numUnits: 2, axis: 1}).apply(tensor([[[5], [0], [1], [8]]])), [[[5], [8]]], 1e-6);
  });

  it('refuses an axis size that is not a multiple of numUnits, naming both', () => {
    expect(() => new Maxout({numUnits: 4}).apply(ops.zeros([2, 6]))).to.throw(ValueError, /\(6\) must be a known multiple of numUnits \(4\)/);
    expect(() => new Maxout({numUnits: 0})).to.throw(ValueError, /numUnits must be a positive integer/);
    expect(() => new Maxout({numUnits: 2, axis: 0})).to.throw(ValueError, /non-batch axis/);
  });
});
