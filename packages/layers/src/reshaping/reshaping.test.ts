import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Flatten} from './flatten.js';
import {Reshape} from './reshape.js';

describeBackends('Flatten and Reshape', () => {
  it('Flatten passes the shared layer test', async () => {
    await runLayerTest({create: () => new Flatten(), inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 12], expectedWeights: []});
  });

  it('Flatten keeps row-major order, and moves channels last for channels_first', async () => {
    const x = tensor([[[1, 2], [3, 4]]]);
    await expectClose(new Flatten().apply(x), [[1, 2, 3, 4]]);
    // channels_first [batch, c=2, w=2] -> channels last [batch, w, c] -> [1, 3, 2, 4]
    await expectClose(new Flatten({dataFormat: 'channels_first'}).apply(x), [[1, 3, 2, 4]]);
  });

  it('Reshape passes the shared layer test, with an inferred axis', async () => {
    await runLayerTest({create: () => new Reshape({targetShape: [-1, 2]}), inputShape: [2, 3, 4], expectedOutputShape: [2, 6, 2], expectedWeights: []});
  });

  it('Reshape rejects impossible shapes with both shapes named', () => {
    expect(() => new Reshape({targetShape: [-1, -1]})).to.throw(ValueError, /at most one -1/);
    const r = new Reshape({targetShape: [5]});
    const x = ops.zeros([2, 3, 2]);
    expect(() => r.apply(x)).to.throw(ShapeError, /\[3, 2\] \(6 values\) to \[5\]/);
    x.dispose();
  });
});
