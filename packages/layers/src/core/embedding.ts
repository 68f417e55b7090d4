import {ValueError, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import {isShape} from '../engine/shape.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface EmbeddingArgs extends Omit<LayerArgs, 'inputDim'> {
  /** Vocabulary size: indices run from 0 to inputDim - 1. */
  inputDim: number;
  /** Length of each vector. */
  outputDim: number;
  /** Default 'uniform' (uniform in [-0.05, 0.05], as Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  /** Treat index 0 as padding: the layer outputs a mask that is false where the input is 0 (default false). */
  maskZero?: boolean;
  /** Keras 2's sequence length argument: accepted from old files and ignored, as Keras 3 does. */
  inputLength?: number | null;
}

/**
 * Turns integer indices into dense vectors (keras/src/layers/core/embedding.py). Trains on every backend:
 * the table's gradient is core's own scatter-add (`ops.gather`), which wasm can run.
 *
 * Input shape: `[batch, ...]` integers (floats are cast). Output shape: `[batch, ..., outputDim]`.
 * Weights: `embeddings` `[inputDim, outputDim]`. With `maskZero`, the output mask is `input != 0`.
 */
export class Embedding extends Layer {
  static override readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly embeddingsInitializer: initializers.Initializer;
  private readonly weightOptions: Pick<EmbeddingArgs, 'embeddingsRegularizer' | 'embeddingsConstraint'>;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingArgs) {
    // inputDim is the vocabulary here, not the base layer's Keras 2 shorthand for inputShape.
    super({...args, inputDim: undefined});
    for (const key of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args[key]) || args[key] <= 0) throw new ValueError(`Embedding: ${key} must be a positive integer, received ${describe(args[key])}`);
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.maskZero = args.maskZero ?? false;
    this.supportsMasking = this.maskZero;
    this.embeddingsInitializer = initializers.getInitializer(args.embeddingsInitializer ?? 'uniform');
    this.weightOptions = {embeddingsRegularizer: args.embeddingsRegularizer, embeddingsConstraint: args.embeddingsConstraint};
  }

  override build(inputShape: ShapeStructure): void {
    this.embeddings = this.addWeight({
      name: 'embeddings',
      shape: [this.inputDim, this.outputDim],
      initializer: this.embeddingsInitializer,
      regularizer: this.weightOptions.embeddingsRegularizer,
      constraint: this.weightOptions.embeddingsConstraint,
    });
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const indices = inputs.dtype === 'int32' ? inputs : ops.cast(inputs, 'int32');
    return ops.gather((this.embeddings as Variable).value, indices);
  }

  override computeMask(inputs: Tensor): Tensor | null {
    return this.maskZero ? ops.notEqual(inputs, 0) : null;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (!isShape(inputShape)) throw new ValueError(`Embedding "${this.name}" takes one input, received shapes ${JSON.stringify(inputShape)}`);
    return [...inputShape, this.outputDim];
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeObject(this.embeddingsInitializer),
      embeddingsRegularizer: serializeRegularizer(this.weightOptions.embeddingsRegularizer),
      embeddingsConstraint: serializeConstraint(this.weightOptions.embeddingsConstraint),
      maskZero: this.maskZero,
    };
  }
}
