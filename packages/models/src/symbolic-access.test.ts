/**
 * Symbolic access as in Keras: `model.inputs` / `outputs` / `input` / `output`, `layer.output`, and
 * feature extraction (`model({inputs: base.inputs, outputs: base.getLayer('flat').output})`) for
 * Sequential and functional bases. Keras 3: keras/src/models/sequential.py (inputs/outputs, "has no
 * defined inputs yet"), keras/src/models/functional.py (input/output are the constructor's structures).
 */
import {expect} from 'chai';
import {ShapeError, ValueError, optimizers, setBackend, tensor, tensor3d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, Flatten, InputLayer, input, resetNames} from '@stratum/layers';
import {loadModel, model, sequential} from './index.js';
import type {Functional, Model, ModelArtifacts, SaveResult, Sequential} from './index.js';

const W = [[1, -1, 0.5], [2, 0.5, -1]];
const B = [0.1, -0.2, 0.3];
const X = [[[1, 2], [-1, 0.5]], [[0, 1], [3, -2]]];

/** relu(x·W + b) on each row of each sample, flattened row-major: the 'flat' activations, by hand. */
function flatByHand(x: number[][][], w: number[][], b: number[]): number[][] {
  return x.map((rows) => rows.flatMap((r) => b.map((bj, j) => Math.max(0, r.reduce((s, v, k) => s + v * (w[k] as number[])[j]!, bj)))));
}

function sequentialBase(): Sequential {
  return sequential([new Dense({units: 3, activation: 'relu', inputShape: [2, 2], name: 'd1'}), new Flatten({name: 'flat'}), new Dense({units: 1, name: 'out'})]);
}

function functionalBase(): Functional {
  const a = input({shape: [2, 2], name: 'pixels'});
  const h = new Dense({units: 3, activation: 'relu', name: 'd1'}).apply(a);
  const f = new Flatten({name: 'flat'}).apply(h);
  return model({inputs: a, outputs: new Dense({units: 1, name: 'out'}).apply(f), name: 'base'});
}

function setD1(base: Model): void {
  const w = [tensor(W), tensor(B)];
  base.getLayer('d1').setWeights(w);
  w.forEach((t) => t.dispose());
}

function memoryHandler(): {save(a: ModelArtifacts): Promise<SaveResult>; load(): Promise<ModelArtifacts>; artifacts: ModelArtifacts | null} {
  const h = {
    artifacts: null as ModelArtifacts | null,
    async save(a: ModelArtifacts): Promise<SaveResult> {
      h.artifacts = a;
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
    },
    async load(): Promise<ModelArtifacts> {
      return h.artifacts as ModelArtifacts;
    },
  };
  return h;
}

describeBackends('symbolic access: feature extraction', (backend) => {
  before(async () => setBackend(backend as 'cpu'));
  beforeEach(() => resetNames());

  for (const [kind, make] of [['Sequential', sequentialBase], ['functional', functionalBase]] as const) {
    it(`from a ${kind} base: the sub-model predicts the intermediate activations, with the base's weights`, async () => {
      const base: Model = make();
      setD1(base);
      const sub = model({inputs: base.inputs, outputs: base.getLayer('flat').output});
      expect(sub.layers.map((l) => l.name)).to.deep.equal([base.inputNames[0], 'd1', 'flat']);
      expect(sub.outputShape).to.deep.equal([null, 6]);
      expect(sub.inputShape).to.deep.equal([null, 2, 2]);
      const x = tensor3d(X);
      const y = sub.predict(x) as Tensor;
      await expectClose(y, flatByHand(X, W, B));
      // The same Variables: nothing was copied.
      expect(sub.getLayer('d1').weights[0]).to.equal(base.getLayer('d1').weights[0]);
      [x, y].forEach((t) => t.dispose());
      base.dispose();
    });
  }

  it('training the extracted model changes the base (shared weights), as in Keras', async () => {
    const base = sequentialBase();
    setD1(base);
    const sub = model({inputs: base.inputs, outputs: base.getLayer('flat').output});
    sub.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse'});
    const x = tensor3d(X);
    const target = tensor([[1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]]);
    await sub.fit(x, target, {epochs: 1, batchSize: 2, verbose: 0});
    const [w, b] = (await Promise.all(base.getLayer('d1').getWeights().map(async (t) => {
      const a = (await t.array()) as number[][] | number[];
      t.dispose();
      return a;
    }))) as [number[][], number[]];
    expect(w).to.not.deep.equal(W);
    // The base sees the trained weights: its 'flat' activations (through a fresh extraction) follow them.
    const again = model({inputs: base.inputs, outputs: base.getLayer('flat').output});
    const y = again.predict(x) as Tensor;
    await expectClose(y, flatByHand(X, w, b), 1e-5);
    [x, target, y].forEach((t) => t.dispose());
    sub.compiled?.dispose();
    base.dispose();
  });

  it('the extracted model summarises, saves and loads (predictions kept)', async () => {
    const base = functionalBase();
    setD1(base);
    const sub = model({inputs: base.input, outputs: base.getLayer('flat').output, name: 'features'});
    const text = sub.summary(null);
    expect(text).to.match(/flat \(Flatten\)/).and.to.match(/d1 \(Dense\)/);
    expect(text).to.not.match(/out \(Dense\)/);
    const h = memoryHandler();
    await sub.save(h);
    const loaded = await loadModel(h);
    expect(loaded.layers.map((l) => l.name)).to.deep.equal(['pixels', 'd1', 'flat']);
    const x = tensor3d(X);
    const y = loaded.predict(x) as Tensor;
    await expectClose(y, flatByHand(X, W, B));
    [x, y].forEach((t) => t.dispose());
    loaded.dispose();
    base.dispose();
  });
  it('a loaded Sequential has symbolic ends too: extraction works on it', async () => {
    const base = sequentialBase();
    setD1(base);
    const h = memoryHandler();
    await base.save(h);
    const loaded = await loadModel(h);
    const sub = model({inputs: loaded.inputs, outputs: loaded.getLayer('flat').output});
    const x = tensor3d(X);
    const y = sub.predict(x) as Tensor;
    await expectClose(y, flatByHand(X, W, B));
    [x, y].forEach((t) => t.dispose());
    loaded.dispose();
    base.dispose();
  });
});

