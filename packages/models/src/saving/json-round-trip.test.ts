import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Dense, InputLayer, resetNames} from '@stratum/layers';
import {Functional, Sequential, fromJSON, sequential} from '../index.js';
import type {Model} from '../index.js';
import {cnn, copyWeights, expectSamePredictions, mlp, multiIO, randomTensor} from './fixtures.test.helpers.js';

type Json = Record<string, unknown> & {config: Record<string, unknown>};

function parse(model: Model): Json {
  return JSON.parse(model.toJSON()) as Json;
}

function layersOf(doc: Json): Json[] {
  return doc.config['layers'] as Json[];
}

describe('saving: toJSON writes Keras 3 JSON', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Sequential: envelope, InputLayer entry with batch_shape, DTypePolicy, initializer envelopes, build_config', () => {
    const m = mlp();
    const doc = parse(m);
    expect(doc).to.include({module: 'keras', class_name: 'Sequential', registered_name: null});
    expect(doc).to.not.have.property('keras_version');
    expect(doc.config['build_input_shape']).to.deep.equal([null, 5]);
    expect(doc['build_config']).to.deep.equal({input_shape: [null, 5]});
    const [inp, hidden, drop, probs] = layersOf(doc) as [Json, Json, Json, Json];
    expect(inp).to.deep.equal({module: 'keras.layers', class_name: 'InputLayer', config: {batch_shape: [null, 5], dtype: 'float32', sparse: false, name: 'hidden_input'}, registered_name: null});
    expect(hidden).to.include({module: 'keras.layers', class_name: 'Dense', registered_name: null});
    expect(hidden.config).to.deep.include({name: 'hidden', units: 8, activation: 'relu', use_bias: true});
    expect(hidden.config['dtype']).to.deep.equal({module: 'keras', class_name: 'DTypePolicy', config: {name: 'float32'}, registered_name: null});
    expect(hidden.config['kernel_initializer']).to.deep.equal({module: 'keras.initializers', class_name: 'GlorotUniform', config: {seed: null}, registered_name: null});
    expect(hidden.config).to.not.have.property('batch_input_shape');
    expect(hidden['build_config']).to.deep.equal({input_shape: [null, 5]});
    expect(drop).to.not.have.property('build_config');
    expect(drop.config).to.deep.include({rate: 0.25, noise_shape: null, seed: null});
    expect(probs['build_config']).to.deep.equal({input_shape: [null, 8]});
    m.dispose();
  });

  it('Functional: named layers, {args, kwargs} nodes of __keras_tensor__, input/output structure, nested models', () => {
    const m = multiIO();
    const doc = parse(m);
    expect(doc).to.include({module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional'});
    expect(doc.config['input_layers']).to.deep.equal([['in_a', 0, 0], ['in_b', 0, 0]]);
    const byName = new Map(layersOf(doc).map((l) => [l['name'] as string, l]));
    expect(byName.get('in_a')?.['inbound_nodes']).to.deep.equal([]);
    const shared = byName.get('shared') as Json;
    expect(shared['inbound_nodes']).to.have.length(2);
    expect((shared['inbound_nodes'] as Json[])[1]).to.deep.equal({
      args: [{class_name: '__keras_tensor__', config: {shape: [null, 4], dtype: 'float32', keras_history: ['in_b', 0, 0]}}],
      kwargs: {},
    });
    // A merge layer called on a list: one positional argument, a list.
    const sumArgs = ((byName.get('sum') as Json)['inbound_nodes'] as Json[])[0]?.['args'] as unknown[][];
    expect(sumArgs).to.have.length(1);
    expect((sumArgs[0] as Json[]).map((t) => (t.config as Record<string, unknown>)['keras_history'])).to.deep.equal([['shared', 0, 0], ['shared', 1, 0]]);
    expect(byName.get('sum')).to.include({class_name: 'AddPair', registered_name: 'test>AddPair'});
    // Nested Sequential referenced as node 0, nested Functional as node 1.
    expect(doc.config['output_layers']).to.deep.equal([['tower', 0, 0], ['head', 1, 0]]);
    expect(byName.get('tower')).to.include({module: 'keras', class_name: 'Sequential'});
    expect(byName.get('head')).to.include({class_name: 'Functional'});
    m.dispose();
  });

  it('a compiled model carries compile_config (Keras names); fromJSON builds it uncompiled', () => {
    const m = mlp();
    m.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
    const doc = parse(m);
    const cc = doc['compile_config'] as Record<string, unknown>;
    expect(cc).to.deep.include({loss: 'categorical_crossentropy', metrics: ['accuracy'], loss_weights: null});
    expect(cc['optimizer']).to.deep.include({module: 'keras.optimizers', class_name: 'Adam'});
    expect((cc['optimizer'] as Json).config).to.include({learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999});
    const back = fromJSON(doc);
    expect(back.compiled).to.equal(null);
    [m, back].forEach((x) => x.dispose());
  });

  it('a bare single input/output is written as one triple', () => {
    const x = new InputLayer({shape: [3], name: 'x'}).output;
    const m = new Functional({inputs: x, outputs: new Dense({units: 2, name: 'd'}).apply(x)});
    const doc = parse(m);
    expect(doc.config['input_layers']).to.deep.equal(['x', 0, 0]);
    expect(doc.config['output_layers']).to.deep.equal(['d', 0, 0]);
    m.dispose();
  });
});

