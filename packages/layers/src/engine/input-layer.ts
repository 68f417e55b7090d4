/**
 * The entry point of a functional graph: `input({shape: [784]})` returns the symbolic tensor that
 * layers are applied to.
 */
import {ValueError, describe} from '@stratum/core';
import type {ConfigDict, DataType, Tensor} from '@stratum/core';
import {Layer} from './layer.js';
import {Node} from './node.js';
import type {Shape} from './shape.js';
import {SymbolicTensor} from './symbolic-tensor.js';

export interface InputLayerArgs {
  /** Shape of one sample, without the batch axis. */
  shape?: (number | null)[];
  /** Full shape including the batch axis. */
  batchShape?: Shape;
  batchSize?: number;
  dtype?: DataType;
  name?: string;
  sparse?: boolean;
}

/**
 * The entry point of a model (Keras `InputLayer`): it holds the input's shape and dtype and produces the
 * symbolic tensor layers are applied to. `input({shape})` makes one and returns that tensor.
 *
 * Input and output shape: `batchShape` (`[null, ...shape]` unless a batch size is given).
 */
export class InputLayer extends Layer<Tensor, Tensor> {
  static override readonly className = 'InputLayer';
  readonly batchShape: Shape;

  constructor(args: InputLayerArgs) {
    const batchShape = inputBatchShape(args);
    super({name: args.name, dtype: args.dtype ?? 'float32', batchInputShape: batchShape});
    this.batchShape = batchShape;
    this.built = true;
    this.inboundNodes.push(new Node(this, [], new SymbolicTensor(batchShape, this.dtype, this, 0, 0, this.name)));
  }

  /** The symbolic tensor this layer produces (its input and its output, as in Keras). */
  override get output(): SymbolicTensor {
    return this.getOutputAt(0);
  }
  override get input(): SymbolicTensor {
    return this.getOutputAt(0);
  }

  call(inputs: Tensor): Tensor {
    return inputs;
  }

  override getConfig(): ConfigDict {
    return {batchShape: this.batchShape, dtype: this.dtype, sparse: false, name: this.name};
  }
}

function inputBatchShape(args: InputLayerArgs): Shape {
  if (args.batchShape !== undefined) {
    if (!Array.isArray(args.batchShape)) throw new ValueError(`input: batchShape must be a list, received ${describe(args.batchShape)}`);
    return [...args.batchShape];
  }
  if (args.shape === undefined || !Array.isArray(args.shape)) {
    throw new ValueError(`input: pass shape (one sample's shape, e.g. [784]) or batchShape, received ${describe(args.shape)}`);
  }
  if (!args.shape.every((d) => d === null || (Number.isInteger(d) && d > 0))) {
    throw new ValueError(`input: shape must contain positive integers or null, received ${describe(args.shape)}`);
  }
  return [args.batchSize ?? null, ...args.shape];
}

/** A symbolic input for a functional model: `const x = input({shape: [784]})`. */
export function input(args: InputLayerArgs): SymbolicTensor {
  return new InputLayer(args).output;
}
