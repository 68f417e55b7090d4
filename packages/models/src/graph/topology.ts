/**
 * Orders the nodes of a functional graph so that every node comes after the nodes that feed it, and
 * checks that every output is reachable from the declared inputs.
 */
import {ValueError} from '@stratum/core';
import {InputLayer} from '@stratum/layers';
import type {AnyLayer, Node, SymbolicTensor} from '@stratum/layers';

export interface Topology {
  /** Nodes to execute, in order (input layers excluded). */
  nodes: Node[];
  /** Every layer, in first-use order (input layers first where they are first used). */
  layers: AnyLayer[];
}

function nodeOf(t: SymbolicTensor): Node {
  const layer = t.sourceLayer as AnyLayer;
  const node = layer.inboundNodes[t.nodeIndex];
  if (node === undefined) throw new ValueError(`Graph error: tensor ${t.name} refers to missing node ${t.nodeIndex} of layer "${layer.name}"`);
  return node;
}

export function topology(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Topology {
  const inputIds = new Set(inputs.map((t) => t.id));
  const order: Node[] = [];
  const done = new Set<Node>();
  const active = new Set<Node>();
  const visit = (t: SymbolicTensor, path: string[]): void => {
    const node = nodeOf(t);
    if (done.has(node)) return;
    if (inputIds.has(t.id)) {
      done.add(node);
      order.push(node);
      return;
    }
    if (node.layer instanceof InputLayer) {
      throw new ValueError(`Graph disconnected: output depends on input "${node.layer.name}", which is not among the model's inputs (${inputs.map((i) => i.sourceLayer.name).join(', ')}); path: ${[...path, node.layer.name].reverse().join(' -> ')}`);
    }
    if (active.has(node)) throw new ValueError(`Graph has a cycle through layer "${node.layer.name}"`);
    active.add(node);
    for (const x of [...node.inputTensors, ...node.argTensors]) visit(x, [...path, node.layer.name]);
    active.delete(node);
    done.add(node);
    order.push(node);
  };
  for (const o of outputs) visit(o, []);
  const layers: AnyLayer[] = [];
  for (const n of order) if (!layers.includes(n.layer as AnyLayer)) layers.push(n.layer as AnyLayer);
  for (const t of inputs) {
    const l = t.sourceLayer as AnyLayer;
    if (!layers.includes(l)) layers.unshift(l);
  }
  return {nodes: order.filter((n) => !(n.layer instanceof InputLayer)), layers};
}
