/**
 * SVG of a model's plot, drawn without graphviz: Keras's boxes (black title row with the layer's name or
 * class, an activation row, a row of white cells for shapes and dtype, a green "Trainable" or red
 * "Non-trainable" cell), placed by `layeredLayout`, joined by arrowed paths, nested models as dashed
 * clusters. Text widths are estimated (0.6 em per character).
 */
import {allEdges, allNodes} from './plot-graph.js';
import type {PlotCell, PlotCluster, PlotGraph, PlotNode} from './plot-graph.js';
import {layeredLayout} from './plot-layout.js';
import type {Placed, Point, Rankdir} from './plot-layout.js';

const TITLE_FONT = 14;
const CELL_FONT = 12;
const ROW = 26;
const PAD = 10;
const MARGIN = 24;
const CLUSTER_PAD = 14;

/** Escapes text and attribute values for XML. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function textWidth(chars: number, font: number): number {
  return Math.ceil(chars * font * 0.6) + 2 * PAD;
}

function cellText(c: PlotCell): string {
  return c.text + c.value;
}

function boxSize(n: PlotNode): {width: number; height: number} {
  const title = textWidth((n.title.bold + n.title.rest).length, TITLE_FONT);
  const act = n.activation === null ? 0 : textWidth(`Activation: ${n.activation}`.length, CELL_FONT);
  const cells = n.cells.reduce((s, c) => s + textWidth(cellText(c).length, CELL_FONT), 0);
  const rows = 1 + (n.activation === null ? 0 : 1) + (n.cells.length > 0 ? 1 : 0);
  return {width: Math.max(title, act, cells, 60), height: rows * ROW};
}

function f(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function rect(x: number, y: number, w: number, h: number, fill: string, extra = ''): string {
  return `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${fill}" stroke="black"${extra}/>`;
}

function label(x: number, y: number, font: number, color: string, parts: [string, boolean][], anchor = 'middle'): string {
  const spans = parts.map(([t, bold]) => `<tspan${bold ? ' font-weight="bold"' : ''}>${xml(t)}</tspan>`).join('');
  return `<text x="${f(x)}" y="${f(y)}" font-size="${font}" fill="${color}" text-anchor="${anchor}" dominant-baseline="central" xml:space="preserve">${spans}</text>`;
}

function nodeSvg(n: PlotNode, p: Placed): string {
  const parts = [`<g class="node" id="node-${xml(n.id)}" data-layer="${xml(n.layer.name)}">`];
  let y = p.y;
  parts.push(rect(p.x, y, p.width, ROW, 'black'));
  parts.push(label(p.x + p.width / 2, y + ROW / 2, TITLE_FONT, 'white', [[n.title.bold, true], [n.title.rest, false]]));
  y += ROW;
  if (n.activation !== null) {
    parts.push(rect(p.x, y, p.width, ROW, 'white'));
    parts.push(label(p.x + p.width / 2, y + ROW / 2, CELL_FONT, 'black', [['Activation: ', false], [n.activation, true]]));
    y += ROW;
  }
  if (n.cells.length > 0) {
    const widths = n.cells.map((c) => textWidth(cellText(c).length, CELL_FONT));
    const extra = (p.width - widths.reduce((s, w) => s + w, 0)) / n.cells.length;
    let x = p.x;
    n.cells.forEach((c, i) => {
      const w = (widths[i] as number) + extra;
      const fill = c.kind === 'trainable' ? 'forestgreen' : c.kind === 'frozen' ? 'firebrick' : 'white';
      const color = c.kind === 'trainable' || c.kind === 'frozen' ? 'white' : 'black';
      parts.push(rect(x, y, w, ROW, fill));
      parts.push(label(x + w / 2, y + ROW / 2, CELL_FONT, color, [[c.text, false], [c.value, true]]));
      x += w;
    });
  }
  parts.push('</g>');
  return parts.join('');
}

function pathOf(points: readonly Point[], vertical: boolean): string {
  const [first, ...rest] = points as [Point, ...Point[]];
  let d = `M ${f(first.x)} ${f(first.y)}`;
  let prev = first;
  for (const q of rest) {
    // A cubic whose tangents follow the flow: leaves and enters each box straight.
    if (vertical) {
      const my = (prev.y + q.y) / 2;
      d += ` C ${f(prev.x)} ${f(my)} ${f(q.x)} ${f(my)} ${f(q.x)} ${f(q.y)}`;
    } else {
      const mx = (prev.x + q.x) / 2;
      d += ` C ${f(mx)} ${f(prev.y)} ${f(mx)} ${f(q.y)} ${f(q.x)} ${f(q.y)}`;
    }
    prev = q;
  }
  return d;
}

interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Clusters as dashed frames around their boxes (outer frames first, so inner ones draw on top). */
function clusterFrames(items: readonly (PlotNode | PlotCluster)[], boxes: Map<string, Placed>, out: string[], level = 0): Bounds[] {
  const frames: Bounds[] = [];
  for (const it of items) {
    if (it.type !== 'cluster') continue;
    const members = allNodes(it.items).map((n) => boxes.get(n.id)).filter((p): p is Placed => p !== undefined);
    if (members.length === 0) continue;
    const inner: string[] = [];
    const nested = clusterFrames(it.items, boxes, inner, level + 1);
    const pad = CLUSTER_PAD;
    const b: Bounds = {
      x0: Math.min(...members.map((m) => m.x), ...nested.map((n) => n.x0)) - pad,
      y0: Math.min(...members.map((m) => m.y), ...nested.map((n) => n.y0)) - pad - CELL_FONT - 4,
      x1: Math.max(...members.map((m) => m.x + m.width), ...nested.map((n) => n.x1)) + pad,
      y1: Math.max(...members.map((m) => m.y + m.height), ...nested.map((n) => n.y1)) + pad,
    };
    out.push(`<g class="cluster" data-name="${xml(it.name)}">${rect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, 'none', ' stroke-dasharray="6 4"')}${label(b.x0 + 6, b.y0 + CELL_FONT / 2 + 4, CELL_FONT, 'black', [[it.name, false]], 'start')}</g>`);
    out.push(...inner);
    frames.push(b);
  }
  return frames;
}

