/**
 * DOT text of a model's plot as Keras makes it (keras/src/utils/model_visualization.py `model_to_dot`,
 * written out as pydot does): graph attributes, `node [shape=record]`, one node per layer whose label
 * is Keras's HTML-like table, clusters for expanded nested models, edges with `penwidth=2`. Node ids are
 * small integers (Keras uses Python object ids, which differ on every run).
 */
import type {PlotCell, PlotCluster, PlotGraph, PlotNode} from './plot-graph.js';

export interface DotOptions {
  rankdir: string;
  dpi: number;
  splines: string;
}

/** pydot's `quote_id_if_necessary`: plain identifiers and numerals stay bare, anything else is quoted. */
export function dotId(id: string): string {
  const keywords = ['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict'];
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !keywords.includes(id.toLowerCase())) return id;
  if (/^-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)$/.test(id)) return id;
  return `"${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes text for an HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cellHtml(c: PlotCell): string {
  if (c.kind === 'trainable') return '<td bgcolor="forestgreen"><font point-size="14" color="white"><b>Trainable</b></font></td>';
  if (c.kind === 'frozen') return '<td bgcolor="firebrick"><font point-size="14" color="white"><b>Non-trainable</b></font></td>';
  return `<td bgcolor="white"><font point-size="14">${html(c.text)}<b>${html(c.value)}</b></font></td>`;
}

/** Keras `make_layer_label`: the HTML-like table of one box. */
export function layerLabel(node: PlotNode): string {
  const colspan = node.colspan;
  let t = '<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">';
  t += `<tr><td colspan="${colspan}" bgcolor="black"><font point-size="16" color="white"><b>${html(node.title.bold)}</b>${html(node.title.rest)}</font></td></tr>`;
  if (node.activation !== null) {
    t += `<tr><td bgcolor="white" colspan="${colspan}"><font point-size="14">Activation: <b>${html(node.activation)}</b></font></td></tr>`;
  }
  if (node.cells.length > 0) t += `<tr>${node.cells.map(cellHtml).join('')}</tr>`;
  return `${t}</table>>`;
}

function nodeLine(node: PlotNode): string {
  return `${dotId(node.id)} [label=${layerLabel(node)}, fontname=Helvetica, border=0, margin=0];`;
}

function edgeLines(edges: readonly [string, string][]): string[] {
  return edges.map(([a, b]) => `${dotId(a)} -> ${dotId(b)} [penwidth=2];`);
}

function body(items: readonly (PlotNode | PlotCluster)[], edges: readonly [string, string][]): string[] {
  const lines: string[] = [];
  for (const it of items) {
    if (it.type === 'node') {
      lines.push(nodeLine(it));
    } else {
      lines.push(`subgraph ${dotId(`cluster_${it.name}`)} {`, 'style=dashed;', `label=${dotId(it.name)};`, 'labeljust=l;', ...body(it.items, it.edges), '}');
    }
  }
  lines.push(...edgeLines(edges));
  return lines;
}

/** The DOT text (ends with a newline, as pydot's `to_string`). */
export function toDot(graph: PlotGraph, o: DotOptions): string {
  const head = ['digraph G {', `rankdir=${dotId(o.rankdir)};`, 'concentrate=true;', `dpi=${o.dpi};`, `splines=${dotId(o.splines)};`, 'node [shape=record];'];
  return [...head, ...body(graph.items, graph.edges), '}', ''].join('\n');
}
