/**
 * plotModel: DOT as keras/src/utils/model_visualization.py `model_to_dot` builds it (written as pydot
 * writes it), and an SVG that is well-formed XML with one box per layer and one path per edge.
 */
import {expect} from 'chai';
import {ValueError} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Concatenate, Dense, input, resetNames} from '@stratum/layers';
import type {AnyLayer, SymbolicTensor} from '@stratum/layers';
import {Model, model, plotModel, sequential} from '../index.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
}

/** A small XML well-formedness check: every tag closed in order, attributes quoted, entities valid. */
function parseXml(text: string): XmlElement[] {
  const token = /<\?xml[^>]*\?>|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: string[] = [];
  const elements: XmlElement[] = [];
  let roots = 0;
  let m: RegExpExecArray | null;
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    m = token.exec(text);
    if (m === null) throw new Error(`not XML at ${at}: ${text.slice(at, at + 40)}`);
    const [, close, open, attrText, selfClose, chars] = m;
    if (close !== undefined) {
      if (stack.pop() !== close) throw new Error(`</${close}> closes the wrong element`);
    } else if (open !== undefined) {
      if (stack.length === 0) roots++;
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if ((a[1] as string) in attrs) throw new Error(`duplicate attribute ${a[1]}`);
        attrs[a[1] as string] = a[2] as string;
      }
      elements.push({name: open, attrs});
      if (selfClose !== '/') stack.push(open);
    } else if (chars !== undefined && /&(?!(amp|lt|gt|quot|apos);)/.test(chars)) {
      throw new Error(`bare & in ${chars}`);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return elements;
}

function branching(): ReturnType<typeof model> {
  const innerIn = input({shape: [3], name: 'inner_in'});
  const inner = model({inputs: innerIn, outputs: new Dense({units: 2, name: 'inner_dense'}).apply(innerIn), name: 'inner'});
  const a = input({shape: [3], name: 'a'});
  const b = input({shape: [3], name: 'b'});
  const x = inner.apply(a) as SymbolicTensor;
  const y = new Dense({units: 2, name: 'db'}).apply(b);
  const skip = new Dense({units: 2, name: 'skip'}).apply(a);
  const c = new Concatenate({name: 'cat'}).apply([x, y, skip]) as SymbolicTensor;
  return model({inputs: [a, b], outputs: new Dense({units: 1, name: 'out'}).apply(c), name: 'outer'});
}

/** A subclassed model: Keras draws it as one box. */
class Custom extends Model {
  static override readonly className: string = 'Custom';
  readonly d = new Dense({units: 2, name: 'd'});
  override get layers(): AnyLayer[] {
    return [this.d];
  }
  override get inputNames(): string[] {
    return ['x'];
  }
  override get outputNames(): string[] {
    return ['y'];
  }
  override forward(xs: Tensor[]): Tensor[] {
    return [this.d.apply(xs[0] as Tensor)];
  }
}

