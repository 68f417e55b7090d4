/**
 * The views of a model that Keras's summary and plot take (and the order of a functional model's
 * `layers`): what kind of model it is, and for a functional model its nodes by depth and its layers in
 * Keras's order (keras/src/ops/function.py
 * `map_graph`: depth = number of nodes between a node and the outputs; layers by decreasing depth,
 * ties in the order a depth-first walk from the outputs first meets them). This module reads the graph
 * only; it never changes a model.
 */
import {InputLayer} from '@stratum/layers';
import type {AnyLayer, Node, SymbolicTensor} from '@stratum/layers';

/** A model as the summary and the plot see it (no import of model.ts, which imports the summary). */
export interface ModelView extends AnyLayer {
  readonly layers: AnyLayer[];
}

export type ModelKind = 'sequential' | 'functional' | 'subclassed';

/** Whether `layer` is a model (it has `layers`, as Keras's `hasattr(layer, "layers")`). */
export function isModel(layer: AnyLayer): layer is ModelView {
  return Array.isArray((layer as Partial<ModelView>).layers) && typeof (layer as {compile?: unknown}).compile === 'function';
}

/** Sequential (a stack: has `inputLayer` and `add`), functional (has `graphNodes`) or any other model. */
export function modelKind(model: ModelView): ModelKind {
  if ('graphNodes' in model) return 'functional';
  if ('inputLayer' in model && typeof (model as {add?: unknown}).add === 'function') return 'sequential';
  return 'subclassed';
}

export interface KerasGraph {
  /** Layers in Keras's `_operations` order. */
  layers: AnyLayer[];
  /** Nodes grouped by depth, deepest first (the model's inputs have the largest depth). */
  nodesByDepth: Node[][];
  /** Every node of the model's graph. */
  nodes: Set<Node>;
}

/** The node that produced `t`. */
export function producer(t: SymbolicTensor): Node | undefined {
  return (t.sourceLayer as AnyLayer).inboundNodes[t.nodeIndex];
}

function isInputNode(node: Node): boolean {
  return node.layer instanceof InputLayer;
}

/** Keras `map_graph` for the graph between `inputs` and `outputs` (both flat). */
export function kerasGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): KerasGraph {
  const inputSet = new Set(inputs);
  const finished = new Set<Node>();
  const order: Node[] = [];
  const layerIndex = new Map<AnyLayer, number>();
  const visit = (t: SymbolicTensor): void => {
    const node = producer(t);
    if (node === undefined || finished.has(node)) return;
    if (!isInputNode(node) && inputSet.has(t)) {
      finished.add(node);
      return;
    }
    const layer = node.layer as AnyLayer;
    if (!layerIndex.has(layer)) layerIndex.set(layer, layerIndex.size);
    if (!isInputNode(node)) for (const x of [...node.inputTensors, ...node.argTensors]) visit(x);
    finished.add(node);
    order.push(node);
  };
  for (const o of outputs) visit(o);

  const inGraph = new Set(order);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<AnyLayer, number>();
  for (const node of [...order].reverse()) {
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    const layer = node.layer as AnyLayer;
    const depth = Math.max(nodeDepth.get(node) as number, layerDepth.get(layer) ?? 0);
    layerDepth.set(layer, depth);
    nodeDepth.set(node, depth);
    for (const t of [...node.inputTensors, ...node.argTensors]) {
      const parent = producer(t);
      if (parent === undefined || !inGraph.has(parent)) continue;
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs that do not lead to any output still belong to the model, at depth 0.
  for (const t of inputs) {
    const node = producer(t);
    const layer = t.sourceLayer as AnyLayer;
    if (node !== undefined && isInputNode(node) && !layerDepth.has(layer)) {
      layerDepth.set(layer, 0);
      layerIndex.set(layer, -1);
      nodeDepth.set(node, 0);
    }
  }

  const depths = [...new Set(layerDepth.values())].sort((a, b) => b - a);
  const layers = depths.flatMap((d) =>
    [...layerDepth.entries()]
      .filter(([, ld]) => ld === d)
      .map(([l]) => l)
      .sort((a, b) => (layerIndex.get(a) as number) - (layerIndex.get(b) as number)),
  );
  const nodeDepths = [...new Set(nodeDepth.values())].sort((a, b) => b - a);
  const nodesByDepth = nodeDepths.map((d) => [...nodeDepth.entries()].filter(([, nd]) => nd === d).map(([n]) => n));
  return {layers, nodesByDepth, nodes: new Set(nodeDepth.keys())};
}

/** The graph of a functional model (its flat symbolic inputs and outputs). */
export function functionalGraph(model: ModelView): KerasGraph {
  const m = model as unknown as {inputs: SymbolicTensor[]; outputs: SymbolicTensor[]};
  return kerasGraph(m.inputs, m.outputs);
}

/**
 * Keras's `sequential_like` test for a functional model (keras/src/utils/summary_utils.py): no depth has
 * two nodes, no node takes several tensors, and no layer is used by two of the model's nodes.
 */
export function sequentialLike(graph: KerasGraph): boolean {
  const seen: Node[] = [];
  for (const v of graph.nodesByDepth) {
    if (v.length > 1 || (v.length === 1 && (v[0] as Node).inputTensors.length > 1)) return false;
    seen.push(...v);
  }
  for (const layer of graph.layers) {
    if (layer.inboundNodes.filter((n) => seen.includes(n)).length > 1) return false;
  }
  return true;
}

/** The class name Keras prints (`layer.__class__.__name__`): a class's own `className`, else its JS name. */
export function classNameOf(layer: object): string {
  const ctor = layer.constructor as {className?: string; name: string};
  if (Object.prototype.hasOwnProperty.call(ctor, 'className') && typeof ctor.className === 'string') return ctor.className;
  return ctor.name !== '' ? ctor.name : (ctor.className ?? 'Layer');
}
