/**
 * The graph Keras draws for a model (keras/src/utils/model_visualization.py `model_to_dot`): one box per
 * layer (a whole subclassed model is one box), an edge from the layer that produced each input of a
 * layer, and, with `expandNested`, each nested Sequential or functional model drawn as a dashed cluster
 * of its own layers, edges going to the layers inside it. The DOT and SVG writers both render this.
 */
import {ValueError} from '@stratum/core';
import {InputLayer} from '@stratum/layers';
import type {AnyLayer, Node, Shape, SymbolicTensor} from '@stratum/layers';
import {classNameOf, functionalGraph, isModel, modelKind} from '../graph/keras-graph.js';
import type {ModelView} from '../graph/keras-graph.js';

/** Options of {@link plotModel} that decide what the boxes say. */
export interface PlotLabelOptions {
  /** Input and output shapes in each box (Keras `show_shapes`). Default false. */
  showShapes?: boolean;
  /** Output dtype in each box (Keras `show_dtype`). Default false. */
  showDtype?: boolean;
  /** Layer names (otherwise only class names), as Keras `show_layer_names`. Default false, as Keras `plot_model`. */
  showLayerNames?: boolean;
  /** The activation of layers that have one (Keras `show_layer_activations`). Default false. */
  showLayerActivations?: boolean;
  /** A Trainable / Non-trainable cell for layers with weights (Keras `show_trainable`). Default false. */
  showTrainable?: boolean;
}

/** One cell of the row under a box's title. */
export interface PlotCell {
  text: string;
  /** The bold part of the text (the value), shown after `text`. */
  value: string;
  kind: 'shape' | 'dtype' | 'trainable' | 'frozen';
}

export interface PlotNode {
  readonly type: 'node';
  id: string;
  layer: AnyLayer;
  /** Bold title (name or class) and the plain part after it (` (Dense)` when names are shown). */
  title: {bold: string; rest: string};
  activation: string | null;
  cells: PlotCell[];
  /** Keras's `colspan` of the title row: 2 for shapes, 1 each for dtype and trainable, as asked (at least 1). */
  colspan: number;
}

export interface PlotCluster {
  readonly type: 'cluster';
  name: string;
  items: (PlotNode | PlotCluster)[];
  edges: [string, string][];
}

export interface PlotGraph {
  items: (PlotNode | PlotCluster)[];
  edges: [string, string][];
}

