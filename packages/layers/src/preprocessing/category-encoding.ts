import {NotSupportedError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

/** How CategoryEncoding encodes the tokens of a sample. */
export type CategoryOutputMode = 'one_hot' | 'multi_hot' | 'count';

export interface CategoryEncodingArgs extends LayerArgs {
  /** Number of token ids, which must lie in [0, numTokens). */
  numTokens: number;
  /** 'multi_hot' (default; Keras 2's 'binary' is read as it), 'one_hot' or 'count'. */
  outputMode?: CategoryOutputMode | 'binary';
  /** Only false: sparse outputs are not supported. */
  sparse?: boolean;
}

/**
 * Encodes integer token ids (keras/src/layers/preprocessing/category_encoding.py): 'one_hot' gives one
 * vector per id; 'multi_hot' marks the ids present in each sample (the last axis); 'count' counts them.
 * As with Keras's TensorFlow backend, an id outside [0, numTokens) contributes nothing (checking would
 * need reading the data back).
 *
 * Input shape: `[batch]` or `[batch, tokens]` (ids, int32 or integer-valued floats). Output shape:
 * one_hot: `[batch, numTokens]` for `[batch]` or `[batch, 1]`, else `[batch, tokens, numTokens]`;
 * multi_hot and count: `[batch, numTokens]`; as in Keras, a rank-1 input is one sample's tokens and
 * gives `[numTokens]`.
 */
export class CategoryEncoding extends Layer {
  static override readonly className = 'CategoryEncoding';
  readonly numTokens: number;
  readonly outputMode: CategoryOutputMode;
  readonly sparse: boolean;

  constructor(args: CategoryEncodingArgs) {
    super(args);
    if (!Number.isInteger(args.numTokens) || args.numTokens < 1) {
      throw new ValueError(`CategoryEncoding: numTokens must be an integer >= 1, received ${describe(args.numTokens)}`);
    }
    const mode = args.outputMode === 'binary' ? 'multi_hot' : args.outputMode ?? 'multi_hot';
    if (!['one_hot', 'multi_hot', 'count'].includes(mode)) {
      throw new ValueError(`CategoryEncoding: outputMode must be 'one_hot', 'multi_hot' or 'count', received ${describe(args.outputMode)}`);
    }
    if (args.sparse === true) throw new NotSupportedError('CategoryEncoding: sparse outputs are not supported; use sparse false');
    this.numTokens = args.numTokens;
    this.outputMode = mode;
    this.sparse = false;
  }

  call(inputs: Tensor): Tensor {
    if (inputs.rank > 2) throw new ValueError(`CategoryEncoding "${this.name}": inputs must have rank 1 or 2, received shape ${describe(inputs.shape)}`);
    const ids = inputs.dtype === 'int32' ? inputs : ops.cast(ops.round(inputs), 'int32');
    if (this.outputMode === 'one_hot') {
      const flat = ids.rank === 2 && ids.shape[1] === 1 ? ops.reshape(ids, [ids.shape[0] as number]) : ids;
      return ops.cast(ops.oneHot(flat, this.numTokens), 'float32');
    }
    const counts = ops.sum(ops.cast(ops.oneHot(ids, this.numTokens), 'float32'), ids.rank - 1);
    return this.outputMode === 'count' ? counts : ops.minimum(counts, 1);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    if (this.outputMode === 'one_hot' && (s.length === 1 || s[s.length - 1] !== 1)) return [...s, this.numTokens];
    return [...s.slice(0, -1), this.numTokens];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), numTokens: this.numTokens, outputMode: this.outputMode, sparse: this.sparse};
  }
}
