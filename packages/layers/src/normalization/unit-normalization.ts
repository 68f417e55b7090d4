import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {canonicalAxes, checkAxisArg, oneShape} from './norm-utils.js';
import type {AxisArg} from './norm-utils.js';

/** Arguments of {@link UnitNormalization}. */
export interface UnitNormalizationArgs extends LayerArgs {
  /** The axis or axes whose L2 norm becomes 1, default -1. */
  axis?: AxisArg;
}

/**
 * Scales each sample to unit L2 norm over `axis` (keras/src/layers/normalization/unit_normalization.py):
 * `x / sqrt(max(sum(x²), 1e-24))`, so an all-zero vector stays zero with a finite gradient.
 *
 * Input shape: any. Output shape: same as input. No weights.
 */
export class UnitNormalization extends Layer {
  static override readonly className = 'UnitNormalization';
  readonly axis: AxisArg;

  constructor(args: UnitNormalizationArgs = {}) {
    super(args);
    this.axis = checkAxisArg('UnitNormalization', args.axis ?? -1);
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    const axes = canonicalAxes(`UnitNormalization "${this.name}"`, this.axis, x.rank);
    // keras/src/ops/nn.py _normalize: the squared norm is clamped at epsilon² with epsilon = 1e-12.
    const squared = ops.maximum(ops.sum(ops.square(x), axes, true), 1e-24);
    return ops.mul(x, ops.rsqrt(squared));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    canonicalAxes(`UnitNormalization "${this.name}"`, this.axis, oneShape(`UnitNormalization "${this.name}"`, inputShape).length);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis};
  }
}
