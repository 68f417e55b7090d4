import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part (default 1; any finite value, as Keras). */
  alpha?: number;
}

/**
 * Exponential linear unit: `x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise.
 *
 * Input shape: any. Output shape: same as input.
 */
export class ELU extends Layer {
  static override readonly className = 'ELU';
  readonly alpha: number;

  constructor(args: ELUArgs = {}) {
    super(args);
    const alpha = args.alpha ?? 1;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new ValueError(`ELU: alpha must be a finite number, received ${describe(alpha)}`);
    this.alpha = alpha;
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    if (this.alpha === 1) return ops.elu(x);
    // relu(x) + alpha * (exp(min(x, 0)) - 1): the two pieces, each with its own gradient.
    return ops.add(ops.relu(x), ops.mul(ops.sub(ops.exp(ops.minimum(x, 0)), 1), this.alpha));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  /** Includes `alpha` (Keras 3's ELU leaves it out of its config, so a Keras file loads with alpha 1). */
  override getConfig(): ConfigDict {
    return {...super.getConfig(), alpha: this.alpha};
  }
}
