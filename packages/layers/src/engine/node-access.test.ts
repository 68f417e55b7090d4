/**
 * `layer.input` / `layer.output` and the per-node `getInputAt` / `getOutputAt`. Keras 3
 * (keras/src/ops/operation.py `_get_node_attribute_at_index`) refuses a layer never called and a node
 * index past the last; a layer called more than once has no single input/output (Keras 2's
 * "multiple inbound nodes ... use get_input_at"), so the error names the per-node accessor.
 */
import {expect} from 'chai';
import {ValueError} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Dense} from '../core/dense.js';
import {InputLayer, input} from './input-layer.js';
import {Layer} from './layer.js';
import {resetNames} from './naming.js';
import type {ShapeStructure} from './shape.js';

/** Returns its two inputs swapped: a layer taking and returning a list. */
class Swap extends Layer<Tensor[], Tensor[]> {
  static override readonly className = 'Swap';
  call(inputs: Tensor[]): Tensor[] {
    return [inputs[1] as Tensor, inputs[0] as Tensor];
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as ShapeStructure[];
    return [s[1] as ShapeStructure, s[0] as ShapeStructure];
  }
}

describe('layer input/output (symbolic access)', () => {
  beforeEach(() => resetNames());

  it('a layer called once gives the tensors of that call, in the structure of the call', () => {
    const a = input({shape: [3]});
    const b = input({shape: [5]});
    const dense = new Dense({units: 2, name: 'once'});
    const y = dense.apply(a);
    expect(dense.input).to.equal(a);
    expect(dense.output).to.equal(y);
    expect(dense.getInputAt(0)).to.equal(a);
    expect(dense.getOutputAt(0)).to.equal(y);
    const swap = new Swap();
    const outs = swap.apply([a, b]);
    expect(swap.input).to.deep.equal([a, b]);
    expect(swap.output).to.equal(outs);
    expect(swap.output.map((t) => t.shape)).to.deep.equal([[null, 5], [null, 3]]);
  });

  it('an InputLayer\'s input and output are its tensor', () => {
    const l = new InputLayer({shape: [4], name: 'feat'});
    expect(l.output.shape).to.deep.equal([null, 4]);
    expect(l.input).to.equal(l.output);
    expect(input({shape: [2]}).sourceLayer).to.be.instanceOf(InputLayer);
  });

  it('a layer called twice refuses input/output, naming the layer and getInputAt/getOutputAt; each node is reachable', () => {
    const shared = new Dense({units: 2, name: 'shared'});
    const a = input({shape: [3]});
    const b = input({shape: [3]});
    const ya = shared.apply(a);
    const yb = shared.apply(b);
    expect(() => shared.input).to.throw(ValueError, /Layer "shared" has multiple inbound nodes \(it was called 2 times.*use getInputAt\(nodeIndex\)/);
    expect(() => shared.output).to.throw(ValueError, /Layer "shared" has multiple inbound nodes.*use getOutputAt\(nodeIndex\) with an index from 0 to 1/);
    expect(shared.getInputAt(1)).to.equal(b);
    expect(shared.getOutputAt(0)).to.equal(ya);
    expect(shared.getOutputAt(1)).to.equal(yb);
    expect(() => shared.getOutputAt(2)).to.throw(ValueError, /Layer "shared": asked for the output at node 2, but the layer has only 2 inbound nodes/);
    expect(() => shared.getInputAt(-1)).to.throw(ValueError, /node index must be a non-negative integer, received -1/);
    expect(() => shared.getInputAt('0' as never)).to.throw(ValueError, /received "0"/);
  });

  it('a layer never called on symbolic tensors has no defined input or output', () => {
    const d = new Dense({units: 2, name: 'idle'});
    expect(() => d.input).to.throw(ValueError, /Layer "idle" has never been called on symbolic tensors and thus has no defined input/);
    expect(() => d.getOutputAt(0)).to.throw(ValueError, /Layer "idle" has never been called .* no defined output/);
  });
});
