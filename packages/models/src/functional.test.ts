import {expect} from 'chai';
import {ShapeError, ValueError, ops, optimizers, tensor1d, tensor2d, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, Layer, input, resetNames} from '@stratum/layers';
import type {ShapeStructure, SymbolicTensor} from '@stratum/layers';
import {Functional, model, sequential} from './index.js';

/** A minimal merge layer written for the test: element-wise sum of its inputs. */
class AddAll extends Layer<Tensor[], Tensor> {
  static override readonly className = 'AddAll';
  call(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => ops.add(a, b));
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return (inputShape as ShapeStructure[])[0] as ShapeStructure;
  }
}

function affine(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => b.map((bj, j) => row.reduce((acc, xi, i) => acc + xi * (w[i] as number[])[j]!, bj)));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('Functional: graph construction', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('multi-input: two Dense branches summed by a custom layer', () => {
    const a = input({shape: [3], name: 'a'});
    const b = input({shape: [2], name: 'b'});
    const ha = new Dense({units: 4, name: 'da'}).apply(a);
    const hb = new Dense({units: 4, name: 'db'}).apply(b);
    const sum = new AddAll({name: 'sum'}).apply([ha, hb]);
    const out = new Dense({units: 1, name: 'out'}).apply(sum);
    const m = model({inputs: [a, b], outputs: out});
    expect(m.inputNames).to.deep.equal(['a', 'b']);
    expect(m.outputNames).to.deep.equal(['out']);
    expect(m.layers.map((l) => l.name)).to.include.members(['a', 'b', 'da', 'db', 'sum', 'out']);
    expect(m.countParams()).to.equal(3 * 4 + 4 + 2 * 4 + 4 + 4 + 1);
    expect(m.computeOutputShape([[null, 3], [null, 2]])).to.deep.equal([null, 1]);
    m.dispose();
  });

  it("lists layers in Keras's order: by depth from the outputs (keras/src/ops/function.py map_graph)", () => {
    const a = input({shape: [3], name: 'a'});
    const b = input({shape: [2], name: 'b'});
    const ha = new Dense({units: 4, name: 'da'}).apply(a);
    const hb = new Dense({units: 4, name: 'db'}).apply(b);
    const m = model({inputs: [a, b], outputs: new Dense({units: 1, name: 'out'}).apply(new AddAll({name: 'sum'}).apply([ha, hb]))});
    // Depths: a, b 3; da, db 2; sum 1; out 0. Ties keep the order a walk from the outputs first meets them.
    expect(m.layers.map((l) => l.name)).to.deep.equal(['a', 'b', 'da', 'db', 'sum', 'out']);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['da/kernel', 'da/bias', 'db/kernel', 'db/bias', 'out/kernel', 'out/bias']);
  });

  it('a shared layer applied twice is one layer whose weights are counted once', () => {
    const a = input({shape: [3]});
    const b = input({shape: [3]});
    const shared = new Dense({units: 2, name: 'shared'});
    const sum = new AddAll().apply([shared.apply(a), shared.apply(b)]);
    const m = model({inputs: [a, b], outputs: sum});
    expect(shared.inboundNodes).to.have.length(2);
    expect(m.layers.filter((l) => l === shared)).to.have.length(1);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['shared/kernel', 'shared/bias']);
    expect(m.countParams()).to.equal(3 * 2 + 2);
    m.dispose();
  });

  it('a nested model used as a layer contributes its weights', () => {
    const innerIn = input({shape: [3]});
    const inner = model({inputs: innerIn, outputs: new Dense({units: 2, name: 'inner_dense'}).apply(innerIn), name: 'inner'});
    const x = input({shape: [3]});
    const out = new Dense({units: 1, name: 'head'}).apply(inner.apply(x) as SymbolicTensor);
    const m = model({inputs: x, outputs: out, name: 'outer'});
    expect(m.layers.map((l) => l.name)).to.include('inner');
    expect(m.weights.map((w) => w.path)).to.deep.equal(['inner_dense/kernel', 'inner_dense/bias', 'head/kernel', 'head/bias']);
    expect(m.countParams()).to.equal(3 * 2 + 2 + 2 + 1);
    expect(m.summary(null)).to.contain('inner (Functional)');
    m.dispose();
  });

  it('graph disconnected: an output that depends on an undeclared input is rejected', () => {
    const a = input({shape: [3], name: 'in_a'});
    const b = input({shape: [3], name: 'in_b'});
    const out = new AddAll().apply([new Dense({units: 2}).apply(a), new Dense({units: 2}).apply(b)]);
    expect(() => model({inputs: a, outputs: out})).to.throw(ValueError, /Graph disconnected.*"in_b".*in_a/);
  });

  it('inputs that are not input() tensors are rejected, naming the layer', () => {
    const a = input({shape: [3]});
    const h = new Dense({units: 2, name: 'mid'}).apply(a);
    const out = new Dense({units: 1}).apply(h);
    expect(() => model({inputs: h, outputs: out})).to.throw(ValueError, /"mid"/);
  });

  it('missing inputs/outputs are rejected', () => {
    expect(() => model({} as never)).to.throw(ValueError, /model: inputs must be a symbolic tensor .*received undefined/);
    expect(() => model(undefined as never)).to.throw(ValueError, /inputs, outputs.*received undefined/);
  });

  it('a nested model applied to the wrong number or shapes of inputs is refused when the graph is built', () => {
    const ix = input({shape: [6], name: 'head_in'});
    const head = model({inputs: ix, outputs: new Dense({units: 2, name: 'head_dense'}).apply(ix), name: 'head'});
    const a = input({shape: [6], name: 'a'});
    const b = input({shape: [6], name: 'b'});
    expect(() => head.apply([a, b])).to.throw(ShapeError, /Model "head" expects 1 input\(s\), received 2/);
    expect(() => head.apply(input({shape: [6, 6], name: 'c'}))).to.throw(ShapeError, /input 0 expects shape \[null, 6\], received \[null, 6, 6\]/);
    const tower = sequential({layers: [new Dense({units: 3, name: 't1'})], name: 'tower'});
    tower.build([null, 6]);
    expect(() => tower.apply([a, b])).to.throw(ShapeError, /Model "tower" expects 1 input\(s\), received 2/);
    expect(() => head.apply([[a]] as never)).to.throw(ShapeError, /Model "head" takes one tensor or a flat list of tensors, received a nested structure of 1/);
    const fixed = input({batchShape: [4, 6], name: 'fixed'});
    const fixedHead = model({inputs: fixed, outputs: new Dense({units: 1, name: 'fd'}).apply(fixed), name: 'fixed_head'});
    // keras/src/layers/input_spec.py: unknown axes match, known ones must be equal (the batch axis too).
    expect(() => fixedHead.apply(a)).not.to.throw();
    expect(() => fixedHead.apply(input({batchShape: [3, 6]}))).to.throw(ShapeError, /input 0 expects shape \[4, 6\], received \[3, 6\]/);
    fixedHead.dispose();
    expect((head.apply(a) as SymbolicTensor).shape).to.deep.equal([null, 2]);
    head.dispose();
    tower.dispose();
  });

  it('two different layers with the same name are rejected', () => {
    const a = input({shape: [3]});
    const out = new Dense({units: 1, name: 'twin'}).apply(new Dense({units: 2, name: 'twin'}).apply(a));
    expect(() => model({inputs: a, outputs: out})).to.throw(ValueError, /"twin" appears twice/);
  });
});