describe('saving: toJSON → fromJSON round trips', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  async function roundTrip(original: Model, x: Tensor | Tensor[]): Promise<Model> {
    const json = original.toJSON();
    const rebuilt = fromJSON(json);
    expect(rebuilt.toJSON()).to.equal(json);
    expect(rebuilt.countParams()).to.equal(original.countParams());
    expect(rebuilt.weights.map((w) => w.path)).to.deep.equal(original.weights.map((w) => w.path));
    copyWeights(original, rebuilt);
    await expectSamePredictions(original, rebuilt, x);
    return rebuilt;
  }

  it('Sequential MLP', async () => {
    const m = mlp();
    const x = randomTensor([4, 5], 1);
    const back = await roundTrip(m, x);
    expect(back).to.be.instanceOf(Sequential);
    ops.dispose(x);
    m.dispose();
    back.dispose();
  });

  it('Sequential CNN', async () => {
    const m = cnn();
    const x = randomTensor([2, 8, 8, 2], 2);
    const back = await roundTrip(m, x);
    expect(back.countParams()).to.equal(4 * 9 * 2 + 4 + 3 * 4 * 4 + 3 + 12 * 2 + 2);
    ops.dispose(x);
    m.dispose();
    back.dispose();
  });

  it('multi-input / multi-output Functional with a shared layer and nested models', async () => {
    const m = multiIO();
    const xs = [randomTensor([3, 4], 3), randomTensor([3, 4], 4)];
    const back = await roundTrip(m, xs);
    expect(back).to.be.instanceOf(Functional);
    expect((back as Functional).getLayer('shared').inboundNodes.length).to.equal(2);
    ops.dispose(xs);
    m.dispose();
    back.dispose();
  });

  it('a Sequential without a known input shape round-trips unbuilt', () => {
    const m = sequential([new Dense({units: 2, name: 'd'})]);
    const doc = parse(m);
    expect(layersOf(doc).map((l) => l['class_name'])).to.deep.equal(['Dense']);
    const back = fromJSON(doc);
    expect(back.built).to.equal(false);
    expect(back.toJSON()).to.equal(m.toJSON());
  });

  it('accepts the JSON as a string or an object', () => {
    const m = mlp();
    const a = fromJSON(m.toJSON());
    const b = fromJSON(JSON.parse(m.toJSON()) as object);
    expect(a.toJSON()).to.equal(b.toJSON());
    [m, a, b].forEach((x) => x.dispose());
  });
});
