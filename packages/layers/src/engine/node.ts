/**
 * A node is one call of a layer in a functional graph: the symbolic inputs it consumed (in the nested
 * structure the call received), extra keyword arguments, and the symbolic outputs it produced.
 */
import {flatten} from '@stratum/core';
import type {ConfigDict, Nested} from '@stratum/core';
import {SymbolicTensor, isSymbolic} from './symbolic-tensor.js';
import type {LayerRef} from './symbolic-tensor.js';

export class Node {
  /** Flattened inputs, depth first. */
  readonly inputTensors: SymbolicTensor[];
  /** Flattened outputs. */
  readonly outputTensors: SymbolicTensor[];
  constructor(
    readonly layer: LayerRef,
    /** The inputs exactly as passed to `apply` (a tensor, a list, a record). */
    readonly inputs: Nested<SymbolicTensor>,
    /** The outputs in the structure the layer returned. */
    readonly outputs: Nested<SymbolicTensor>,
    /** Non-tensor keyword arguments of the call: `training` and JSON values of further call arguments. */
    readonly kwargs: ConfigDict = {},
    /** Call arguments that are symbolic tensors (or structures of them), by name, e.g. `mask`, `attentionMask`. */
    readonly tensorArgs: Readonly<Record<string, Nested<SymbolicTensor>>> = {},
  ) {
    this.inputTensors = flatten(inputs, isSymbolic);
    this.outputTensors = flatten(outputs, isSymbolic);
    this.argTensors = Object.keys(tensorArgs)
      .sort()
      .flatMap((k) => flatten(tensorArgs[k] as Nested<SymbolicTensor>, isSymbolic));
    this.hasCallArgs = Object.keys(kwargs).some((k) => k !== 'training') || Object.keys(tensorArgs).length > 0;
  }

  /** Whether the call has arguments besides its inputs and `training` (most nodes have none). */
  readonly hasCallArgs: boolean;

  /** The symbolic tensors among the call arguments (sorted by name, then depth first): graph edges too. */
  readonly argTensors: SymbolicTensor[];

  /** The layers whose outputs feed this node, in input order. */
  get inboundLayers(): LayerRef[] {
    return this.inputTensors.map((t) => t.sourceLayer);
  }
}
