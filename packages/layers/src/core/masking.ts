import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface MaskingArgs extends LayerArgs {
  /** A timestep whose features all equal this value is masked (skipped). Default 0. */
  maskValue?: number;
}

/**
 * Masks the timesteps whose features all equal `maskValue` (keras/src/layers/core/masking.py): their
 * outputs are set to 0, and the layers after it that support masks (recurrent layers, pooling, losses
 * and metrics) skip them.
 *
 * Input shape: `[batch, time, ...features]`. Output shape: the same. Output mask: `[batch, time]`.
 */
export class Masking extends Layer {
  static override readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    const value = args.maskValue ?? 0;
    if (typeof value !== 'number' || Number.isNaN(value)) throw new ValueError(`Masking: maskValue must be a number, received ${describe(args.maskValue)}`);
    this.maskValue = value;
    this.supportsMasking = true;
  }

  /** True where some feature of the step differs from `maskValue`. */
  private keep(x: Tensor, keepdims: boolean): Tensor {
    return ops.any(ops.notEqual(x, ops.scalar(this.maskValue, x.dtype)), -1, keepdims);
  }

  call(x: Tensor): Tensor {
    return ops.mul(x, ops.cast(this.keep(x, true), x.dtype));
  }

  override computeMask(x: Tensor): Tensor {
    return this.keep(x, false);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), maskValue: this.maskValue};
  }
}
