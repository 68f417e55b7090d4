import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export interface PermuteArgs extends LayerArgs {
  /** The new order of the non-batch axes, numbered from 1 (e.g. `[2, 1]` swaps the two axes after the batch). */
  dims: number[];
}

/**
 * Reorders the axes after the batch axis (keras/src/layers/reshaping/permute.py).
 *
 * Input shape: `[batch, d1, ..., dn]`. Output shape: `[batch, d_dims[0], ..., d_dims[n-1]]`.
 */
export class Permute extends Layer {
  static override readonly className = 'Permute';
  readonly dims: number[];

  constructor(args: PermuteArgs) {
    super(args);
    const dims = args.dims;
    const ok = Array.isArray(dims) && dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!ok) throw new ValueError(`Permute: dims must be a permutation of 1..n (the batch axis 0 stays first), received ${describe(dims)}`);
    this.dims = [...dims];
    this.inputSpec = new InputSpec({ndim: dims.length + 1});
  }

  call(x: Tensor): Tensor {
    return ops.transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), dims: this.dims};
  }
}
