/**
 * Orders the nodes of a functional graph so that every node comes after the nodes that feed it, and
 * checks that every output is reachable from the declared inputs. (`model.layers` comes in Keras's order
 * from graph/keras-graph.ts.)
 */
import {ValueError} from '@stratum/core';
import {InputLayer} from '@stratum/layers';
import type {AnyLayer, Node, SymbolicTensor} from '@stratum/layers';

export interface Topology {
  /** Nodes to execute, in order (input layers excluded). */
  nodes: Node[];
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
  return {nodes: order.filter((n) => !(n.layer instanceof InputLayer))};
}
