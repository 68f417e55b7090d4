import {expect} from 'chai';
import {ValueError, tensor3d} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Permute} from './permute.js';
import {RepeatVector} from './repeat-vector.js';

describeBackends('Permute and RepeatVector', () => {
  it('pass the shared layer test', async () => {
    await runLayerTest({create: () => new Permute({dims: [2, 1]}), inputShape: [2, 3, 4], expectedOutputShape: [2, 4, 3], expectedWeights: []});
    await runLayerTest({create: () => new Permute({dims: [3, 1, 2]}), inputShape: [1, 2, 3, 4], expectedOutputShape: [1, 4, 2, 3], expectedWeights: []});
    await runLayerTest({create: () => new RepeatVector({n: 3}), inputShape: [2, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
  });

  it('move axes and repeat vectors (by hand)', async () => {
    await expectClose(new Permute({dims: [2, 1]}).apply(tensor3d([[[1, 2, 3], [4, 5, 6]]])), [[[1, 4], [2, 5], [3, 6]]], 1e-6);
    await expectClose(new RepeatVector({n: 2}).apply(tensor3d([[[1, 2]]]).reshape([1, 2])), [[[1, 2], [1, 2]]], 1e-6);
  });

  it('refuse a dims list that is not a permutation of 1..n, and a bad n (keras/src/layers/reshaping/permute.py)', () => {
    expect(() => new Permute({dims: [0, 1]})).to.throw(ValueError, /permutation of 1..n/);
    expect(() => new Permute({dims: [1, 3]})).to.throw(ValueError, /received \[1, ?3\]/);
    expect(() => new RepeatVector({n: 0})).to.throw(ValueError, /n must be a positive integer, received 0/);
  });
});