/** The SVG document of a plot graph. */
export function toSvg(graph: PlotGraph, rankdir: Rankdir): string {
  const nodes = allNodes(graph.items);
  const edges = allEdges(graph);
  const groups = new Map<string, string>();
  graph.items.forEach((it) => {
    if (it.type === 'cluster') for (const n of allNodes(it.items)) groups.set(n.id, it.name);
  });
  const layout = layeredLayout(
    nodes.map((n) => ({id: n.id, ...boxSize(n), group: groups.get(n.id)})),
    edges,
    rankdir,
  );
  const frames: string[] = [];
  const bounds = clusterFrames(graph.items, layout.boxes, frames);
  const all = [...[...layout.boxes.values()].map((p) => ({x0: p.x, y0: p.y, x1: p.x + p.width, y1: p.y + p.height})), ...bounds];
  const x0 = Math.min(0, ...all.map((b) => b.x0));
  const y0 = Math.min(0, ...all.map((b) => b.y0));
  const width = Math.max(0, ...all.map((b) => b.x1)) - x0 + 2 * MARGIN;
  const height = Math.max(0, ...all.map((b) => b.y1)) - y0 + 2 * MARGIN;
  const vertical = rankdir === 'TB' || rankdir === 'BT';
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const known = edges.filter(([a, b]) => byId.has(a) && byId.has(b) && a !== b);
  const edgeSvg = known.map(([a, b], i) => `<g class="edge" data-from="${xml(a)}" data-to="${xml(b)}"><path class="edge" d="${pathOf(layout.edges[i] as Point[], vertical)}" fill="none" stroke="black" stroke-width="2" marker-end="url(#arrow)"/></g>`);
  const nodeSvgs = nodes.map((n) => nodeSvg(n, layout.boxes.get(n.id) as Placed));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" viewBox="0 0 ${f(width)} ${f(height)}" font-family="Helvetica, Arial, sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="black"/></marker></defs>',
    `<g transform="translate(${f(MARGIN - x0)} ${f(MARGIN - y0)})">`,
    ...frames,
    ...edgeSvg,
    ...nodeSvgs,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