describe('plotModel', () => {
  beforeEach(() => resetNames());

  it('DOT of a Sequential: its layers (no InputLayer) chained, Keras labels with names and shapes', () => {
    const m = sequential({layers: [new Dense({units: 4, inputShape: [3], name: 'h'}), new Dense({units: 2, name: 'y'})]});
    const box = (name: string, cls: string, inShape: string, outShape: string): string =>
      `<<table border="0" cellborder="1" bgcolor="black" cellpadding="10"><tr><td colspan="2" bgcolor="black"><font point-size="16" color="white"><b>${name}</b> (${cls})</font></td></tr>` +
      `<tr><td bgcolor="white"><font point-size="14">Input shape: <b>${inShape}</b></font></td><td bgcolor="white"><font point-size="14">Output shape: <b>${outShape}</b></font></td></tr></table>>`;
    const expected = [
      'digraph G {',
      'rankdir=TB;',
      'concentrate=true;',
      'dpi=200;',
      'splines=ortho;',
      'node [shape=record];',
      `1 [label=${box('h', 'Dense', '(None, 3)', '(None, 4)')}, fontname=Helvetica, border=0, margin=0];`,
      `2 [label=${box('y', 'Dense', '(None, 4)', '(None, 2)')}, fontname=Helvetica, border=0, margin=0];`,
      '1 -> 2 [penwidth=2];',
      '}',
      '',
    ].join('\n');
    expect(plotModel(m, {format: 'dot', showLayerNames: true, showShapes: true})).to.equal(expected);
    m.dispose();
  });

  it('DOT defaults as plot_model: class names only, colspan 1; LR and dpi passed through', () => {
    const m = sequential({layers: [new Dense({units: 4, inputShape: [3]})]});
    const dot = plotModel(m, {format: 'dot', rankdir: 'LR', dpi: 96});
    expect(dot).to.contain('rankdir=LR;\n').and.to.contain('dpi=96;\n');
    expect(dot).to.contain('<tr><td colspan="1" bgcolor="black"><font point-size="16" color="white"><b>Dense</b></font></td></tr></table>>');
    m.dispose();
  });

  it('DOT of a functional model: Keras layer order, edges per input; expandNested makes a cluster and edges reach into it', () => {
    const m = branching();
    const flat = plotModel(m, {format: 'dot', showLayerNames: true});
    // keras/src/ops/function.py map_graph order: a, b (deepest), inner, db, skip, cat, out.
    const order = [...flat.matchAll(/<b>(\w+)<\/b> \(/g)].map((x) => x[1]);
    expect(order).to.deep.equal(['a', 'b', 'inner', 'db', 'skip', 'cat', 'out']);
    expect(flat.split('\n').filter((l) => l.includes('->'))).to.deep.equal(['1 -> 3 [penwidth=2];', '2 -> 4 [penwidth=2];', '1 -> 5 [penwidth=2];', '3 -> 6 [penwidth=2];', '4 -> 6 [penwidth=2];', '5 -> 6 [penwidth=2];', '6 -> 7 [penwidth=2];']);

    const nested = plotModel(m, {format: 'dot', showLayerNames: true, expandNested: true});
    const lines = nested.split('\n');
    const idOf = (name: string): string => (lines.find((l) => l.includes(`<b>${name}</b>`)) as string).split(' ')[0] as string;
    const start = lines.indexOf('subgraph cluster_inner {');
    expect(lines.slice(start + 1, start + 4)).to.deep.equal(['style=dashed;', 'label=inner;', 'labeljust=l;']);
    // Into the cluster: a feeds inner's InputLayer; inner's output comes from inner_dense.
    expect(nested).to.contain(`${idOf('inner_in')} -> ${idOf('inner_dense')} [penwidth=2];`);
    expect(nested).to.contain(`${idOf('a')} -> ${idOf('inner_in')} [penwidth=2];`);
    expect(nested).to.contain(`${idOf('inner_dense')} -> ${idOf('cat')} [penwidth=2];`);
    expect(nested).to.not.contain('<b>inner</b>');
    m.dispose();
  });

  it('showTrainable, showDtype and showLayerActivations cells', () => {
    const x = input({shape: [3], name: 'x'});
    const frozen = new Dense({units: 2, activation: 'relu', name: 'frozen'});
    const m = model({inputs: x, outputs: frozen.apply(x)});
    frozen.trainable = false;
    const dot = plotModel(m, {format: 'dot', showTrainable: true, showDtype: true, showLayerActivations: true});
    expect(dot).to.contain('<td bgcolor="firebrick"><font point-size="14" color="white"><b>Non-trainable</b></font></td>');
    expect(dot).to.contain('Output dtype: <b>float32</b>');
    expect(dot).to.contain('Activation: <b>relu</b>');
    // The InputLayer has no weights: no trainable cell, but the title still spans dtype + trainable (2).
    expect(dot).to.contain('<td colspan="2" bgcolor="black"><font point-size="16" color="white"><b>InputLayer</b>');
    m.dispose();
  });

  it('the XML check used below rejects malformed documents', () => {
    expect(() => parseXml('<svg><g></svg>')).to.throw(/closes the wrong element/);
    expect(() => parseXml('<svg><text>a & b</text></svg>')).to.throw(/bare &/);
    expect(() => parseXml('<svg x=1></svg>')).to.throw(/not XML/);
    expect(() => parseXml('<svg><g>')).to.throw(/unclosed/);
    expect(parseXml('<svg a="1"><g/></svg>').map((e) => e.name)).to.deep.equal(['svg', 'g']);
  });

  for (const rankdir of ['TB', 'LR', 'BT', 'RL'] as const) {
    it(`SVG (${rankdir}) is well-formed XML with a box per layer and a path per edge`, () => {
      const m = branching();
      for (const expandNested of [false, true]) {
        const svg = plotModel(m, {showLayerNames: true, showShapes: true, showTrainable: true, expandNested, rankdir});
        const elements = parseXml(svg);
        const nodes = elements.filter((e) => e.name === 'g' && e.attrs['class'] === 'node');
        const names = expandNested ? ['a', 'b', 'inner_in', 'inner_dense', 'db', 'skip', 'cat', 'out'] : ['a', 'b', 'inner', 'db', 'skip', 'cat', 'out'];
        expect(nodes.map((n) => n.attrs['data-layer']).sort()).to.deep.equal([...names].sort());
        const edges = elements.filter((e) => e.name === 'path' && e.attrs['class'] === 'edge');
        expect(edges).to.have.length(expandNested ? 8 : 7);
        for (const e of edges) expect(e.attrs['d']).to.match(/^M [\d.-]+ [\d.-]+( C [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+)+$/);
        expect(elements.filter((e) => e.name === 'g' && e.attrs['class'] === 'cluster')).to.have.length(expandNested ? 1 : 0);
        // Each box: a title rect plus one rect per cell (input shape, output shape, trainable for Dense).
        expect(elements.filter((e) => e.name === 'rect').length).to.be.greaterThan(nodes.length * 2);
        for (const name of names) expect(svg).to.contain(`<tspan font-weight="bold">${name}</tspan>`);
      }
      m.dispose();
    });
  }

  it('SVG boxes of one layer do not overlap, and each edge starts at its source box and ends at its target', () => {
    const m = branching();
    const svg = plotModel(m, {showLayerNames: true});
    const elements = parseXml(svg);
    const titleRects = elements.filter((e, i) => e.name === 'rect' && elements[i - 1]?.attrs['class'] === 'node');
    const boxes = titleRects.map((r) => ({x: Number(r.attrs['x']), y: Number(r.attrs['y']), w: Number(r.attrs['width']), h: Number(r.attrs['height'])}));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i], boxes[j]] as [(typeof boxes)[0], (typeof boxes)[0]];
        const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
        expect(apart, `boxes ${i} and ${j} overlap`).to.equal(true);
      }
    }
    m.dispose();
  });

  it('a subclassed model is one box; an unbuilt model and bad options are refused', () => {
    const c = new Custom({name: 'custom'});
    c.built = true;
    const dot = plotModel(c, {format: 'dot'});
    expect(dot.match(/\[label=/g)).to.have.length(1);
    expect(dot).to.contain('<b>Custom</b>').and.to.not.contain('->');
    const unbuilt = sequential({layers: [new Dense({units: 2})]});
    expect(() => plotModel(unbuilt)).to.throw(ValueError, /has not been built/);
    const m = sequential({layers: [new Dense({units: 2, inputShape: [3]})]});
    expect(() => plotModel(m, {format: 'png' as 'svg'})).to.throw(ValueError, /format must be 'svg' or 'dot', received "png"/);
    expect(() => plotModel(m, {rankdir: 'XY' as 'TB'})).to.throw(ValueError, /rankdir must be one of TB, BT, LR, RL/);
    expect(() => plotModel(new Dense({units: 1}) as AnyLayer)).to.throw(ValueError, /expected a model/);
    [c, unbuilt, m].forEach((x) => x.dispose());
  });
});
