/**
 * Issue 13: a failing load leaves nothing behind (layers, variables, decoded weights), whatever step it
 * fails at; raw JavaScript errors from a layer become SerializationErrors naming the JSON path; a model
 * whose output is one of its inputs predicts a live tensor, whether built in code or loaded.
 */
import {expect} from 'chai';
import {SerializationError, memory, ops, registerSerializable, setBackend, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Dense, Layer, input, resetNames} from '@stratum/layers';
import type {LayerArgs, ShapeStructure} from '@stratum/layers';
import {fromJSON, loadModel, model} from '../index.js';
import type {IOHandler, Model, ModelArtifacts} from '../index.js';
import {expectTypedFailure} from './failed-load.test.helpers.js';
import {mlp, multiIO} from './fixtures.test.helpers.js';

/** Creates a weight in its constructor, then fails with a raw TypeError. */
class WeightThenThrow extends Layer {
  static override readonly className = 'WeightThenThrow';
  constructor(args: LayerArgs) {
    super(args);
    this.addWeight({name: 'w', shape: [4, 4]});
    throw new TypeError('init.call is not a function');
  }
  call(x: Tensor): Tensor {
    return x;
  }
}
registerSerializable(WeightThenThrow, {category: 'layer', package: 'cleanup'});

/** Builds its weight, then fails while building (a raw RangeError). */
class BuildThenThrow extends Layer {
  static override readonly className = 'BuildThenThrow';
  override build(inputShape: ShapeStructure): void {
    this.addWeight({name: 'w', shape: [3, 3]});
    void inputShape;
    throw new RangeError('Invalid typed array length: -1');
  }
  call(x: Tensor): Tensor {
    return x;
  }
}
registerSerializable(BuildThenThrow, {category: 'layer', package: 'cleanup'});

type Json = Record<string, unknown>;
interface LayerEntry {
  class_name: string;
  config: Json;
  registered_name?: string | null;
}

function keras3(m: Model): Json & {config: {layers: LayerEntry[]}} {
  const doc = JSON.parse(m.toJSON()) as Json & {config: {layers: LayerEntry[]}};
  m.dispose();
  return doc;
}

function replaceLayer(doc: {config: {layers: LayerEntry[]}}, name: string, cls: string): void {
  const l = doc.config.layers.find((e) => e.config['name'] === name);
  if (l === undefined) throw new Error(`no layer ${name}`);
  l.class_name = cls;
  l.registered_name = `cleanup>${cls}`;
  l.config = {name, trainable: true};
}

/** A failed load: a SerializationError matching `pattern`, and no tensor left behind. */
async function expectCleanFailure(load: () => Model | Promise<Model>, pattern: RegExp): Promise<void> {
  expect(await expectTypedFailure(load, pattern)).to.be.instanceOf(SerializationError);
}

describe('saving: failing loads leave nothing behind (issue 13)', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('a layer constructor that created a weight and threw: its weight is freed, the raw error wrapped with the path', async () => {
    const doc = keras3(multiIO());
    replaceLayer(doc, 'sum', 'WeightThenThrow');
    await expectCleanFailure(() => fromJSON(doc), /layer "sum" \(WeightThenThrow\) at \/config\/layers\/\d+: unexpected TypeError "init.call is not a function"/);
  });

  it('a layer that fails while building after others were built: every weight is freed', async () => {
    const doc = keras3(multiIO());
    const entry = doc.config.layers.find((e) => e.config['name'] === 'sum') as LayerEntry;
    entry.class_name = 'BuildThenThrow';
    entry.registered_name = 'cleanup>BuildThenThrow';
    entry.config = {name: 'sum', trainable: true};
    await expectCleanFailure(() => fromJSON(doc), /cannot call layer "sum".*unexpected RangeError "Invalid typed array length: -1"/);
  });

  it('a load that fails at the weights (dtype, names, shapes) leaves no tensor', async () => {
    const m = mlp();
    const artifacts: {modelTopology?: object; weightSpecs?: {name: string; shape: number[]; dtype: string}[]; weightData?: ArrayBuffer} = {};
    const handler: IOHandler = {
      save: async (a: ModelArtifacts) => {
        Object.assign(artifacts, a);
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}} as never;
      },
    };
    await m.save(handler);
    m.dispose();
    const specs = artifacts.weightSpecs ?? [];
    const edits: [(s: typeof specs) => void, RegExp][] = [
      [(s) => ((s[3] as {dtype: string}).dtype = 'int32'), /is "int32" in the weights manifest/],
      // uint8 over hidden/kernel's float32 bytes (a quarter of the size), the rest claimed by an optimizer weight
      [(s) => (((s[0] as {dtype: string}).dtype = 'uint8'), s.splice(1, 0, {name: 'opt/m', shape: [30], dtype: 'float32', group: 'optimizer'} as never)), /weight "hidden\/kernel" is "uint8" in the weights manifest, but model weight hidden\/kernel is float32/],
      [(s) => ((s[3] as {name: string}).name = 'zzz/bias'), /missing probs\/bias; unexpected zzz\/bias/],
      [(s) => ((s[1] as {shape: number[]}).shape = [2, 4]), /hidden\/bias/],
    ];
    for (const [edit, pattern] of edits) {
      const weightSpecs = specs.map((s) => ({...s, shape: [...s.shape]}));
      edit(weightSpecs);
      await expectCleanFailure(() => loadModel({...artifacts, weightSpecs} as never), pattern);
    }
  });
});

describe('Functional: an output that is one of the inputs (issue 13)', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  async function expectIdentity(m: Model): Promise<void> {
    const x = tensor2d([[1, 2, 3], [4, 5, 6]]);
    const before = memory().numTensors;
    const y = m.predict(x) as Tensor;
    expect(y.isDisposed).to.equal(false);
    expect(await y.array()).to.deep.equal([[1, 2, 3], [4, 5, 6]]);
    y.dispose();
    expect(x.isDisposed, 'the caller\'s input stays alive').to.equal(false);
    expect(memory().numTensors, 'predict leaked').to.equal(before);
    x.dispose();
  }

  it('model({inputs: x, outputs: x}).predict returns a live copy of the input', async () => {
    const x = input({shape: [3], name: 'x'});
    const m = model({inputs: x, outputs: x});
    await expectIdentity(m);
    // with several batches too
    const big = ops.ones([70, 3]);
    const y = m.predict(big, {batchSize: 32}) as Tensor;
    expect(y.shape).to.deep.equal([70, 3]);
    expect(await ops.sum(y).data()).to.deep.equal(new Float32Array([210]));
    ops.dispose([big, y]);
    m.dispose();
  });

  it('the same model loaded from JSON, and one with a second, computed output', async () => {
    const x = input({shape: [3], name: 'x'});
    const loaded = fromJSON(model({inputs: x, outputs: x}).toJSON());
    await expectIdentity(loaded);
    loaded.dispose();
    const x2 = input({shape: [3], name: 'x2'});
    const both = model({inputs: x2, outputs: [x2, new Dense({units: 2, name: 'd'}).apply(x2)]});
    const xs = tensor2d([[1, 1, 1]]);
    const before = memory().numTensors;
    const [a, b] = both.predict(xs) as Tensor[];
    expect(await (a as Tensor).array()).to.deep.equal([[1, 1, 1]]);
    expect((b as Tensor).shape).to.deep.equal([1, 2]);
    ops.dispose([a as Tensor, b as Tensor]);
    expect(memory().numTensors).to.equal(before);
    ops.dispose(xs);
    both.dispose();
  });
});
