import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor, Variable} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {ScaleCenterOptions, broadcastShape, canonicalAxes, checkAxisArg, checkEpsilon, knownSizes, normalizeWithMoments, oneShape} from './norm-utils.js';
import type {AxisArg, ScaleCenterArgs} from './norm-utils.js';

/** Arguments of {@link LayerNormalization} (Keras config keys in camelCase). */
export interface LayerNormalizationArgs extends LayerArgs, ScaleCenterArgs {
  /** The axis or axes normalized over (each sample separately), default -1. */
  axis?: AxisArg;
  /** Added to the variance before the square root, default 1e-3. */
  epsilon?: number;
  /**
   * Keras 3's deprecated option (kept to load its files): divide by `sqrt(variance + epsilon)` without
   * subtracting the mean, then scale by `gamma`; no `beta`. Default false. For real RMS normalization use
   * {@link RMSNormalization}.
   */
  rmsScaling?: boolean;
}

/**
 * Layer normalization (Ba et al. 2016; keras/src/layers/normalization/layer_normalization.py): each sample
 * is normalized over `axis` to mean 0 and variance 1, `(x − mean) / sqrt(var + epsilon)` with the
 * population variance, then scaled by `gamma` and shifted by `beta`, which span the normalized axes.
 *
 * Input shape: any, the normalized axes of known size. Output shape: same as input.
 * Weights: `gamma` and `beta` (when `scale` / `center`), shaped as the input on the normalized axes
 * (`[features]` for the default axis -1).
 */
export class LayerNormalization extends Layer {
  static override readonly className = 'LayerNormalization';
  readonly axis: AxisArg;
  readonly epsilon: number;
  readonly rmsScaling: boolean;
  readonly options: ScaleCenterOptions;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  private axes: number[] = [];
  private weightShape: number[] = [];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    this.axis = checkAxisArg('LayerNormalization', args.axis ?? -1);
    this.epsilon = checkEpsilon('LayerNormalization', args.epsilon, 1e-3);
    if (args.rmsScaling !== undefined && typeof args.rmsScaling !== 'boolean') {
      throw new ValueError(`LayerNormalization: rmsScaling must be a boolean, received ${describe(args.rmsScaling)}`);
    }
    this.rmsScaling = args.rmsScaling ?? false;
    this.options = new ScaleCenterOptions('LayerNormalization', args);
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    const owner = `LayerNormalization "${this.name}"`;
    const shape = oneShape(owner, inputShape);
    this.axes = canonicalAxes(owner, this.axis, shape.length);
    const sizes = knownSizes(owner, shape, this.axes);
    // keras/src/layers/normalization/layer_normalization.py: rms_scaling keeps gamma and drops beta.
    ({gamma: this.gamma, beta: this.beta} = this.options.createWeights((a) => this.addWeight(a), sizes, {
      gamma: this.options.scale || this.rmsScaling,
      beta: this.options.center && !this.rmsScaling,
    }));
    this.weightShape = broadcastShape(shape.length, this.axes, sizes);
    super.build(inputShape);
  }

  call(x: Tensor): Tensor {
    const gamma = this.gamma === null ? null : ops.reshape(this.gamma.value, this.weightShape);
    if (this.rmsScaling) {
      const {variance} = ops.moments(x, this.axes, true);
      const y = ops.mul(x, ops.rsqrt(ops.add(variance, this.epsilon)));
      return gamma === null ? y : ops.mul(y, gamma);
    }
    const beta = this.beta === null ? null : ops.reshape(this.beta.value, this.weightShape);
    return normalizeWithMoments(x, this.axes, this.epsilon, gamma, beta);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    canonicalAxes(`LayerNormalization "${this.name}"`, this.axis, oneShape(`LayerNormalization "${this.name}"`, inputShape).length);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis, epsilon: this.epsilon, ...this.options.getConfig(), rmsScaling: this.rmsScaling};
  }
}
