/**
 * The symbolic inputs and outputs of a layer's calls (Keras `layer.input`, `layer.output`,
 * `get_input_at`, `get_output_at`): each call of a layer on symbolic tensors is one inbound node.
 */
import {ValueError, describe} from '@stratum/core';
import type {Nested} from '@stratum/core';
import type {Node} from './node.js';
import type {SymbolicTensor} from './symbolic-tensor.js';

interface Called {
  readonly name: string;
  readonly inboundNodes: readonly Node[];
}

/** `input` or `output` of the node at `nodeIndex`, in the structure the call took or returned. */
export function nodeTensors(layer: Called, attr: 'input' | 'output', nodeIndex: number): Nested<SymbolicTensor> {
  if (!Number.isInteger(nodeIndex) || nodeIndex < 0) {
    throw new ValueError(`Layer "${layer.name}": the node index must be a non-negative integer, received ${describe(nodeIndex)}`);
  }
  const n = layer.inboundNodes.length;
  if (n === 0) throw neverCalled(layer, attr);
  const node = layer.inboundNodes[nodeIndex];
  if (node === undefined) {
    throw new ValueError(`Layer "${layer.name}": asked for the ${attr} at node ${nodeIndex}, but the layer has only ${n} inbound node${n === 1 ? '' : 's'} (indices 0 to ${n - 1})`);
  }
  return attr === 'input' ? node.inputs : node.outputs;
}

/**
 * `layer.input` / `layer.output`: the tensors of the layer's only call. A layer called several times
 * has no single input or output (as Keras 2's `Layer.input`); the error names the per-node accessor.
 */
export function onlyNodeTensors(layer: Called, attr: 'input' | 'output'): Nested<SymbolicTensor> {
  const n = layer.inboundNodes.length;
  if (n > 1) {
    const accessor = attr === 'input' ? 'getInputAt' : 'getOutputAt';
    throw new ValueError(`Layer "${layer.name}" has multiple inbound nodes (it was called ${n} times on symbolic tensors), so its ${attr} is ambiguous; use ${accessor}(nodeIndex) with an index from 0 to ${n - 1}`);
  }
  return nodeTensors(layer, attr, 0);
}

function neverCalled(layer: Called, attr: string): ValueError {
  return new ValueError(`Layer "${layer.name}" has never been called on symbolic tensors and thus has no defined ${attr}; apply it to the output of input() (or to another layer's output) first`);
}
