import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor, Variable} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {ScaleCenterOptions, canonicalAxes, checkEpsilon, knownSizes, normalizeWithMoments, oneShape} from './norm-utils.js';
import type {ScaleCenterArgs} from './norm-utils.js';

/** Arguments of {@link GroupNormalization} (Keras config keys in camelCase). */
export interface GroupNormalizationArgs extends LayerArgs, ScaleCenterArgs {
  /** Number of channel groups (must divide the channels), default 32; -1 for one group per channel (instance normalization). */
  groups?: number;
  /** The channel axis, default -1 (use 1 for channels-first data). */
  axis?: number;
  /** Added to the variance before the square root, default 1e-3. */
  epsilon?: number;
}

/**
 * Group normalization (Wu & He 2018; keras/src/layers/normalization/group_normalization.py): the channels
 * are split into `groups` groups of consecutive channels, and each sample is normalized per group over
 * that group's channels and every non-batch axis, `(x − mean) / sqrt(var + epsilon)` with the population
 * variance; then `gamma` and `beta` scale and shift per channel. `groups: 1` normalizes each sample over
 * everything (like LayerNormalization over all axes, but with per-channel weights).
 *
 * Input shape: rank >= 2, the channel axis of known size, divisible by `groups`. Output shape: same as input.
 * Weights: `gamma` and `beta` (when `scale` / `center`), `[channels]`.
 */
export class GroupNormalization extends Layer {
  static override readonly className = 'GroupNormalization';
  readonly groups: number;
  readonly axis: number;
  readonly epsilon: number;
  readonly options: ScaleCenterOptions;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  private channelAxis = -1;
  private groupCount = 0;

  constructor(args: GroupNormalizationArgs = {}) {
    super(args);
    const groups = args.groups ?? 32;
    if (!Number.isInteger(groups) || (groups <= 0 && groups !== -1)) {
      throw new ValueError(`GroupNormalization: groups must be a positive integer (or -1 for instance normalization), received ${describe(args.groups)}`);
    }
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new ValueError(`GroupNormalization: axis must be an integer (the channel axis), received ${describe(args.axis)}`);
    this.groups = groups;
    this.axis = axis;
    this.epsilon = checkEpsilon('GroupNormalization', args.epsilon, 1e-3);
    this.options = new ScaleCenterOptions('GroupNormalization', args);
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    const owner = `GroupNormalization "${this.name}"`;
    const shape = oneShape(owner, inputShape);
    if (shape.length < 2) throw new ValueError(`${owner}: expected an input of rank >= 2, received shape ${JSON.stringify(shape)}`);
    const [axis] = canonicalAxes(owner, this.axis, shape.length) as [number];
    if (axis === 0) throw new ValueError(`${owner}: axis ${this.axis} is the batch axis; expected the channel axis`);
    const [channels] = knownSizes(owner, shape, [axis]) as [number];
    const groups = this.groups === -1 ? channels : this.groups;
    if (channels < groups) throw new ValueError(`${owner}: groups (${groups}) cannot be more than the number of channels (${channels})`);
    if (channels % groups !== 0) throw new ValueError(`${owner}: groups (${groups}) must divide the number of channels (${channels})`);
    this.channelAxis = axis;
    this.groupCount = groups;
    ({gamma: this.gamma, beta: this.beta} = this.options.createWeights((a) => this.addWeight(a), [channels], {gamma: this.options.scale, beta: this.options.center}));
    this.inputSpec = new InputSpec({ndim: shape.length, axes: {[axis]: channels}});
    super.build(inputShape);
  }

  /** Splits the channel axis into [groups, channels / groups], normalizes each group, and joins them back. */
  call(x: Tensor): Tensor {
    const a = this.channelAxis;
    const g = this.groupCount;
    const shape = x.shape;
    const channels = shape[a] as number;
    const grouped = [...shape.slice(0, a), g, channels / g, ...shape.slice(a + 1)];
    // Moments over every axis of the grouped tensor except the batch (0) and the group axis (a).
    const axes = grouped.map((_d, i) => i).filter((i) => i !== 0 && i !== a);
    const weightShape = grouped.map((d, i) => (i === a || i === a + 1 ? d : 1));
    const gamma = this.gamma === null ? null : ops.reshape(this.gamma.value, weightShape);
    const beta = this.beta === null ? null : ops.reshape(this.beta.value, weightShape);
    const y = normalizeWithMoments(ops.reshape(x, grouped), axes, this.epsilon, gamma, beta);
    return ops.reshape(y, shape);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    canonicalAxes(`GroupNormalization "${this.name}"`, this.axis, oneShape(`GroupNormalization "${this.name}"`, inputShape).length);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), groups: this.groups, axis: this.axis, epsilon: this.epsilon, ...this.options.getConfig()};
  }
}
