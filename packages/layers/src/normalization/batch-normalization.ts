import {Initializer, ShapeError, ValueError, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Variable} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {isShape} from '../engine/shape.js';

/** Batch renormalization's clipping of its corrections (Keras `renorm_clipping`). */
export interface RenormClipping {
  rmax?: number;
  rmin?: number;
  dmax?: number;
}

export interface BatchNormalizationArgs extends LayerArgs {
  /** The features axis (default -1). Keras 2 files may give a one-element list. */
  axis?: number | readonly number[];
  /** Weight of the old value in the moving statistics' update (default 0.99). */
  momentum?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Learn an offset `beta` (default true). */
  center?: boolean;
  /** Learn a scale `gamma` (default true). */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
  /** Batch renormalization (default false). */
  renorm?: boolean;
  renormClipping?: RenormClipping | null;
  renormMomentum?: number;
  /** Accepted for Keras files; a single device here, so it changes nothing. */
  synchronized?: boolean;
}

/** The square root of another initializer's values (batch renormalization's standard deviations start from the variance's). */
class SqrtInitializer extends Initializer {
  static override readonly className = 'SqrtInitializer';
  constructor(private readonly of: Initializer) {
    super();
  }
  call(shape: readonly number[]): Tensor {
    return ops.tidy(() => ops.sqrt(this.of.call(shape)));
  }
}

function fraction(what: string, v: unknown, dflt: number): number {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) throw new ValueError(`BatchNormalization: ${what} must be a number in [0, 1], received ${describe(v)}`);
  return x;
}

function checkClipping(c: RenormClipping | null | undefined): RenormClipping | null {
  if (c === null || c === undefined) return null;
  const extra = Object.keys(c).filter((k) => !['rmax', 'rmin', 'dmax'].includes(k));
  if (typeof c !== 'object' || extra.length > 0) throw new ValueError(`BatchNormalization: renormClipping takes the keys rmax, rmin and dmax, received ${describe(c)}`);
  if (c.rmax !== undefined && c.rmin !== undefined && c.rmax < c.rmin) throw new ValueError(`BatchNormalization: renormClipping rmax (${c.rmax}) must be >= rmin (${c.rmin})`);
  if (c.dmax !== undefined && c.dmax < 0) throw new ValueError(`BatchNormalization: renormClipping dmax must be >= 0, received ${c.dmax}`);
  return {...c};
}

/**
 * Normalizes each feature with the batch's mean and variance while training, and with moving averages of
 * them at inference (keras/src/layers/normalization/batch_normalization.py):
 * `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.
 *
 * In training (`training: true`) and while trainable, it uses the batch statistics (over the unmasked
 * steps when a mask is given) and moves `movingMean`/`movingVariance` towards them:
 * `moving = moving * momentum + batch * (1 - momentum)`. A frozen layer (`trainable = false`) always runs
 * in inference mode and its statistics never move, as Keras 3 does for fine-tuning.
 *
 * Input shape: any, with the features on `axis`. Output shape: the same.
 * Weights: `gamma`, `beta` (trainable, `[features]`), `moving_mean`, `moving_variance` (state), and with
 * `renorm` also `moving_stddev`, `renorm_mean`, `renorm_stddev`.
 */
export class BatchNormalization extends Layer {
  static override readonly className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly renorm: boolean;
  readonly renormClipping: RenormClipping | null;
  readonly renormMomentum: number;
  readonly synchronized: boolean;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', initializers.Initializer>;
  gamma: Variable | null = null;
  beta: Variable | null = null;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;
  private renormState: {movingStddev: Variable; renormMean: Variable; renormStddev: Variable} | null = null;
  private featureAxis = -1;

