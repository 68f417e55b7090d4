import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat each sample's vector. */
  n: number;
}

/**
 * Repeats each sample's vector `n` times along a new axis (keras/src/layers/reshaping/repeat_vector.py),
 * e.g. to feed an encoder's summary to every step of a decoder.
 *
 * Input shape: `[batch, features]`. Output shape: `[batch, n, features]`.
 */
export class RepeatVector extends Layer {
  static override readonly className = 'RepeatVector';
  readonly n: number;

  constructor(args: RepeatVectorArgs) {
    super(args);
    if (!Number.isInteger(args.n) || args.n <= 0) throw new ValueError(`RepeatVector: n must be a positive integer, received ${describe(args.n)}`);
    this.n = args.n;
    this.inputSpec = new InputSpec({ndim: 2});
  }

  call(x: Tensor): Tensor {
    return ops.tile(ops.expandDims(x, 1), [1, this.n, 1]);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    return [s[0] ?? null, this.n, s[1] ?? null];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), n: this.n};
  }
}
