/**
 * `model.summary()` against the text Keras 3 prints. The expected tables follow
 * keras/src/utils/summary_utils.py `print_summary`: column widths `int(pos * line_length) - current`
 * with positions [0.45, 0.80, 1.0] (sequential-like) or [0.3, 0.56, 0.74, 1.0] (with "Connected to"),
 * default line length min(88 or 108, terminal columns - 4), a `rich.table.Table(width=line_length,
 * show_lines=True)` printed without colours: rich's HEAVY_HEAD box, 1 space of padding per side, and
 * columns shrunk evenly (rich `ratio_reduce`) when widths + padding exceed the table.
 */
import {expect} from 'chai';
import {ValueError, optimizers, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Concatenate, Dense, Dropout, input, resetNames} from '@stratum/layers';
import type {AnyLayer, SymbolicTensor} from '@stratum/layers';
import {Model, model, sequential} from '../index.js';
import {readableSize} from './summary.js';
import * as K from './summary.test.expected.js';

/** Runs `fn` with the COLUMNS variable set, as a terminal of that width would (Python's shutil reads it first). */
function withColumns<T>(columns: number, fn: () => T): T {
  const old = process.env['COLUMNS'];
  process.env['COLUMNS'] = String(columns);
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env['COLUMNS'];
    else process.env['COLUMNS'] = old;
  }
}

/** A subclassed model: two tracked Dense layers, no graph. */
class TwoDense extends Model {
  static override readonly className: string = 'TwoDense';
  readonly hidden = new Dense({units: 4, name: 'hidden'});
  readonly logits = new Dense({units: 2, name: 'logits'});
  override get layers(): AnyLayer[] {
    return [this.hidden, this.logits];
  }
  override get inputNames(): string[] {
    return ['x'];
  }
  override get outputNames(): string[] {
    return ['y'];
  }
  override forward(xs: Tensor[]): Tensor[] {
    return [this.logits.apply(this.hidden.apply(xs[0] as Tensor))];
  }
}