  constructor(private readonly bnArgs: BatchNormalizationArgs = {}) {
    super(bnArgs);
    const axis = Array.isArray(bnArgs.axis) ? (bnArgs.axis.length === 1 ? bnArgs.axis[0] : undefined) : (bnArgs.axis ?? -1);
    if (!Number.isInteger(axis)) throw new ValueError(`BatchNormalization: axis must be an integer (or a one-element list), received ${describe(bnArgs.axis)}`);
    this.axis = axis as number;
    this.momentum = fraction('momentum', bnArgs.momentum, 0.99);
    const eps = bnArgs.epsilon ?? 1e-3;
    if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new ValueError(`BatchNormalization: epsilon must be a positive number, received ${describe(bnArgs.epsilon)}`);
    this.epsilon = eps;
    this.center = bnArgs.center ?? true;
    this.scale = bnArgs.scale ?? true;
    this.renorm = bnArgs.renorm ?? false;
    this.renormClipping = checkClipping(bnArgs.renormClipping);
    this.renormMomentum = fraction('renormMomentum', bnArgs.renormMomentum, 0.99);
    this.synchronized = bnArgs.synchronized ?? false;
    this.inits = {
      beta: initializers.getInitializer(bnArgs.betaInitializer ?? 'zeros'),
      gamma: initializers.getInitializer(bnArgs.gammaInitializer ?? 'ones'),
      movingMean: initializers.getInitializer(bnArgs.movingMeanInitializer ?? 'zeros'),
      movingVariance: initializers.getInitializer(bnArgs.movingVarianceInitializer ?? 'ones'),
    };
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    if (!isShape(inputShape)) throw new ValueError(`BatchNormalization "${this.name}" takes one input, received shapes ${describe(inputShape)}`);
    const rank = inputShape.length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    if (axis < 0 || axis >= rank) throw new ValueError(`BatchNormalization "${this.name}": axis ${this.axis} is out of range for inputs of rank ${rank} (shape ${describe(inputShape)})`);
    const n = inputShape[axis];
    if (n === null || n === undefined) throw new ValueError(`BatchNormalization "${this.name}": the features axis ${this.axis} must have a known size, received shape ${describe(inputShape)}`);
    this.featureAxis = axis;
    const a = this.bnArgs;
    if (this.scale) this.gamma = this.addWeight({name: 'gamma', shape: [n], initializer: this.inits.gamma, regularizer: a.gammaRegularizer, constraint: a.gammaConstraint});
    if (this.center) this.beta = this.addWeight({name: 'beta', shape: [n], initializer: this.inits.beta, regularizer: a.betaRegularizer, constraint: a.betaConstraint});
    this.movingMean = this.addWeight({name: 'moving_mean', shape: [n], initializer: this.inits.movingMean, trainable: false});
    this.movingVariance = this.addWeight({name: 'moving_variance', shape: [n], initializer: this.inits.movingVariance, trainable: false});
    if (this.renorm) {
      const sqrtOf = new SqrtInitializer(this.inits.movingVariance);
      this.renormState = {
        movingStddev: this.addWeight({name: 'moving_stddev', shape: [n], initializer: sqrtOf, trainable: false}),
        renormMean: this.addWeight({name: 'renorm_mean', shape: [n], initializer: this.inits.movingMean, trainable: false}),
        renormStddev: this.addWeight({name: 'renorm_stddev', shape: [n], initializer: sqrtOf, trainable: false}),
      };
    }
    this.inputSpec = new InputSpec({ndim: rank, axes: {[axis]: n}});
    super.build(inputShape);
  }

  /** Per-feature values shaped to broadcast against a rank-`rank` input. */
  private bcast(t: Tensor, rank: number): Tensor {
    const shape = Array<number>(rank).fill(1);
    shape[this.featureAxis] = t.shape[0] as number;
    return ops.reshape(t, shape);
  }

