/**
 * `plotModel`: a picture of a model's graph as Keras's `plot_model` draws it
 * (keras/src/utils/model_visualization.py), as DOT text or as SVG drawn here without graphviz.
 */
import {ValueError, describe} from '@stratum/core';
import type {AnyLayer} from '@stratum/layers';
import {isModel} from '../graph/keras-graph.js';
import {plotGraph} from './plot-graph.js';
import type {PlotLabelOptions} from './plot-graph.js';
import {toDot} from './plot-dot.js';
import type {Rankdir} from './plot-layout.js';
import {toSvg} from './plot-svg.js';

/** Options of {@link plotModel} (Keras `plot_model` arguments in camelCase). */
export interface PlotModelOptions extends PlotLabelOptions {
  /** `'svg'` (default): an SVG document laid out here; `'dot'`: the DOT text Keras gives graphviz. */
  format?: 'svg' | 'dot';
  /** Flow of the graph: `'TB'` top to bottom (default), `'LR'` left to right, `'BT'`, `'RL'`. */
  rankdir?: Rankdir;
  /** Draw the layers of nested Sequential and functional models inside dashed clusters (Keras `expand_nested`). */
  expandNested?: boolean;
  /** DOT only: the `dpi` graph attribute. Default 200. */
  dpi?: number;
  /** DOT only: the `splines` graph attribute (`'ortho'`, `'curved'`, `'polyline'`, `'spline'`, `'line'`). Default `'ortho'`. */
  splines?: string;
}

const RANKDIRS: readonly Rankdir[] = ['TB', 'BT', 'LR', 'RL'];

/**
 * Draws a model: one box per layer (a subclassed model is one box), an edge for each tensor passed from
 * one layer to another. Returns SVG (default) or DOT text; nothing is written to disk and no graphviz
 * binary is needed.
 *
 * @example
 * ```ts
 * const svg = st.plotModel(model, {showShapes: true, showLayerNames: true});
 * const dot = st.plotModel(model, {format: 'dot', rankdir: 'LR'});
 * ```
 */
export function plotModel(model: AnyLayer, options: PlotModelOptions = {}): string {
  if (!isModel(model)) throw new ValueError(`plotModel: expected a model (Sequential, functional or a Model subclass), received ${describe(model)}`);
  if (typeof options !== 'object' || options === null) throw new ValueError(`plotModel: options must be an object, received ${describe(options)}`);
  const format = options.format ?? 'svg';
  if (format !== 'svg' && format !== 'dot') throw new ValueError(`plotModel: format must be 'svg' or 'dot', received ${describe(format)}`);
  const rankdir = options.rankdir ?? 'TB';
  if (!RANKDIRS.includes(rankdir)) throw new ValueError(`plotModel: rankdir must be one of ${RANKDIRS.join(', ')}, received ${describe(rankdir)}`);
  const dpi = options.dpi ?? 200;
  if (typeof dpi !== 'number' || !(dpi > 0)) throw new ValueError(`plotModel: dpi must be a positive number, received ${describe(dpi)}`);
  const splines = options.splines ?? 'ortho';
  const graph = plotGraph(model, options, options.expandNested === true);
  return format === 'dot' ? toDot(graph, {rankdir, dpi, splines}) : toSvg(graph, rankdir);
}
