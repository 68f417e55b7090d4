/**
 * `model.summary()` as Keras 3 prints it (keras/src/utils/summary_utils.py `print_summary`, rendered by
 * rich without colours): the title, a table of layers (type), output shapes, parameter counts and, for
 * functional models that are not a plain chain, what each layer is connected to; then the parameter
 * totals with their sizes.
 */
import {ValueError, describe} from '@stratum/core';
import type {Optimizer, Variable} from '@stratum/core';
import {isShape} from '@stratum/layers';
import type {AnyLayer, Node, Shape, ShapeStructure} from '@stratum/layers';
import {classNameOf, functionalGraph, isModel, modelKind, sequentialLike} from '../graph/keras-graph.js';
import type {ModelView} from '../graph/keras-graph.js';
import {renderTable} from './text-table.js';
import type {Justify, TextColumn} from './text-table.js';

/** Options of `model.summary` (Keras `summary` arguments in camelCase). */
export interface SummaryOptions {
  /** Called with each line of the summary; `null` prints nothing. Default: `console.log` of the whole text. */
  printFn?: ((line: string) => void) | null;
  /** Total width of the table. Default as Keras: 88 (108 with "Connected to", +12 with `showTrainable`), at most the terminal's width less 4. */
  lineLength?: number;
  /** Right edge of each column as a fraction of `lineLength` (Keras `positions`); one per column. */
  positions?: number[];
  /** Also list the layers inside nested models, indented under them (Keras `expand_nested`). */
  expandNested?: boolean;
  /** Add a "Trainable" column: Y, N, or - for a layer without weights (Keras `show_trainable`). */
  showTrainable?: boolean;
  /** `[first, last]` layer names (regular expressions, as Keras `layer_range`): only those layers and the ones between. */
  layerRange?: [string, string];
}

/** What the summary reads from a model besides its layers. */
export interface SummaryModel extends ModelView {
  readonly compiled: {optimizer: Optimizer} | null;
}

/** Keras `format_shape`: `(None, 28, 28, 1)`; a one-axis shape prints `(None)` as Keras prints it. */
export function kerasShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

function flatShapes(s: ShapeStructure): Shape[] {
  if (isShape(s)) return [s];
  if (Array.isArray(s)) return s.flatMap((x) => flatShapes(x));
  return Object.keys(s).sort().flatMap((k) => flatShapes((s as Record<string, ShapeStructure>)[k] as ShapeStructure));
}

/** Keras `format_layer_shape`: the last node's outputs, else the shape the layer was built for, else "?". */
export function layerOutputShape(layer: AnyLayer): string {
  let shapes: Shape[];
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  if (node !== undefined) {
    shapes = node.outputTensors.map((t) => t.shape);
  } else if (layer.built && layer.buildInputShape !== null) {
    try {
      shapes = flatShapes(layer.computeOutputShape(layer.buildInputShape));
    } catch {
      return '?';
    }
  } else {
    return '?';
  }
  const parts = shapes.map(kerasShape);
  return parts.length === 1 ? (parts[0] as string) : `[${parts.join(', ')}]`;
}

/** `1234567` → `1,234,567` (Python's `{:,}`). */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const BYTES: Record<string, number> = {float32: 4, int32: 4, bool: 1, complex64: 8, string: 4};

function bytesOf(weights: readonly {size: number; dtype: string}[]): number {
  return [...new Set(weights)].reduce((n, w) => n + w.size * (BYTES[w.dtype] ?? 4), 0);
}

/** Keras `readable_memory_size`: `10.79 KB`, two decimals rounded as Python does (halves to even). */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let k = 0;
  while (k < units.length - 1 && bytes >= 1024 ** (k + 1)) k++;
  // bytes / 1024^k is exact in binary, so "round half to even" of its hundredths is computed exactly.
  const scale = BigInt(1024) ** BigInt(k);
  const num = BigInt(Math.round(bytes)) * BigInt(100);
  let q = num / scale;
  const r = num % scale;
  if (r * BigInt(2) > scale || (r * BigInt(2) === scale && q % BigInt(2) === BigInt(1))) q += BigInt(1);
  const whole = q / BigInt(100);
  const cents = (q % BigInt(100)).toString().padStart(2, '0');
  return `${whole}.${cents} ${units[k] as string}`;
}

