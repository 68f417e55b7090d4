/**
 * Call arguments beyond the inputs (Keras keyword arguments): tensors and JSON values reach `ctx.args`,
 * graph nodes record them (tensor arguments are graph edges), and Keras 3 / Keras 2 JSON round-trip them
 * as Keras writes them (keras/src/ops/node.py: `{args, kwargs}` with `__keras_tensor__` entries).
 */
import {expect} from 'chai';
import {ValueError, ops, registerSerializable, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Embedding, GlobalAveragePooling1D, Layer, input, resetNames} from '@stratum/layers';
import type {CallContext, ShapeStructure} from '@stratum/layers';
import {Functional, fromJSON, model} from './index.js';
import {modelToConfig} from './saving/to-json.js';

/** `x * factor + offset`: `factor` a tensor call argument, `offset` a JSON one (default 0). */
class ScaleBy extends Layer {
  static override readonly className = 'ScaleBy';
  call(x: Tensor, ctx: CallContext): Tensor {
    const factor = ctx.args?.['factor'] as Tensor | undefined;
    const offset = (ctx.args?.['offset'] as number | undefined) ?? 0;
    if (factor === undefined) throw new ValueError('ScaleBy needs a factor');
    return ops.add(ops.mul(x, factor), offset);
  }
  override computeOutputShape(s: ShapeStructure): ShapeStructure {
    return s;
  }
}

/** `x - other`, with `other` its second positional argument as in Keras (`layer(x, other)`). */
class Minus extends Layer {
  static override readonly className = 'Minus';
  static readonly positionalCallArgs = ['other'];
  call(x: Tensor, ctx: CallContext): Tensor {
    return ops.sub(x, ctx.args?.['other'] as Tensor);
  }
  override computeOutputShape(s: ShapeStructure): ShapeStructure {
    return s;
  }
}
registerSerializable(ScaleBy, {category: 'layer', module: 'tests'});
registerSerializable(Minus, {category: 'layer', module: 'tests'});

describeBackends('call arguments', () => {
  beforeEach(() => resetNames());

  it('a tensor and a JSON call argument reach ctx.args, eagerly and in a graph', async () => {
    const x = tensor2d([[1, 2]]);
    const f = tensor2d([[3, -1]]);
    await expectClose(new ScaleBy().apply(x, {callArgs: {factor: f, offset: 0.5}}), [[3.5, -1.5]]);
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [2], name: 'b'});
    const m = model({inputs: [a, b], outputs: new ScaleBy({name: 'scale'}).apply(a, {callArgs: {factor: b, offset: 0.5}})});
    expect(m.graphNodes[0]?.tensorArgs['factor']).to.equal(b);
    expect(m.graphNodes[0]?.kwargs).to.deep.equal({offset: 0.5});
    await expectClose(m.predict([x, f]) as Tensor, [[3.5, -1.5]]);
    m.dispose();
  });

  it('round-trips through Keras 3 JSON (snake_case kwargs, __keras_tensor__) and Keras 2 JSON (triples)', async () => {
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [2], name: 'b'});
    const scaled = new ScaleBy({name: 'scale'}).apply(a, {callArgs: {factor: b, offsetValue: 1}});
    const m = model({inputs: [a, b], outputs: new Minus({name: 'minus'}).apply(scaled, {callArgs: {other: b}})});
    const k3 = modelToConfig(m, 'keras3') as {config: {layers: {name: string; inbound_nodes: unknown[]}[]}};
    const node = (name: string): unknown => k3.config.layers.find((l) => l.name === name)?.inbound_nodes[0];
    expect(node('scale')).to.deep.include({kwargs: {offset_value: 1, factor: {class_name: '__keras_tensor__', config: {shape: [null, 2], dtype: 'float32', keras_history: ['b', 0, 0]}}}});
    expect((node('minus') as {args: unknown[]}).args).to.have.length(2);
    const k2 = modelToConfig(m, 'keras2') as {config: {layers: {name: string; inbound_nodes: unknown[][]}[]}};
    // Keras 2 keeps a positional call argument in kwargs by name.
    expect(k2.config.layers.find((l) => l.name === 'minus')?.inbound_nodes[0]).to.deep.equal([['scale', 0, 0, {other: ['b', 0, 0]}]]);
    const x = tensor2d([[1, 2]]);
    const f = tensor2d([[3, -1]]);
    for (const doc of [k3, k2]) {
      const copy = fromJSON(doc);
      // (1·3 + 0, 2·(-1) + 0) − (3, −1): offsetValue is not read by ScaleBy, offset defaults to 0.
      await expectClose(copy.predict([x, f]) as Tensor, [[0, -1]]);
      expect((copy as Functional).graphNodes.find((n) => n.layer.name === 'scale')?.kwargs).to.deep.equal({offsetValue: 1});
      copy.dispose();
    }
    m.dispose();
  });

  it('Keras 2 JSON keeps tensor kwargs as [layer, node, tensor] triples', async () => {
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [2], name: 'b'});
    const m = model({inputs: [a, b], outputs: new ScaleBy({name: 'scale'}).apply(a, {callArgs: {factor: b}})});
    const k2 = modelToConfig(m, 'keras2') as {config: {layers: {name: string; inbound_nodes: unknown[][]}[]}};
    expect(k2.config.layers.find((l) => l.name === 'scale')?.inbound_nodes[0]).to.deep.equal([['a', 0, 0, {factor: ['b', 0, 0]}]]);
    const copy = fromJSON(k2);
    await expectClose(copy.predict([tensor2d([[1, 2]]), tensor2d([[2, 2]])]) as Tensor, [[2, 4]]);
    copy.dispose();
    m.dispose();
  });

  it('a mask passed to a call in the graph replaces the propagated one, and is saved', async () => {
    const ids = input({shape: [3], name: 'ids', dtype: 'int32'});
    const keep = input({shape: [3], name: 'keep', dtype: 'bool'});
    const emb = new Embedding({inputDim: 4, outputDim: 1, maskZero: true, name: 'emb', embeddingsInitializer: 'ones'}).apply(ids);
    const m = model({inputs: [ids, keep], outputs: new GlobalAveragePooling1D({name: 'gap'}).apply(emb, {mask: keep})});
    const idsT = tensor2d([[1, 0, 2]], undefined, 'int32');
    const keepT = tensor2d([[0, 1, 1]], undefined, 'bool');
    // Embeddings are all ones; the given mask keeps steps 2 and 3 (one of them id 0, which maskZero would drop).
    await expectClose(m.predict([idsT, keepT]) as Tensor, [[1]]);
    const copy = fromJSON(modelToConfig(m, 'keras3'));
    expect((copy as Functional).graphNodes.find((n) => n.layer.name === 'gap')?.tensorArgs['mask']).to.not.equal(undefined);
    copy.dispose();
    m.dispose();
  });

  it('refuses call arguments that are not tensors or JSON, and concrete tensors in a graph, naming them', () => {
    const a = input({shape: [2]});
    const layer = new ScaleBy({name: 's'});
    expect(() => layer.apply(a, {callArgs: {factor: () => 1}})).to.throw(ValueError, /Layer "s": call argument "factor" must be tensors or JSON values/);
    const t = ops.ones([1, 2]);
    expect(() => layer.apply(a, {callArgs: {factor: t}})).to.throw(ValueError, /on symbolic inputs its tensors must be symbolic/);
    expect(() => layer.apply(a, {callArgs: {training: true}})).to.throw(ValueError, /pass "training" as its own apply option/);
    t.dispose();
  });
});
