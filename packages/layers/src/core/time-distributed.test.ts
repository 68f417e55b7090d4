import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Conv2D} from '../convolutional/conv2d.js';
import {input} from '../engine/index.js';
import type {SymbolicTensor} from '../engine/index.js';
import {resetNames} from '../engine/naming.js';
import {GlobalAveragePooling1D} from '../pooling/global-average-pooling1d.js';
import {runLayerTest} from '../testing/index.js';
import {Dense} from './dense.js';
import {TimeDistributed} from './time-distributed.js';

describeBackends('TimeDistributed', () => {
  beforeEach(() => resetNames());

  it('passes the shared layer test around Dense and Conv2D (weights under the wrapper path)', async () => {
    await runLayerTest({
      create: () => new TimeDistributed({layer: new Dense({units: 3, activation: 'tanh'})}),
      inputShape: [2, 4, 5],
      expectedOutputShape: [2, 4, 3],
      expectedWeights: [{name: 'dense/kernel', shape: [5, 3]}, {name: 'dense/bias', shape: [3]}],
    });
    await runLayerTest({
      create: () => new TimeDistributed({layer: new Conv2D({filters: 2, kernelSize: 2, activation: 'tanh', name: 'conv'})}),
      inputShape: [2, 3, 4, 4, 1],
      expectedOutputShape: [2, 3, 3, 3, 2],
      expectedWeights: [{name: 'conv/kernel', shape: [2, 2, 1, 2]}, {name: 'conv/bias', shape: [2]}],
    });
  });

  it('applies the same weights at every step, by hand', async () => {
    const td = new TimeDistributed({layer: new Dense({units: 2, name: 'd'}), name: 'td'});
    td.build([null, 3, 2]);
    // kernel [[1, 2], [3, 4]], bias [10, 20]: [a, b] -> [a + 3b + 10, 2a + 4b + 20].
    td.setWeights([tensor([[1, 2], [3, 4]]), tensor([10, 20])]);
    const x = tensor([[[1, 0], [0, 1], [1, 1]], [[2, 1], [-1, 0], [0, 0]]]);
    await expectClose(td.apply(x), [[[11, 22], [13, 24], [14, 26]], [[15, 28], [9, 18], [10, 20]]]);
    expect(td.weights.map((w) => w.path)).to.deep.equal(['td/d/kernel', 'td/d/bias']);
    expect(td.buildInputShape).to.deep.equal([null, 3, 2]);
    x.dispose();
    td.dispose();
  });

  it('gives symbolic shapes and writes the wrapped layer as config.layer (keras/src/layers/rnn/time_distributed.py)', () => {
    const td = new TimeDistributed({layer: new Dense({units: 7})});
    const out = td.apply(input({shape: [null, 5]})) as SymbolicTensor;
    expect(out.shape).to.deep.equal([null, null, 7]);
    const cfg = td.getConfig();
    expect(cfg['layer']).to.deep.include({className: 'Dense', module: 'keras.layers'});
    const copy = TimeDistributed.fromConfig(JSON.parse(JSON.stringify(cfg)));
    expect(copy.layer).to.be.instanceOf(Dense);
    expect(JSON.stringify(copy.getConfig())).to.equal(JSON.stringify(cfg));
    td.dispose();
    copy.dispose();
  });

  it('folds a [batch, steps, ...] mask for the wrapped layer and outputs no mask', async () => {
    // GlobalAveragePooling1D inside: each step is a [inner, features] sequence, averaged over its unmasked entries.
    const td = new TimeDistributed({layer: new GlobalAveragePooling1D()});
    const x = tensor([[[[1], [3]], [[5], [7]]]]); // [batch 1, steps 2, inner 2, features 1]
    const mask = tensor([[[true, false], [true, true]]]);
    await expectClose(td.apply(x, {mask}), [[[1], [6]]]);
    expect(td.computeMask(x, mask)).to.equal(null);
    const bad = tensor([[true, true, true]]);
    expect(() => td.apply(x, {mask: bad})).to.throw(ShapeError, /Layer "time_distributed": the mask of input 0 has shape \[1, 3\]/);
    ops.dispose([x, mask, bad]);
  });

  it('refuses inputs of rank below 3 and non-layers, naming them', () => {
    const td = new TimeDistributed({layer: new Dense({units: 2}), name: 'td'});
    expect(() => td.computeOutputShape([null, 4])).to.throw(ShapeError, /TimeDistributed "td": the input must be one tensor of rank 3 or more .* received shape \[null, ?4\]/);
    const x = ops.zeros([2, 4]) as Tensor;
    expect(() => td.apply(x)).to.throw(ShapeError, /rank 3 or more/);
    x.dispose();
    expect(() => new TimeDistributed({layer: 'dense' as never})).to.throw(ValueError, /TimeDistributed: layer must be a layer, received "dense"/);
  });
});
