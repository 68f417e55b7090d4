/**
 * Issue 13, "Loading reaches too far": files that imply huge weights, reinterpret bytes, pair weights by
 * position, nest 10,000 deep, name Object.prototype members as classes or carry huge strings. Each fails
 * fast with one of Stratum's typed errors, names where the problem is, and leaves no tensor behind.
 */
import {expect} from 'chai';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {ValueError, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import {fromJSON, loadModel} from '../index.js';
import type {Model} from '../index.js';
import {expectTypedFailure} from './failed-load.test.helpers.js';
import {cnn, mlp, multiIO, tempDir} from './fixtures.test.helpers.js';

type Json = Record<string, unknown>;
interface LayerEntry {
  class_name: string;
  config: Json;
}
interface TfjsDoc {
  modelTopology: {config: {layers: LayerEntry[]}};
  weightsManifest: {paths: string[]; weights: {name: string; shape: number[]; dtype: string}[]}[];
}

function layerNamed(layers: LayerEntry[], name: string): LayerEntry {
  const l = layers.find((e) => e.config['name'] === name);
  if (l === undefined) throw new Error(`no layer ${name}`);
  return l;
}

/** Keras 3 JSON of `m` as an object (m is disposed). */
function keras3(m: Model): Json & {config: Json & {layers: LayerEntry[]}} {
  const doc = JSON.parse(m.toJSON()) as Json & {config: Json & {layers: LayerEntry[]}};
  m.dispose();
  return doc;
}

/** `levels` arrays nested around `inner`, built without recursion. */
function nested(levels: number, inner: unknown): unknown {
  let v = inner;
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? [v] : {k: v};
  return v;
}

describe('saving: loader limits (issue 13)', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const url = (): string => `file://${join(dir, 'model.json')}`;

  /** Saves `m`, edits its model.json; a `"@deep@"` string value is replaced by 10,000 nested arrays. */
  async function saveAndEdit(m: Model, edit: (doc: TfjsDoc) => void): Promise<void> {
    await m.save(`file://${dir}`);
    m.dispose();
    const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as TfjsDoc;
    edit(doc);
    await writeFile(join(dir, 'model.json'), JSON.stringify(doc).replace('"@deep@"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`));
  }

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir, cleanup} = await tempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('a Conv2D with filters 3e7 in a small model.json fails in well under a second, before allocating', async function () {
    this.timeout(10_000);
    await saveAndEdit(cnn(), (doc) => {
      layerNamed(doc.modelTopology.config.layers, 'conv_b').config['filters'] = 3e7;
    });
    const t0 = Date.now();
    await expectTypedFailure(() => loadModel(url()), /conv_b\/kernel of shape \[2, 2, 4, 30000000\] \(480000000 elements\), larger than any weight in the weights manifest/);
    expect(Date.now() - t0).to.be.below(1000);
  });

  it('with renamed weights too, the manifest sizes bound the config before allocating', async function () {
    this.timeout(10_000);
    await saveAndEdit(cnn(), (doc) => {
      layerNamed(doc.modelTopology.config.layers, 'conv_b').config['filters'] = 3e7;
      for (const w of doc.weightsManifest[0]?.weights ?? []) w.name = `m/${w.name}_x`;
    });
    const t0 = Date.now();
    await expectTypedFailure(() => loadModel(url()), /conv_b\/kernel of shape \[2, 2, 4, 30000000\] \(480000000 elements\), larger than any weight in the weights manifest/);
    expect(Date.now() - t0).to.be.below(1000);
  });

  it('huge Dense units or kernel sizes in a topology fail at once with the per-weight limit', async function () {
    this.timeout(10_000);
    const dense = keras3(mlp());
    layerNamed(dense.config.layers, 'probs').config['units'] = 1e9;
    const t0 = Date.now();
    await expectTypedFailure(() => fromJSON(dense), /probs\/kernel of shape \[8, 1000000000\].*at most 2147483648/);
    const conv = keras3(cnn());
    layerNamed(conv.config.layers, 'conv').config['kernel_size'] = [100000, 100000];
    await expectTypedFailure(() => fromJSON(conv), /conv\/kernel of shape \[100000, 100000, 2, 4\]/);
    expect(Date.now() - t0).to.be.below(1000);
  });

  it('fromJSON caps the fresh weights it draws (a Conv2D with filters 3e7 fails at once), adjustable per call', async function () {
    this.timeout(10_000);
    const conv = keras3(cnn());
    layerNamed(conv.config.layers, 'conv').config['filters'] = 3e7;
    const t0 = Date.now();
    await expectTypedFailure(() => fromJSON(conv), /more weight elements than fromJSON draws fresh \(67108864; raise it with the maxWeightElements option\) \(at weight conv\/kernel of shape \[3, 3, 2, 30000000\]\)/);
    expect(Date.now() - t0).to.be.below(1000);
    // mlp has 5*8+8+8*3+3 = 75 weight elements
    await expectTypedFailure(() => fromJSON(keras3(mlp()), {maxWeightElements: 74}), /at weight probs\/bias/);
    const ok = fromJSON(keras3(mlp()), {maxWeightElements: 75});
    expect(ok.countParams()).to.equal(75);
    ok.dispose();
    expect(() => fromJSON(keras3(mlp()), {maxWeightElements: 0})).to.throw(ValueError, /maxWeightElements must be a positive integer, received 0/);
  });

  it('a config value a layer constructor refuses is named by its JSON path, down to the key', async () => {
    // the schema refuses units 2.5 itself; Reshape's target_shape [-1, -1] only the constructor can refuse
    const doc = keras3(mlp());
    layerNamed(doc.config.layers, 'probs').config['units'] = 2.5;
    expect((await expectTypedFailure(() => fromJSON(doc), /units/)).message).to.contain('/config/layers/3/config/units');
    const conv = keras3(cnn());
    const flat = layerNamed(conv.config.layers, 'flat');
    flat.class_name = 'Reshape';
    flat.config = {name: 'flat', target_shape: [-1, -1]};
    const err = await expectTypedFailure(() => fromJSON(conv), /targetShape must be a list of positive integers/);
    expect(err.message).to.contain('(at /config/layers/4/config/target_shape)');
  });

  it('an int32 manifest dtype over float32 weight bytes is refused, naming the weight', async () => {
    await saveAndEdit(mlp(), (doc) => {
      const w = doc.weightsManifest[0]?.weights.find((s) => s.name === 'probs/bias');
      if (w === undefined) throw new Error('no probs/bias');
      w.dtype = 'int32';
    });
    await expectTypedFailure(() => loadModel(url()), /weight "probs\/bias" is "int32" in the weights manifest, but model weight probs\/bias is float32/);
  });

  it('unmatched weight names are refused, listing the missing and unexpected ones', async () => {
    await saveAndEdit(mlp(), (doc) => {
      const w = doc.weightsManifest[0]?.weights.find((s) => s.name === 'probs/bias');
      if (w === undefined) throw new Error('no probs/bias');
      w.name = 'other/bias';
    });
    await expectTypedFailure(() => loadModel(url()), /missing probs\/bias; unexpected other\/bias/);
  });

  it('file names that merge two layers into one scope are refused (no positional fallback)', async () => {
    await saveAndEdit(mlp(), (doc) => {
      for (const w of doc.weightsManifest[0]?.weights ?? []) w.name = w.name.replace('hidden/', 'layer_a/').replace('probs/', 'layer_a/');
    });
    await expectTypedFailure(() => loadModel(url()), /do not match model "sequential"/);
  });

  it('a consistent renaming of layer scopes (the converter\'s suffixes) still loads, in order', async () => {
    const m = mlp();
    const saved = m.getWeights();
    const values = await Promise.all(saved.map((t) => t.data()));
    saved.forEach((t) => t.dispose());
    await saveAndEdit(m, (doc) => {
      for (const w of doc.weightsManifest[0]?.weights ?? []) w.name = w.name.replace('hidden/', 'dense_7/').replace('probs/', 'dense_8/');
    });
    const loaded = await loadModel(url());
    const got = await Promise.all(loaded.weights.map((v) => v.value.data()));
    expect(got.map((a) => Array.from(a))).to.deep.equal(values.map((a) => Array.from(a)));
    loaded.dispose();
  });

  it('JSON nested 10,000 deep anywhere gives a SerializationError, never a RangeError', async () => {
    const places: ((doc: Json & {config: Json & {layers: LayerEntry[]}}, deep: unknown) => void)[] = [
      (d, deep) => (layerNamed(d.config.layers, 'hidden').config['bias_constraint'] = deep as Json),
      (d, deep) => (layerNamed(d.config.layers, 'hidden').config['kernel_initializer'] = {class_name: 'GlorotUniform', config: {seed: deep as Json}}),
      (d, deep) => (d['build_config'] = {input_shape: [deep, 5]}),
      (d, deep) => (d.config['dtype'] = deep as Json),
    ];
    for (const edit of places) {
      // as text (JSON.stringify itself cannot write 10,000 levels: splice them in) and as an object
      const marked = keras3(mlp());
      edit(marked, '@deep@');
      const text = JSON.stringify(marked).replace('"@deep@"', `${'['.repeat(10_000)}1${']'.repeat(10_000)}`);
      await expectTypedFailure(() => fromJSON(text), /nested too deeply/);
      const doc = keras3(mlp());
      edit(doc, nested(10_000, 1));
      await expectTypedFailure(() => fromJSON(doc), /nested too deeply/);
    }
    await saveAndEdit(mlp(), (doc) => {
      layerNamed(doc.modelTopology.config.layers, 'probs').config['bias_constraint'] = '@deep@';
    });
    await expectTypedFailure(() => loadModel(url()), /nested too deeply at \/modelTopology\/config\/layers\/\d\/config\/bias_constraint\/0\/0/);
  });

  it('Object.prototype member names are unknown classes, not classes', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const doc = keras3(mlp());
      layerNamed(doc.config.layers, 'probs').class_name = name;
      await expectTypedFailure(() => fromJSON(doc), /Unknown layer class/);
      const init = keras3(mlp());
      layerNamed(init.config.layers, 'hidden').config['kernel_initializer'] = {module: null, class_name: name, config: {}, registered_name: null};
      await expectTypedFailure(() => fromJSON(init), /Unknown initializer class/);
    }
  });

  it('a nested config of the wrong kind or type is a typed error, not "getConfig is not a function"', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['kernel_constraint', {module: 'keras.initializers', class_name: 'GlorotUniform', config: {}, registered_name: null}, /Unknown constraint class "GlorotUniform"/],
      ['bias_initializer', {class_name: 'MaxNorm', config: {}}, /Unknown initializer class "MaxNorm"/],
      ['kernel_constraint', 5, /Invalid constraint 5/],
      ['kernel_regularizer', [1, 2], /kernel_regularizer/],
      ['kernel_initializer', true, /kernel_initializer/],
      ['kernel_initializer', {class_name: 'MaxNorm', config: 3}, /Invalid initializer/],
      ['activation', 7, /activation/],
    ];
    for (const [key, value, pattern] of cases) {
      const doc = keras3(mlp());
      layerNamed(doc.config.layers, 'hidden').config[key] = value as Json;
      const err = await expectTypedFailure(() => fromJSON(doc), pattern);
      expect(err.message).to.contain('/config/layers/1');
    }
  });

  it('a Keras 3 node with a second positional argument is refused, not read as a second input (fuzz seed 7, case 7278)', async () => {
    // keras/src/models/functional.py calls layer(*args, **kwargs): args[0] holds the inputs, args[1] is another call argument.
    const doc = keras3(multiIO());
    const tower = layerNamed(doc.config.layers, 'tower') as LayerEntry & {inbound_nodes: {args: unknown[]}[]};
    const args = (tower.inbound_nodes[0] as {args: unknown[]}).args;
    args.push(args[0]);
    await expectTypedFailure(() => fromJSON(doc), /passes 2 positional arguments to \w+ "tower", which takes 1 \(the inputs\)/);
  });

  it('a 10-million-character class name is cut in the message', async () => {
    const doc = keras3(mlp());
    layerNamed(doc.config.layers, 'probs').class_name = 'x'.repeat(10_000_000);
    const err = await expectTypedFailure(() => fromJSON(doc), /Unknown layer class "x{80}"… \(10000000 chars\)/);
    // withContext cuts a message at 1000 characters and appends "… (N chars)"; the list of registered
    // layer classes in the message grows with the catalogue, so the cut may apply here too.
    expect(err.message.length).to.be.below(1000 + '… (10000000 chars)'.length);
  });
});
