import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {intSingle} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export interface UpSampling1DArgs extends LayerArgs {
  /** How many times each step is repeated. Default 2. */
  size?: number;
}

/**
 * Repeats each step `size` times along the time axis (keras/src/layers/reshaping/up_sampling1d.py).
 *
 * Input shape: `[batch, steps, features]`. Output shape: `[batch, steps * size, features]`.
 */
export class UpSampling1D extends Layer {
  static override readonly className = 'UpSampling1D';
  readonly size: number;

  constructor(args: UpSampling1DArgs = {}) {
    super(args);
    this.size = intSingle('UpSampling1D', 'size', args.size, 2);
    this.inputSpec = new InputSpec({ndim: 3});
  }

  call(x: Tensor): Tensor {
    return repeatAxis(x, 1, this.size);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    return [s[0] ?? null, s[1] === null || s[1] === undefined ? null : s[1] * this.size, s[2] ?? null];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), size: this.size};
  }
}

/**
 * Each entry of `axis` repeated `times` times in place (NumPy `repeat`): a broadcasting product with
 * ones along a new axis after it, whose gradient (a sum) works at any rank (tfjs's tile and broadcastTo
 * gradients stop at rank 4).
 */
export function repeatAxis(x: Tensor, axis: number, times: number): Tensor {
  if (times === 1) return x;
  const shape = [...x.shape];
  const wide = [...shape];
  wide.splice(axis + 1, 0, times);
  const repeated = ops.mul(ops.expandDims(x, axis + 1), ops.ones(wide));
  shape[axis] = (shape[axis] as number) * times;
  return ops.reshape(repeated, shape);
}
