import {ops} from '@stratum/core';
import type {ConfigDict, Tensor, Variable} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {broadcastShape, canonicalAxes, checkAxisArg, checkEpsilon, knownSizes, oneShape} from './norm-utils.js';
import type {AxisArg} from './norm-utils.js';

/** Arguments of {@link RMSNormalization}. */
export interface RMSNormalizationArgs extends LayerArgs {
  /** The axis or axes normalized over, default -1. */
  axis?: AxisArg;
  /** Added to the mean square before the square root, default 1e-6. */
  epsilon?: number;
}

/**
 * Root-mean-square normalization (Zhang & Sennrich 2019; keras/src/layers/normalization/rms_normalization.py):
 * `x / sqrt(mean(x²) + epsilon) · scale` over `axis`, without centering.
 *
 * Input shape: any, the normalized axes of known size. Output shape: same as input.
 * Weights: `scale` (initialized to ones), shaped as the input on the normalized axes. Keras multiplies by
 * `scale` as it is, which only broadcasts when the axes are the last ones; here `scale` is placed on its
 * axes, so the result is the same there and also defined for leading axes.
 */
export class RMSNormalization extends Layer {
  static override readonly className = 'RMSNormalization';
  readonly axis: AxisArg;
  readonly epsilon: number;
  scale: Variable | null = null;
  private axes: number[] = [];
  private weightShape: number[] = [];

  constructor(args: RMSNormalizationArgs = {}) {
    super(args);
    this.axis = checkAxisArg('RMSNormalization', args.axis ?? -1);
    this.epsilon = checkEpsilon('RMSNormalization', args.epsilon, 1e-6);
  }

  override build(inputShape: ShapeStructure): void {
    const owner = `RMSNormalization "${this.name}"`;
    const shape = oneShape(owner, inputShape);
    this.axes = canonicalAxes(owner, this.axis, shape.length);
    const sizes = knownSizes(owner, shape, this.axes);
    this.scale = this.addWeight({name: 'scale', shape: sizes, initializer: 'ones'});
    this.weightShape = broadcastShape(shape.length, this.axes, sizes);
    super.build(inputShape);
  }

  call(x: Tensor): Tensor {
    const inverseRms = ops.rsqrt(ops.add(ops.mean(ops.square(x), this.axes, true), this.epsilon));
    return ops.mul(ops.mul(x, inverseRms), ops.reshape((this.scale as Variable).value, this.weightShape));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    canonicalAxes(`RMSNormalization "${this.name}"`, this.axis, oneShape(`RMSNormalization "${this.name}"`, inputShape).length);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis, epsilon: this.epsilon};
  }
}