/** Python's `str` of a shape tuple: `(None, 3)`, `(None,)`, `()`. */
export function pythonShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0] as string},)` : `(${dims.join(', ')})`;
}

/** One value, or Python's list repr of several (Keras maps `.shape` / `.dtype` over `layer.input` / `layer.output`). */
function pyValue(items: string[], quote: boolean): string {
  if (items.length === 1) return items[0] as string;
  return `[${items.map((s) => (quote ? `'${s}'` : s)).join(', ')}]`;
}

/** Keras `layer.input` / `layer.output`: a model's own symbolic ends, else the tensors of the layer's first call. */
function endTensors(layer: AnyLayer, which: 'input' | 'output'): SymbolicTensor[] | null {
  if (isModel(layer) && modelKind(layer) !== 'subclassed') {
    try {
      return which === 'input' ? (layer as unknown as {inputs: SymbolicTensor[]}).inputs : (layer as unknown as {outputs: SymbolicTensor[]}).outputs;
    } catch {
      return null;
    }
  }
  const node = layer.inboundNodes[0];
  if (node === undefined) return null;
  return which === 'input' ? node.inputTensors : node.outputTensors;
}

function activationName(layer: AnyLayer): string | null {
  const a = (layer as {activation?: unknown}).activation;
  if (typeof a === 'string') return a;
  if (typeof a === 'object' && a !== null && typeof (a as {name?: unknown}).name === 'string') return (a as {name: string}).name;
  return null;
}

/** Keras `make_layer_label`'s content for one layer. */
function makeNode(id: string, layer: AnyLayer, o: PlotLabelOptions): PlotNode {
  const cls = classNameOf(layer);
  const title = o.showLayerNames === true ? {bold: layer.name, rest: ` (${cls})`} : {bold: cls, rest: ''};
  const cells: PlotCell[] = [];
  if (o.showShapes === true) {
    const fmt = (ts: SymbolicTensor[] | null): string => (ts === null ? '?' : pyValue(ts.map((t) => pythonShape(t.shape)), false));
    if (!(layer instanceof InputLayer)) cells.push({text: 'Input shape: ', value: fmt(endTensors(layer, 'input')), kind: 'shape'});
    cells.push({text: 'Output shape: ', value: fmt(endTensors(layer, 'output')), kind: 'shape'});
  }
  if (o.showDtype === true) {
    const outs = endTensors(layer, 'output');
    cells.push({text: 'Output dtype: ', value: outs === null || outs.length === 0 ? '?' : pyValue(outs.map((t) => t.dtype), true), kind: 'dtype'});
  }
  if (o.showTrainable === true && layer.weights.length > 0) {
    cells.push(layer.trainable ? {text: '', value: 'Trainable', kind: 'trainable'} : {text: '', value: 'Non-trainable', kind: 'frozen'});
  }
  const activation = o.showLayerActivations === true ? activationName(layer) : null;
  const colspan = Math.max(1, (o.showShapes === true ? 2 : 0) + (o.showDtype === true ? 1 : 0) + (o.showTrainable === true ? 1 : 0));
  return {type: 'node', id, layer, title, activation, cells, colspan};
}

class Builder {
  private readonly ids = new Map<AnyLayer, string>();
  constructor(private readonly options: PlotLabelOptions, private readonly expandNested: boolean) {}

  id(layer: AnyLayer): string {
    let id = this.ids.get(layer);
    if (id === undefined) {
      id = String(this.ids.size + 1);
      this.ids.set(layer, id);
    }
    return id;
  }

  private expands(layer: AnyLayer): layer is ModelView {
    return this.expandNested && isModel(layer) && modelKind(layer) !== 'subclassed';
  }

  /** A model's boxes, clusters and edges (Keras `model_to_dot`, `subgraph` for a nested model). */
  build(model: ModelView): PlotGraph {
    const kind = modelKind(model);
    if (kind === 'subclassed') return {items: [makeNode(this.id(model), model, this.options)], edges: []};
    const graph = kind === 'functional' ? functionalGraph(model) : null;
    const layers = graph?.layers ?? model.layers;
    const items = layers.map((l): PlotNode | PlotCluster => {
      if (this.expands(l)) return {type: 'cluster', name: l.name, ...this.build(l)};
      return makeNode(this.id(l), l, this.options);
    });
    const edges: [string, string][] = [];
    const add = (src: AnyLayer, dst: AnyLayer): void => {
      const e: [string, string] = [this.id(src), this.id(dst)];
      if (!edges.some(([a, b]) => a === e[0] && b === e[1])) edges.push(e);
    };
    if (kind === 'sequential' && !this.expandNested) {
      for (let i = 0; i + 1 < layers.length; i++) add(layers[i] as AnyLayer, layers[i + 1] as AnyLayer);
      return {items, edges};
    }
    // The first layer of a Sequential is fed by its InputLayer, which is not drawn.
    const targets = kind === 'sequential' ? layers.slice(1) : layers;
    for (const layer of targets) {
      layer.inboundNodes.forEach((node: Node) => {
        if (graph !== null && !graph.nodes.has(node)) return;
        node.inputTensors.forEach((t, inputIndex) => {
          if (!this.expandNested) return add(t.sourceLayer as AnyLayer, layer);
          add(this.resolveSource(t), this.resolveDestination(layer, inputIndex));
        });
      });
    }
    return {items, edges};
  }

  /** Into nested models: the layer inside that produces the tensor. */
  private resolveSource(t: SymbolicTensor): AnyLayer {
    let source = t.sourceLayer as AnyLayer;
    let index = t.tensorIndex;
    while (isModel(source) && modelKind(source) !== 'subclassed') {
      const out = (source as unknown as {outputs: SymbolicTensor[]}).outputs[index];
      if (out === undefined) throw new ValueError(`plotModel: model "${source.name}" has no output ${index}`);
      source = out.sourceLayer as AnyLayer;
      index = out.tensorIndex;
    }
    return source;
  }

  /** Into nested models: a functional model's InputLayer for this input, a Sequential's first layer. */
  private resolveDestination(layer: AnyLayer, inputIndex: number): AnyLayer {
    let dest = layer;
    while (isModel(dest) && modelKind(dest) !== 'subclassed') {
      if (modelKind(dest) === 'functional') {
        const inp = (dest as unknown as {inputs: SymbolicTensor[]}).inputs[inputIndex];
        if (inp === undefined) throw new ValueError(`plotModel: model "${dest.name}" has no input ${inputIndex}`);
        dest = inp.sourceLayer as AnyLayer;
      } else {
        const first = dest.layers[0];
        if (first === undefined) throw new ValueError(`plotModel: Sequential "${dest.name}" has no layers`);
        dest = first;
      }
    }
    return dest;
  }
}

/** The boxes, clusters and edges of `model` (Keras `model_to_dot`'s structure). */
export function plotGraph(model: ModelView, options: PlotLabelOptions, expandNested: boolean): PlotGraph {
  if (!model.built) {
    throw new ValueError(`plotModel: model "${model.name}" has not been built yet; build it first (build(), or call it on data, or give its first layer an inputShape)`);
  }
  return new Builder(options, expandNested).build(model);
}

/** Every box of a graph, clusters flattened, in order. */
export function allNodes(items: readonly (PlotNode | PlotCluster)[]): PlotNode[] {
  return items.flatMap((it) => (it.type === 'node' ? [it] : allNodes(it.items)));
}

/** Every edge of a graph, clusters' included. */
export function allEdges(graph: PlotGraph | PlotCluster): [string, string][] {
  return [...graph.edges, ...graph.items.flatMap((it) => (it.type === 'cluster' ? allEdges(it) : []))];
}