describe('symbolic access: model inputs and outputs', () => {
  beforeEach(() => resetNames());

  it('a functional model gives its inputs flat and its input/output in the structure it was built with', () => {
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [3], name: 'b'});
    const da = new Dense({units: 1, name: 'da'}).apply(a);
    const db = new Dense({units: 4, name: 'db'}).apply(b);
    const m = model({inputs: {b, a}, outputs: [da, db]});
    expect(m.inputs).to.deep.equal([a, b]); // flat, keys sorted (as Keras's tree.flatten)
    expect(m.input).to.deep.equal({b, a});
    expect(m.outputs).to.deep.equal([da, db]);
    expect(m.output).to.deep.equal([da, db]);
    expect(m.inputShape).to.deep.equal([[null, 2], [null, 3]]);
    expect(m.outputShape).to.deep.equal([[null, 1], [null, 4]]);
    m.dispose();
  });

  it('a Sequential with an input shape has symbolic ends at once; input is the InputLayer\'s tensor', () => {
    const m = sequential([new InputLayer({shape: [4], name: 'feat'}), new Dense({units: 2, name: 'h'})]);
    expect(m.input).to.equal(m.inputLayer?.output);
    expect(m.inputs).to.deep.equal([m.input]);
    expect(m.output).to.equal(m.getLayer('h').output);
    expect(m.outputs).to.deep.equal([m.output]);
    expect(m.inputShape).to.deep.equal([null, 4]);
    expect(m.outputShape).to.deep.equal([null, 2]);
    expect(() => m.build([null, 7])).to.throw(ShapeError, /Model "sequential": input 0 expects shape \[null, 4\], received \[null, 7\]/);
    m.build([null, 4]);
    expect(m.getLayer('h').inboundNodes).to.have.length(1);
    m.dispose();
  });

  it('a Sequential without input shape has no defined inputs yet (Keras\'s error); build defines them', () => {
    const m = sequential([new Dense({units: 2, name: 'h'})]);
    for (const [what, get] of [['inputs', () => m.inputs], ['outputs', () => m.outputs], ['input', () => m.input], ['output', () => m.output], ['output shape', () => m.outputShape]] as const) {
      expect(get).to.throw(ValueError, new RegExp(`Sequential model "sequential" has no defined ${what} yet: its input shape is not known`));
    }
    expect(() => m.getLayer('h').output).to.throw(ValueError, /Layer "h" has never been called/);
    m.build([null, 5]);
    expect(m.inputShape).to.deep.equal([null, 5]);
    expect(m.output).to.equal(m.getLayer('h').output);
    expect(m.output.shape).to.deep.equal([null, 2]);
    expect(() => sequential().inputs).to.throw(ValueError, /has no defined inputs yet: it has no layers/);
    m.dispose();
  });

  it('pop and add on a Sequential never call the remaining layers again (their output stays defined)', () => {
    const m = sequentialBase();
    const d1 = m.getLayer('d1');
    m.pop();
    expect(m.output).to.equal(m.getLayer('flat').output);
    m.add(new Dense({units: 5, name: 'head'}));
    expect(d1.inboundNodes).to.have.length(1);
    expect(m.outputShape).to.deep.equal([null, 5]);
    m.dispose();
  });

  it('model() refuses a layer or undefined where a symbolic tensor belongs, describing it (never [object Object])', () => {
    const base = sequentialBase();
    const inputLayer = base.inputLayer as InputLayer;
    expect(() => model({inputs: inputLayer as never, outputs: base.output})).to.throw(ValueError, /model: inputs must be a symbolic tensor .*received InputLayer\(name=d1_input\); pass its output/);
    expect(() => model({inputs: base.inputs, outputs: [base.getLayer('flat') as never]})).to.throw(ValueError, /outputs\[0\] .*received Flatten\(name=flat\); pass one of its outputs/);
    expect(() => model({inputs: {x: undefined as never}, outputs: base.output})).to.throw(ValueError, /inputs\.x must be a symbolic tensor.*received undefined/);
    try {
      new Dense({units: 1}).apply([inputLayer] as never);
      expect.fail('apply accepted a layer');
    } catch (e) {
      expect((e as Error).message).to.contain('InputLayer(name=d1_input)').and.not.contain('[object Object]');
    }
    base.dispose();
  });
});
