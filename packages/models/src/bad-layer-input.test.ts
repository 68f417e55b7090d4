/**
 * Bad input to layers and models (issue 14's list): wrong input rank, incompatible merge shapes, invalid
 * kernel / stride / padding combinations, masks of the wrong shape, duplicate layer names, unknown layer
 * classes. Each fails at build or apply time with an error naming the layer and the bad value, and
 * leaves nothing half-built: the layer records no node and can still be used correctly.
 */
import {expect} from 'chai';
import {SerializationError, ShapeError, ValueError, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {Add, Concatenate, Conv1D, Conv2D, Dense, MaxPooling2D, input, resetNames} from '@stratum/layers';
import type {AnyLayer} from '@stratum/layers';
import {fromJSON, model} from './index.js';
import {modelToConfig} from './saving/to-json.js';

describeBackends('bad layer input', () => {
  beforeEach(() => resetNames());

  it('wrong input rank: names the layer and the expected rank; the layer stays usable', () => {
    const conv = new Conv2D({filters: 2, kernelSize: 3, name: 'conv'});
    expect(() => conv.apply(input({shape: [8, 3]}))).to.throw(ShapeError, /conv.*(ndim|rank).*4/i);
    expect(conv.inboundNodes).to.have.length(0);
    const ok = conv.apply(input({shape: [8, 8, 3]}));
    expect(ok.shape).to.deep.equal([null, 6, 6, 2]);
    expect(conv.weights.map((w) => w.shape)).to.deep.equal([[3, 3, 3, 2], [2]]);
  });

  it('a built layer refuses inputs of another size, with its weights untouched', () => {
    const d = new Dense({units: 2, name: 'dd'});
    d.apply(input({shape: [3]}));
    expect(() => d.apply(input({shape: [4]}))).to.throw(ShapeError, /dd.*3.*4|dd.*4.*3/);
    expect(d.inboundNodes).to.have.length(1);
    expect(d.weights.map((w) => w.shape)).to.deep.equal([[3, 2], [2]]);
  });

  it('incompatible merge shapes name the merge layer and the shapes; nothing is recorded', () => {
    const a = input({shape: [3]});
    const b = input({shape: [4]});
    const add = new Add({name: 'plus'});
    expect(() => add.apply([a, b])).to.throw(ShapeError, /Add "plus".*\[3\].*\[4\]/);
    expect(add.inboundNodes).to.have.length(0);
    expect((a.sourceLayer as AnyLayer).outboundNodes).to.have.length(0);
    const c = input({shape: [2, 3]});
    expect(() => new Concatenate({axis: 1, name: 'cat'}).apply([c, input({shape: [2, 4]})])).to.throw(ShapeError, /Concatenate "cat"/);
  });

  it('invalid kernel / stride / padding combinations are refused with the values', () => {
    expect(() => new Conv2D({filters: 2, kernelSize: 3, strides: 2, dilationRate: 2})).to.throw(ValueError, /strides.*dilation|dilation.*strides/i);
    expect(() => new Conv2D({filters: 2, kernelSize: 3, padding: 'causal' as never})).to.throw(ValueError, /causal/);
    expect(() => new Conv2D({filters: 0, kernelSize: 3})).to.throw(ValueError, /filters.*received 0/);
    expect(() => new Conv1D({filters: 2, kernelSize: -1})).to.throw(ValueError, /kernelSize/);
    expect(() => new MaxPooling2D({poolSize: 0})).to.throw(ValueError, /poolSize/);
    const big = new Conv2D({filters: 1, kernelSize: 5, name: 'big'});
    expect(() => big.apply(input({shape: [3, 3, 1]}))).to.throw(/big/);
    expect(big.inboundNodes).to.have.length(0);
  });

  it('masks of the wrong shape are refused naming the layer', () => {
    const d = new Dense({units: 2, name: 'md'});
    const x = ops.zeros([2, 5, 3]);
    expect(() => d.apply(x, {mask: ops.ones([2, 4], 'bool')})).to.throw(ShapeError, /Layer "md": the mask of input 0 has shape \[2, 4\]/);
    ops.dispose(x);
  });

  it('duplicate layer names in a model, and unknown layer classes in a file listing the registered ones', () => {
    const x = input({shape: [2]});
    const h = new Dense({units: 2, name: 'same'}).apply(x);
    expect(() => model({inputs: x, outputs: new Dense({units: 1, name: 'same'}).apply(h)})).to.throw(ValueError, /layer names must be unique, but "same" appears twice/);
    const ok = model({inputs: x, outputs: new Dense({units: 1, name: 'out'}).apply(h)});
    const doc = modelToConfig(ok, 'keras3') as {config: {layers: {class_name: string}[]}};
    (doc.config.layers[1] as {class_name: string}).class_name = 'Densse';
    expect(() => fromJSON(doc)).to.throw(SerializationError, /Unknown layer class "Densse"; registered: .*Dense/);
    ok.dispose();
  });

  it('a model given a tensor of the wrong shape says which input and what it expects', () => {
    const x = input({shape: [3], name: 'features'});
    const m = model({inputs: x, outputs: new Dense({units: 1}).apply(x)});
    const bad = ops.zeros([2, 4]);
    expect(() => m.predict(bad) as Tensor).to.throw(ShapeError, /input "features" expects shape \[null, 3\], received a tensor of shape \[2, 4\]/);
    ops.dispose(bad);
    m.dispose();
  });
});