interface Layout {
  sequentialLike: boolean;
  layers: AnyLayer[];
  relevantNodes: Set<Node> | null;
}

function layout(model: SummaryModel): Layout {
  const kind = modelKind(model);
  if (kind !== 'functional') return {sequentialLike: true, layers: model.layers, relevantNodes: null};
  const graph = functionalGraph(model);
  const plain = sequentialLike(graph);
  return {sequentialLike: plain, layers: graph.layers, relevantNodes: plain ? null : graph.nodes};
}

function connections(layer: AnyLayer, relevant: Set<Node>): string {
  const parts: string[] = [];
  for (const node of layer.inboundNodes) {
    if (relevant.size > 0 && !relevant.has(node)) continue;
    for (const t of node.inputTensors) parts.push(`${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`);
  }
  return parts.length === 0 ? '-' : parts.join(', ');
}

function layerRow(layer: AnyLayer, prefix: string, view: Layout, showTrainable: boolean): string[] {
  const params = layer.built ? withCommas(layer.countParams()) : '0 (unbuilt)';
  const row = [`${prefix}${layer.name} (${classNameOf(layer)})`, layerOutputShape(layer), params];
  if (view.relevantNodes !== null) row.push(connections(layer, view.relevantNodes));
  if (showTrainable) row.push(layer.weights.length > 0 ? (layer.trainable ? 'Y' : 'N') : '-');
  return row;
}

function rowsOf(layer: AnyLayer, level: number, view: Layout, options: SummaryOptions): string[][] {
  const prefix = level > 0 ? `${'   '.repeat(level)}└ ` : '';
  const rows = [layerRow(layer, prefix, view, options.showTrainable === true)];
  if (options.expandNested === true && isModel(layer)) {
    for (const inner of layer.layers) rows.push(...rowsOf(inner, level + 1, view, options));
  }
  return rows;
}

/** Keras `get_layer_index_bound_by_layer_name`: `[start, end)` of the layers a `layerRange` selects. */
function layerBounds(layers: readonly AnyLayer[], range: [string, string] | undefined): [number, number] {
  if (range === undefined) return [0, layers.length];
  if (!Array.isArray(range) || range.length !== 2 || range.some((r) => typeof r !== 'string')) {
    throw new ValueError(`summary: layerRange must be two strings (first and last layer names or patterns), received ${describe(range)}`);
  }
  const match = (p: string): number[] => layers.flatMap((l, i) => (new RegExp(`^(?:${p})`).test(l.name) ? [i] : []));
  const lower = match(range[0]);
  const upper = match(range[1]);
  if (lower.length === 0 || upper.length === 0) {
    throw new ValueError(`summary: layerRange ${describe(range)} does not match the model's layer names (${layers.map((l) => l.name).join(', ')})`);
  }
  if (Math.min(...lower) > Math.max(...upper)) return [Math.min(...upper), Math.max(...lower) + 1];
  return [Math.min(...lower), Math.max(...upper) + 1];
}

/** Columns of the process's terminal as Python's `shutil.get_terminal_size` finds them (COLUMNS, the tty, else 80). */
function terminalColumns(): number {
  const proc = (globalThis as {process?: {env?: Record<string, string | undefined>; stdout?: {isTTY?: boolean; columns?: number}}}).process;
  const env = Number.parseInt(proc?.env?.['COLUMNS'] ?? '', 10);
  if (Number.isInteger(env) && env > 0) return env;
  if (proc?.stdout?.isTTY === true && typeof proc.stdout.columns === 'number' && proc.stdout.columns > 0) return proc.stdout.columns;
  return 80;
}

