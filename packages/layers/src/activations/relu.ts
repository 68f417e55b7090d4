import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {nonNegative} from './non-negative.js';

export interface ReLUArgs extends LayerArgs {
  /** Largest output (≥ 0); null (default) for none. */
  maxValue?: number | null;
  /** Slope below the threshold (≥ 0, default 0). */
  negativeSlope?: number;
  /** Inputs at or below it are treated as negative (≥ 0, default 0). */
  threshold?: number;
}

/**
 * Rectified linear unit with Keras's options: `x` for `threshold < x < maxValue`, `maxValue` above it,
 * and `negativeSlope * (x - threshold)` for `x <= threshold` (keras/src/activations/activations.py, ReLU).
 *
 * Input shape: any. Output shape: same as input.
 */
export class ReLU extends Layer {
  static override readonly className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue === undefined || args.maxValue === null ? null : nonNegative('ReLU', 'maxValue', args.maxValue);
    this.negativeSlope = nonNegative('ReLU', 'negativeSlope', args.negativeSlope ?? 0);
    this.threshold = nonNegative('ReLU', 'threshold', args.threshold ?? 0);
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    const {maxValue, negativeSlope, threshold} = this;
    if (negativeSlope !== 0 && maxValue === null && threshold === 0) return ops.leakyRelu(x, negativeSlope);
    // Above the threshold x itself (not x - threshold), as Keras; below it 0 plus the negative part.
    // step() is 1 above 0 and 0 elsewhere, with a zero gradient (greater() has none in tfjs).
    let y = threshold === 0 ? (maxValue === 6 ? ops.relu6(x) : ops.relu(x)) : ops.mul(x, ops.step(ops.sub(x, threshold)));
    if (maxValue !== null && !(maxValue === 6 && threshold === 0)) y = ops.minimum(y, maxValue);
    if (negativeSlope !== 0) y = ops.sub(y, ops.mul(ops.relu(threshold === 0 ? ops.neg(x) : ops.sub(threshold, x)), negativeSlope));
    return y;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold};
  }
}
