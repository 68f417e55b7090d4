/**
 * A placeholder for a tensor in a functional graph: its shape (batch as null), dtype, and where it
 * comes from (the layer, the node index in that layer's inbound nodes, the output index).
 */
import type {DataType} from '@stratum/core';
import type {Shape} from './shape.js';

/** Minimal view of the producing layer, to avoid an import cycle with layer.ts. */
export interface LayerRef {
  readonly name: string;
}

export class SymbolicTensor {
  private static nextId = 0;
  /** Unique id, for graph bookkeeping. */
  readonly id = SymbolicTensor.nextId++;
  constructor(
    readonly shape: Shape,
    readonly dtype: DataType,
    readonly sourceLayer: LayerRef,
    readonly nodeIndex: number,
    readonly tensorIndex: number,
    readonly name: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor(name=${this.name}, shape=[${this.shape.map(String).join(', ')}], dtype=${this.dtype})`;
  }
}

export function isSymbolic(v: unknown): v is SymbolicTensor {
  return v instanceof SymbolicTensor;
}