function columnsFor(view: Layout, options: SummaryOptions): {columns: TextColumn[]; lineLength: number} {
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const justify: Justify[] = ['left', 'left', 'right'];
  let defaultLength = view.sequentialLike ? 88 : 108;
  let positions = options.positions ?? (view.sequentialLike ? [0.45, 0.8, 1.0] : [0.3, 0.56, 0.74, 1.0]);
  if (!view.sequentialLike) {
    header.push('Connected to');
    justify.push('left');
  }
  if (options.showTrainable === true) {
    defaultLength += 12;
    positions = [...positions.map((p) => p * 0.9), 1.0];
    header.push('Trainable');
    justify.push('center');
  }
  const lineLength = options.lineLength ?? Math.min(defaultLength, terminalColumns() - 4);
  if (!Number.isInteger(lineLength) || lineLength <= 0) throw new ValueError(`summary: lineLength must be a positive integer, received ${describe(options.lineLength)}`);
  if (positions.length !== header.length || positions.some((p) => typeof p !== 'number' || !Number.isFinite(p))) {
    throw new ValueError(`summary: positions must be ${header.length} numbers (${header.join(', ')}), received ${describe(options.positions)}`);
  }
  let current = 0;
  const columns = positions.map((pos, i) => {
    const width = Math.trunc(pos * lineLength) - current;
    if (width < 4) throw new ValueError(`summary: insufficient width to print the summary: column ${describe(header[i])} would be ${width} characters wide (lineLength ${lineLength}, positions ${describe(positions)})`);
    current += width;
    return {header: header[i] as string, justify: justify[i] as Justify, width};
  });
  return {columns, lineLength};
}

/** Optimizer variables as Keras counts them once the optimizer is built: iteration (int64), learning rate, slots. */
function optimizerTotals(model: SummaryModel): {count: number; bytes: number} | null {
  const opt = model.compiled?.optimizer;
  if (opt === undefined) return null;
  const state = opt.getWeights();
  try {
    if (opt.stepCalls === 0 && state.length <= 1) return null;
    const slots = state.slice(1).reduce((n, w) => n + w.tensor.size, 0);
    const lr = typeof opt.learningRateSource === 'number' ? 1 : 0;
    return {count: 1 + lr + slots, bytes: 8 + 4 * lr + 4 * slots};
  } finally {
    for (const w of state) w.tensor.dispose();
  }
}

/** The summary text, lines joined with "\n" (no final newline). */
export function formatSummary(model: SummaryModel, options: SummaryOptions = {}): string {
  const view = layout(model);
  const {columns, lineLength} = columnsFor(view, options);
  const [start, end] = layerBounds(view.layers, options.layerRange);
  const rows = view.layers.slice(start, end).flatMap((l) => rowsOf(l, 0, view, options));
  const trainable: Variable[] = model.trainableWeights;
  const frozen: Variable[] = model.nonTrainableWeights;
  const opt = optimizerTotals(model);
  const tCount = trainable.reduce((n, w) => n + w.size, 0);
  const fCount = frozen.reduce((n, w) => n + w.size, 0);
  const total = tCount + fCount + (opt?.count ?? 0);
  const totalBytes = bytesOf(trainable) + bytesOf(frozen) + (opt?.bytes ?? 0);
  const lines = [`Model: "${model.name}"`, ...renderTable(columns, rows, lineLength)];
  lines.push(` Total params: ${withCommas(total)} (${readableSize(totalBytes)})`);
  lines.push(` Trainable params: ${withCommas(tCount)} (${readableSize(bytesOf(trainable))})`);
  lines.push(` Non-trainable params: ${withCommas(fCount)} (${readableSize(bytesOf(frozen))})`);
  if (opt !== null) lines.push(` Optimizer params: ${withCommas(opt.count)} (${readableSize(opt.bytes)})`);
  return lines.join('\n');
}
