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
    /** Non-tensor keyword arguments of the call (e.g. `training`). */
    readonly kwargs: ConfigDict = {},
  ) {
    this.inputTensors = flatten(inputs, isSymbolic);
    this.outputTensors = flatten(outputs, isSymbolic);
  }

  /** The layers whose outputs feed this node, in input order. */
  get inboundLayers(): LayerRef[] {
    return this.inputTensors.map((t) => t.sourceLayer);
  }
}
