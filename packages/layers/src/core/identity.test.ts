import {expect} from 'chai';
import {ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {input} from '../engine/index.js';
import {Identity} from './identity.js';

describeBackends('Identity', () => {
  it('passes the shared layer test', async () => {
    await runLayerTest({create: () => new Identity<Tensor>(), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: []});
  });

  it('returns its input values, for one tensor and for a structure (keras/src/layers/core/identity.py)', async () => {
    await expectClose(new Identity().apply(tensor([[1, -2], [3, 4]])), [[1, -2], [3, 4]]);
    const [a, b] = [tensor([1, 2]), tensor([[3]])];
    const out = new Identity<{a: Tensor; b: Tensor[]}>().apply({a, b: [b]});
    await expectClose(out.a, [1, 2]);
    await expectClose(out.b[0] as Tensor, [[3]]);
    expect(out.a).to.not.equal(a);
    ops.dispose([a, b, out.a, ...out.b]);
  });

  it('passes the input mask through and keeps symbolic shapes', async () => {
    const layer = new Identity();
    const x = tensor([[1, 2]]);
    const mask = tensor([[true, false]]);
    expect(layer.computeMask(x, mask)).to.equal(mask);
    const s = input({shape: [5, 3]});
    expect(layer.apply(s).shape).to.deep.equal([null, 5, 3]);
    ops.dispose([x, mask]);
  });
});