describeBackends('Functional: execution and training', () => {
  beforeEach(() => resetNames());

  it('multi-input forward pass equals a float64 reference', async () => {
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [1], name: 'b'});
    const da = new Dense({units: 2, name: 'da'});
    const db = new Dense({units: 2, name: 'db'});
    const out = new AddAll().apply([da.apply(a), db.apply(b)]);
    const m = model({inputs: [a, b], outputs: out});
    const ka = [[1, -2], [0.5, 3]];
    const ba = [0.1, -0.2];
    const kb = [[2, -1]];
    const bb = [0.3, 0.4];
    const ws = [tensor2d(ka), tensor1d(ba), tensor2d(kb), tensor1d(bb)];
    m.setWeights(ws);
    const xa = [[1, 2], [-1, 0.5], [3, -2]];
    const xb = [[1], [-2], [0.5]];
    const ra = affine(xa, ka, ba);
    const rb = affine(xb, kb, bb);
    const expected = ra.map((r, i) => r.map((v, j) => v + rb[i]![j]!));
    const ta = tensor2d(xa);
    const tb = tensor2d(xb);
    const y = m.predict([ta, tb]) as Tensor;
    await expectClose(y, expected);
    // Record form keyed by input name, and plain nested arrays.
    const y2 = m.predict({a: ta, b: tb}) as Tensor;
    await expectClose(y2, expected);
    const y3 = m.predict([xa, xb]) as Tensor;
    await expectClose(y3, expected);
    [...ws, ta, tb, y, y2, y3].forEach((t) => t.dispose());
    m.dispose();
  });

  it('predict with the wrong number of inputs names the expected inputs', () => {
    const a = input({shape: [2], name: 'a'});
    const b = input({shape: [1], name: 'b'});
    const m = model({inputs: [a, b], outputs: new AddAll().apply([new Dense({units: 1}).apply(a), new Dense({units: 1}).apply(b)])});
    const xa = tensor2d([[1, 2]]);
    expect(() => m.predict([xa])).to.throw(ValueError, /2 inputs \(a, b\), received a list of 1/);
    expect(() => m.predict({a: xa})).to.throw(ValueError, /missing data for b/);
    xa.dispose();
    m.dispose();
  });

  it('shared layer: both applications use the same weights', async () => {
    const a = input({shape: [2]});
    const b = input({shape: [2]});
    const shared = new Dense({units: 1});
    const m = model({inputs: [a, b], outputs: new AddAll().apply([shared.apply(a), shared.apply(b)])});
    const ws = [tensor2d([[2], [3]]), tensor1d([1])];
    m.setWeights(ws);
    const ta = tensor2d([[1, 1], [0, 2]]);
    const tb = tensor2d([[1, 0], [1, 1]]);
    // (2·1+3·1+1) + (2·1+0+1) = 9; (0+6+1) + (2+3+1) = 13
    const y = m.predict([ta, tb]) as Tensor;
    await expectClose(y, [[9], [13]]);
    [...ws, ta, tb, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('nested model: outer forward equals the composition of the two affine maps', async () => {
    const innerIn = input({shape: [2]});
    const inner = model({inputs: innerIn, outputs: new Dense({units: 2}).apply(innerIn)});
    const x = input({shape: [2]});
    const m = model({inputs: x, outputs: new Dense({units: 1}).apply(inner.apply(x) as SymbolicTensor)});
    const k1 = [[1, 2], [3, 4]];
    const b1 = [0.5, -0.5];
    const k2 = [[1], [-1]];
    const b2 = [2];
    const ws = [tensor2d(k1), tensor1d(b1), tensor2d(k2), tensor1d(b2)];
    m.setWeights(ws);
    const xs = [[1, 0], [0, 1], [2, -1]];
    const expected = affine(affine(xs, k1, b1), k2, b2);
    const tx = tensor2d(xs);
    const y = m.predict(tx) as Tensor;
    await expectClose(y, expected);
    [...ws, tx, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('nested Sequential inside a functional model trains (gradients reach the inner weights)', async () => {
    const inner = sequential([new Dense({units: 2, inputShape: [2]})]);
    const x = input({shape: [2]});
    const m = model({inputs: x, outputs: new Dense({units: 1}).apply(inner.apply(x) as SymbolicTensor)});
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse'});
    const before = m.getWeights();
    const tx = tensor2d([[1, 2], [3, -1]]);
    const ty = tensor2d([[1], [0]]);
    await m.fit(tx, ty, {epochs: 1, verbose: 0});
    const after = m.getWeights();
    const changed = await Promise.all(before.map(async (t, i) => (await ops.sub(t, after[i]!).abs().max().data())[0]! > 0));
    expect(changed).to.deep.equal([true, true, true, true]);
    [...before, ...after, tx, ty].forEach((t) => t.dispose());
    m.dispose();
  });

  describe('multi-output with per-output losses', () => {
    // Two heads on one input: a linear regression head (mse) and a sigmoid head (binary crossentropy).
    const k1 = [[1], [-1]];
    const b1 = [0.5];
    const k2 = [[0.5], [0.25]];
    const b2 = [-0.25];
    const xs = [[1, 2], [0, 1], [-1, 3], [2, 2]];
    const yReg = [[0], [1], [-2], [1]];
    const yBin = [[1], [0], [1], [0]];

    function build(): Functional {
      const x = input({shape: [2]});
      const reg = new Dense({units: 1, name: 'reg'}).apply(x);
      const cls = new Dense({units: 1, activation: 'sigmoid', name: 'cls'}).apply(x);
      return model({inputs: x, outputs: [reg, cls]});
    }

    function reference(wReg: number, wCls: number): {loss: number; reg_loss: number; cls_loss: number} {
      const pr = affine(xs, k1, b1).map((r) => r[0]!);
      const pc = affine(xs, k2, b2).map((r) => sigmoid(r[0]!));
      const mse = pr.reduce((s, p, i) => s + (p - yReg[i]![0]!) ** 2, 0) / xs.length;
      const bce = pc.reduce((s, p, i) => s - (yBin[i]![0]! * Math.log(p) + (1 - yBin[i]![0]!) * Math.log(1 - p)), 0) / xs.length;
      return {loss: wReg * mse + wCls * bce, reg_loss: mse, cls_loss: bce};
    }

    async function evaluateWith(compileLoss: unknown, lossWeights?: unknown): Promise<Record<string, number>> {
      const m = build();
      const ws = [tensor2d(k1), tensor1d(b1), tensor2d(k2), tensor1d(b2)];
      m.setWeights(ws);
      m.compile({optimizer: 'sgd', loss: compileLoss as never, lossWeights: lossWeights as never});
      const tx = tensor2d(xs);
      const out = await m.evaluate(tx, [yReg, yBin], {batchSize: 3});
      [...ws, tx].forEach((t) => t.dispose());
      m.dispose();
      return out;
    }

    it('a list of losses: one per output, in output order', async () => {
      const out = await evaluateWith(['mse', 'binaryCrossentropy']);
      const ref = reference(1, 1);
      expect(Object.keys(out)).to.deep.equal(['loss', 'reg_loss', 'cls_loss']);
      expect(out['reg_loss']).to.be.closeTo(ref.reg_loss, 1e-5);
      expect(out['cls_loss']).to.be.closeTo(ref.cls_loss, 1e-5);
      expect(out['loss']).to.be.closeTo(ref.loss, 1e-5);
    });

    it('a record of losses keyed by output name, with loss weights', async () => {
      const out = await evaluateWith({cls: 'binary_crossentropy', reg: 'mean_squared_error'}, {reg: 0.5, cls: 2});
      const ref = reference(0.5, 2);
      expect(out['reg_loss']).to.be.closeTo(ref.reg_loss, 1e-5);
      expect(out['cls_loss']).to.be.closeTo(ref.cls_loss, 1e-5);
      expect(out['loss']).to.be.closeTo(ref.loss, 1e-5);
    });

    it('targets may be a record keyed by output name', async () => {
      const m = build();
      const ws = [tensor2d(k1), tensor1d(b1), tensor2d(k2), tensor1d(b2)];
      m.setWeights(ws);
      m.compile({optimizer: 'sgd', loss: {reg: 'mse', cls: 'binaryCrossentropy'}});
      const out = await m.evaluate(xs, {cls: yBin, reg: yReg});
      expect(out['loss']).to.be.closeTo(reference(1, 1).loss, 1e-5);
      ws.forEach((t) => t.dispose());
      m.dispose();
    });

    it('predict returns one tensor per output', async () => {
      const m = build();
      const ws = [tensor2d(k1), tensor1d(b1), tensor2d(k2), tensor1d(b2)];
      m.setWeights(ws);
      const ys = m.predict(xs, {batchSize: 3}) as Tensor[];
      expect(ys).to.have.length(2);
      await expectClose(ys[0]!, affine(xs, k1, b1));
      await expectClose(ys[1]!, affine(xs, k2, b2).map((r) => [sigmoid(r[0]!)]));
      [...ws, ...ys].forEach((t) => t.dispose());
      m.dispose();
    });

    it('compile rejects a loss list of the wrong length and unknown output names', () => {
      const m = build();
      expect(() => m.compile({optimizer: 'sgd', loss: ['mse']})).to.throw(ValueError, /1 entries but the model has 2 outputs \(reg, cls\)/);
      expect(() => m.compile({optimizer: 'sgd', loss: {reg: 'mse', nope: 'mse'}})).to.throw(ValueError, /unknown outputs.*nope/);
      expect(() => m.compile({optimizer: 'sgd', loss: {reg: 'mse'}})).to.throw(ValueError, /no entry for output "cls"/);
      expect(m.compiled).to.equal(null);
      m.dispose();
    });

    it('fit trains both heads and logs per-output losses', async () => {
      const m = build();
      const ws = [tensor2d(k1), tensor1d(b1), tensor2d(k2), tensor1d(b2)];
      m.setWeights(ws);
      m.compile({optimizer: new optimizers.SGD({learningRate: 0.05}), loss: ['mse', 'binaryCrossentropy'], metrics: ['accuracy']});
      const h = await m.fit(xs, [yReg, yBin], {epochs: 3, batchSize: 4, verbose: 0, shuffle: false});
      expect(h.history['reg_loss']).to.have.length(3);
      expect(h.history['cls_loss']).to.have.length(3);
      expect(h.history['loss']![0]).to.be.closeTo(reference(1, 1).loss, 1e-5);
      expect(h.history['reg_loss']![2]!).to.be.lessThan(h.history['reg_loss']![0]!);
      expect(Object.keys(h.history)).to.include.members(['reg_accuracy', 'cls_accuracy']);
      ws.forEach((t) => t.dispose());
      m.dispose();
    });
  });
});
