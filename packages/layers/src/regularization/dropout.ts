import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface DropoutArgs extends LayerArgs {
  /** Fraction of units to drop, in [0, 1). */
  rate: number;
  /** Shape of the binary mask (null entries follow the input), e.g. `[null, 1, null]` to share it across time. */
  noiseShape?: (number | null)[] | null;
  seed?: number | null;
}

/**
 * Randomly sets a fraction `rate` of inputs to 0 during training and scales the rest by 1/(1 − rate);
 * does nothing at inference.
 *
 * Input shape: any. Output shape: same as input.
 */
export class Dropout extends Layer {
  static override readonly className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private calls = 0;
  constructor(args: DropoutArgs) {
    super(args);
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`Dropout: rate must be a number in [0, 1), received ${describe(args.rate)}`);
    }
    this.rate = args.rate;
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
    this.supportsMasking = true;
  }
  call(inputs: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return inputs;
    const noise = this.noiseShape === null ? undefined : this.noiseShape.map((d, i) => d ?? (inputs.shape[i] as number));
    const seed = this.seed === null ? undefined : this.seed + this.calls++;
    return ops.dropout(inputs, this.rate, noise, seed);
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed};
  }
}
