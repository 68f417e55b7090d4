import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {nonNegative} from './non-negative.js';

export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for negative inputs (≥ 0, default 0.3 as Keras). */
  negativeSlope?: number;
  /** Keras 2's name for `negativeSlope` (read from old files; `negativeSlope` wins when both are given). */
  alpha?: number;
}

/**
 * Leaky ReLU: `x` for `x >= 0`, `negativeSlope * x` otherwise.
 *
 * Input shape: any. Output shape: same as input.
 */
export class LeakyReLU extends Layer {
  static override readonly className = 'LeakyReLU';
  readonly negativeSlope: number;

  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    this.negativeSlope = nonNegative('LeakyReLU', args.negativeSlope === undefined && args.alpha !== undefined ? 'alpha' : 'negativeSlope', args.negativeSlope ?? args.alpha ?? 0.3);
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    return ops.leakyRelu(x, this.negativeSlope);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), negativeSlope: this.negativeSlope};
  }
}