describe('summary: Keras 3 text', () => {
  beforeEach(() => resetNames());

  it('Sequential MLP at the default width of an 80-column terminal (76)', () => {
    const m = sequential({name: 'mlp', layers: [new Dense({units: 512, activation: 'relu', inputShape: [784]}), new Dropout({rate: 0.2}), new Dense({units: 10, activation: 'softmax'})]});
    const printed: string[] = [];
    const text = withColumns(80, () => m.summary({printFn: (l) => printed.push(l)}));
    expect(printed.join('\n')).to.equal(text);
    expect(text).to.equal(K.EXPECTED_MLP);
    // The one-argument form still prints line by line; null prints nothing.
    const lines: string[] = [];
    expect(withColumns(80, () => m.summary((l) => lines.push(l)))).to.equal(K.EXPECTED_MLP);
    expect(lines).to.have.length(K.EXPECTED_MLP.split('\n').length);
    m.dispose();
  });

  function twoInputs(): ReturnType<typeof model> {
    const a = input({shape: [4], name: 'a'});
    const b = input({shape: [3], name: 'b'});
    const da = new Dense({units: 2, name: 'da'}).apply(a);
    const db = new Dense({units: 2, name: 'db'}).apply(b);
    const cat = new Concatenate({name: 'cat'}).apply([da, db]) as SymbolicTensor;
    return model({inputs: [a, b], outputs: new Dense({units: 1, name: 'out'}).apply(cat), name: 'two_inputs'});
  }

  it('a branching functional model: Keras layer order (by depth), Connected to, 108 wide', () => {
    // keras/src/ops/function.py map_graph: inputs (deepest) first, then da/db, cat, out.
    const m = twoInputs();
    expect(withColumns(200, () => m.summary(null))).to.equal(K.EXPECTED_B);
    m.dispose();
  });

  it('layerRange keeps the layers between two names (patterns matched at the start, as re.match)', () => {
    const m = twoInputs();
    expect(withColumns(200, () => m.summary({printFn: null, layerRange: ['da', 'ca']}))).to.equal(K.EXPECTED_B_RANGE);
    expect(() => m.summary({printFn: null, layerRange: ['zz', 'out']})).to.throw(ValueError, /does not match.*a, b, da, db, cat, out/);
    m.dispose();
  });

  it('a functional chain is sequential-like (no Connected to) and keeps its InputLayer row; lineLength', () => {
    const x = input({shape: [3], name: 'x'});
    const h = new Dense({units: 4, name: 'h'}).apply(x);
    const m = model({inputs: x, outputs: new Dense({units: 2, name: 'y'}).apply(h), name: 'chain'});
    expect(m.summary({printFn: null, lineLength: 60})).to.equal(K.EXPECTED_C);
    m.dispose();
  });

  it('a shared layer makes the graph non-sequential: both calls listed in Connected to', () => {
    const x = input({shape: [3], name: 'x'});
    const shared = new Dense({units: 3, name: 'shared'});
    const m = model({inputs: x, outputs: shared.apply(shared.apply(x)), name: 'shared'});
    expect(withColumns(200, () => m.summary(null))).to.equal(K.EXPECTED_D);
    m.dispose();
  });

  function nested(): ReturnType<typeof model> {
    const innerIn = input({shape: [3], name: 'inner_in'});
    const inner = model({inputs: innerIn, outputs: new Dense({units: 2, name: 'inner_dense'}).apply(innerIn), name: 'inner'});
    const x = input({shape: [3], name: 'x'});
    const head = new Dense({units: 1, name: 'head'});
    const m = model({inputs: x, outputs: head.apply(inner.apply(x) as SymbolicTensor), name: 'outer'});
    head.trainable = false;
    return m;
  }

  it('a nested model is one row; expandNested lists its layers under it; showTrainable gives Y / N / -', () => {
    const m = nested();
    expect(withColumns(200, () => m.summary(null))).to.equal(K.EXPECTED_E_FLAT);
    expect(withColumns(200, () => m.summary({printFn: null, expandNested: true, showTrainable: true}))).to.equal(K.EXPECTED_E);
    m.dispose();
  });

  it('an unbuilt Sequential: shapes "?" and "0 (unbuilt)", wrapped in a narrow table', () => {
    const m = sequential({name: 'unbuilt', layers: [new Dense({units: 4}), new Dense({units: 2})]});
    expect(m.summary({printFn: null, lineLength: 50})).to.equal(K.EXPECTED_F);
    m.dispose();
  });

  it('a layer with several outputs prints a list of shapes; outputs of a node are indexed in Connected to', () => {
    const i = input({shape: [3], name: 'i'});
    const heads = model({inputs: i, outputs: [new Dense({units: 2, name: 'p'}).apply(i), new Dense({units: 3, name: 'q'}).apply(i)], name: 'two_heads'});
    const x = input({shape: [3], name: 'x'});
    const both = heads.apply(x) as SymbolicTensor[];
    const m = model({inputs: x, outputs: new Concatenate({name: 'cat'}).apply(both) as SymbolicTensor, name: 'heads'});
    expect(withColumns(80, () => m.summary(null))).to.equal(K.EXPECTED_H);
    m.dispose();
  });

  it('a subclassed model lists its layers: "?" before it runs, the shapes it was built with after; optimizer params once trained', async () => {
    const m = new TwoDense({name: 'two_dense'});
    const before = withColumns(80, () => m.summary(null));
    expect(before).to.contain('│ hidden (Dense)                  │ ?                      │   0 (unbuilt) │');
    expect(before).to.contain(' Total params: 0 (0.00 B)');
    const x = tensor2d([[1, 2, 3], [4, 5, 6]]);
    const y = tensor2d([[1, 0], [0, 1]]);
    (m.predict(x) as Tensor).dispose();
    m.compile({optimizer: new optimizers.Adam(), loss: 'meanSquaredError'});
    expect(withColumns(80, () => m.summary(null))).to.not.contain('Optimizer params');
    await m.fit(x, y, {epochs: 1, batchSize: 2, verbose: 0});
    // Adam in Keras 3: iteration (int64, 8 bytes) + learning_rate (float32) + m and v per weight: 1 + 1 + 2 * 26 = 54.
    expect(withColumns(80, () => m.summary(null))).to.equal(K.EXPECTED_G_AFTER);
    [x, y].forEach((t) => t.dispose());
    m.dispose();
  });

  it('sizes are printed as Python formats them: two decimals, halves to even', () => {
    // keras/src/utils/summary_utils.py readable_memory_size: "{:.2f} {}"; 1152 B = 1.125 KB -> "1.12 KB".
    expect(readableSize(0)).to.equal('0.00 B');
    expect(readableSize(1023)).to.equal('1023.00 B');
    expect(readableSize(1024)).to.equal('1.00 KB');
    expect(readableSize(1152)).to.equal('1.12 KB');
    expect(readableSize(1408)).to.equal('1.38 KB');
    expect(readableSize(1628200)).to.equal('1.55 MB');
    expect(readableSize(102_400_000)).to.equal('97.66 MB');
  });

  it('bad options are refused with what was expected', () => {
    const m = sequential({layers: [new Dense({units: 2, inputShape: [3]})]});
    expect(() => m.summary({printFn: null, positions: [0.5, 1]})).to.throw(ValueError, /positions must be 3 numbers/);
    expect(() => m.summary({printFn: null, lineLength: 10})).to.throw(ValueError, /insufficient width/);
    expect(() => m.summary({printFn: null, lineLength: -3})).to.throw(ValueError, /lineLength must be a positive integer, received -3/);
    m.dispose();
  });
});
