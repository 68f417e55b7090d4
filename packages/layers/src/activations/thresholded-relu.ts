import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {nonNegative} from './non-negative.js';

export interface ThresholdedReLUArgs extends LayerArgs {
  /** Inputs at or below it give 0 (≥ 0, default 1). */
  theta?: number;
}

/**
 * Thresholded ReLU (Keras 2; Keras 3 expresses it as `ReLU({threshold})`, which we also have): `x` for
 * `x > theta`, 0 otherwise. Kept so saved Keras 2 and TF.js models load.
 *
 * Input shape: any. Output shape: same as input.
 */
export class ThresholdedReLU extends Layer {
  static override readonly className = 'ThresholdedReLU';
  readonly theta: number;

  constructor(args: ThresholdedReLUArgs = {}) {
    super(args);
    this.theta = nonNegative('ThresholdedReLU', 'theta', args.theta ?? 1);
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    return ops.mul(x, ops.step(ops.sub(x, this.theta)));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), theta: this.theta};
  }
}