  /** The batch's mean and (biased) variance per feature, over the unmasked positions when a mask is given. */
  private moments(x: Tensor, mask: Tensor | null): {mean: Tensor; variance: Tensor} {
    const axes = Array.from({length: x.rank}, (_, i) => i).filter((i) => i !== this.featureAxis);
    if (mask === null && this.featureAxis === x.rank - 1) return ops.channelMoments(x);
    if (mask === null) {
      const m = ops.moments(x, axes);
      return {mean: m.mean, variance: m.variance};
    }
    if (mask.rank !== x.rank - 1) throw new ShapeError(`BatchNormalization "${this.name}": the mask must have one axis less than the input, received mask shape [${mask.shape.join(', ')}] for input shape [${x.shape.join(', ')}]`);
    // keras/src/layers/normalization/batch_normalization.py _moments: weighted by the mask, + epsilon() in the denominators.
    const w = ops.mul(ops.expandDims(ops.cast(mask, 'float32'), -1), ops.onesLike(x));
    const count = ops.add(ops.sum(w, axes), 1e-7);
    const mean = ops.div(ops.sum(ops.mul(x, w), axes), count);
    const diff = ops.mul(ops.sub(x, this.bcast(mean, x.rank)), w);
    return {mean, variance: ops.div(ops.sum(ops.square(diff), axes), count)};
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    let mean: Tensor = (this.movingMean as Variable).value;
    let variance: Tensor = (this.movingVariance as Variable).value;
    let gamma: Tensor | null = this.gamma === null ? null : this.gamma.value;
    let beta: Tensor | null = this.beta === null ? null : this.beta.value;
    if (ctx.training && this.trainable) {
      ({mean, variance} = this.moments(x, ctx.mask));
      if (this.renormState !== null) ({gamma, beta} = this.renormTransforms(mean, variance, gamma, beta));
      else {
        this.updateState(this.movingMean as Variable, this.movingAverage(this.movingMean as Variable, mean, this.momentum));
        this.updateState(this.movingVariance as Variable, this.movingAverage(this.movingVariance as Variable, variance, this.momentum));
      }
    }
    // Channels last: one core op, fast forward and backward on every backend.
    if (this.featureAxis === x.rank - 1) return ops.batchNormalize(x, {mean, variance, offset: beta, scale: gamma, epsilon: this.epsilon});
    // gamma * (x - mean) / sqrt(variance + eps) + beta, as one scale and one offset per feature.
    let scale = ops.rsqrt(ops.add(variance, this.epsilon));
    if (gamma !== null) scale = ops.mul(scale, gamma);
    let offset = ops.neg(ops.mul(mean, scale));
    if (beta !== null) offset = ops.add(offset, beta);
    return ops.add(ops.mul(x, this.bcast(scale, x.rank)), this.bcast(offset, x.rank));
  }

  private movingAverage(v: Variable, batch: Tensor, momentum: number): Tensor {
    return ops.add(ops.mul(v.value, momentum), ops.mul(batch, 1 - momentum));
  }

  /** Batch renormalization's corrections folded into gamma and beta, and its statistics' updates (Keras's). */
  private renormTransforms(mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null): {gamma: Tensor; beta: Tensor} {
    const st = this.renormState as NonNullable<typeof this.renormState>;
    const stddev = ops.sqrt(ops.add(variance, this.epsilon));
    const renormStddev = ops.maximum(st.renormStddev.value, Math.sqrt(this.epsilon));
    let r = ops.div(stddev, renormStddev);
    let d = ops.div(ops.sub(mean, st.renormMean.value), renormStddev);
    const c = this.renormClipping ?? {};
    if (c.rmin !== undefined) r = ops.maximum(r, c.rmin);
    if (c.rmax !== undefined) r = ops.minimum(r, c.rmax);
    if (c.dmax !== undefined) d = ops.clipByValue(d, -c.dmax, c.dmax);
    // The corrections are constants for the gradient (Keras stops their gradient).
    r = ops.stopGradient(r);
    d = ops.stopGradient(d);
    const g = gamma === null ? r : ops.mul(r, gamma);
    let b = gamma === null ? d : ops.mul(d, gamma);
    if (beta !== null) b = ops.add(b, beta);
    this.updateState(st.renormMean, this.movingAverage(st.renormMean, mean, this.renormMomentum));
    this.updateState(st.renormStddev, this.movingAverage(st.renormStddev, stddev, this.renormMomentum));
    this.updateState(this.movingMean as Variable, this.movingAverage(this.movingMean as Variable, mean, this.momentum));
    const newStddev = this.movingAverage(st.movingStddev, stddev, this.momentum);
    this.updateState(st.movingStddev, newStddev);
    this.updateState(this.movingVariance as Variable, ops.relu(ops.sub(ops.square(newStddev), this.epsilon)));
    return {gamma: g, beta: b};
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    if (this.axis >= s.length || this.axis < -s.length) throw new ValueError(`BatchNormalization "${this.name}": axis ${this.axis} is out of range for input shape ${describe(s)}`);
    return inputShape;
  }

  override getConfig(): ConfigDict {
    const a = this.bnArgs;
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.inits.beta),
      gammaInitializer: serializeObject(this.inits.gamma),
      movingMeanInitializer: serializeObject(this.inits.movingMean),
      movingVarianceInitializer: serializeObject(this.inits.movingVariance),
      betaRegularizer: serializeRegularizer(a.betaRegularizer),
      gammaRegularizer: serializeRegularizer(a.gammaRegularizer),
      betaConstraint: serializeConstraint(a.betaConstraint),
      gammaConstraint: serializeConstraint(a.gammaConstraint),
      synchronized: this.synchronized,
      renorm: this.renorm,
      renormClipping: this.renormClipping === null ? null : {...this.renormClipping},
      renormMomentum: this.renormMomentum,
    };
  }
}
