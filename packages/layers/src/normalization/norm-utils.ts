/**
 * What the normalization layers share: axis arguments (an int or a list, negative from the end), the
 * `gamma`/`beta` options and weights, and the normalization formula as Keras writes it
 * (keras/src/ops/nn.py `_layer_normalization`): `x · inv + (beta − mean · inv)` with
 * `inv = gamma / sqrt(variance + epsilon)`, the variance being the population variance (divided by n).
 */
import {ValueError, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {isShape} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import type {AddWeightArgs} from '../engine/weight-store.js';

/** One axis or a list of them; negative axes count from the end. */
export type AxisArg = number | number[];

/** Checks an `axis` argument at construction: an integer or a non-empty list of integers. */
export function checkAxisArg(owner: string, axis: unknown): AxisArg {
  if (Number.isInteger(axis)) return axis as number;
  if (Array.isArray(axis) && axis.length > 0 && axis.every((a) => Number.isInteger(a))) return [...(axis as number[])];
  throw new ValueError(`${owner}: axis must be an integer or a non-empty list of integers, received ${describe(axis)}`);
}

/** The axes as sorted non-negative indices for an input of rank `rank`; out-of-range or repeated axes are errors. */
export function canonicalAxes(owner: string, axis: AxisArg, rank: number): number[] {
  const list = typeof axis === 'number' ? [axis] : axis;
  const axes = list.map((a) => {
    if (a >= rank || a < -rank) throw new ValueError(`${owner}: axis ${a} is out of range for an input of rank ${rank} (received axis=${describe(axis)})`);
    return a < 0 ? a + rank : a;
  });
  if (new Set(axes).size !== axes.length) throw new ValueError(`${owner}: duplicate axes are not allowed, received axis=${describe(axis)}`);
  return axes.sort((a, b) => a - b);
}

/** The single input shape of a layer, or an error naming the layer. */
export function oneShape(owner: string, inputShape: ShapeStructure): Shape {
  if (!isShape(inputShape)) throw new ValueError(`${owner} takes one input, received shapes ${JSON.stringify(inputShape)}`);
  return inputShape;
}

/** The sizes of `shape` on `axes`, which must all be known (they size the weights). */
export function knownSizes(owner: string, shape: Shape, axes: number[]): number[] {
  return axes.map((a) => {
    const d = shape[a];
    if (d === null || d === undefined) throw new ValueError(`${owner}: axis ${a} of the input must have a known size, received shape ${JSON.stringify(shape)}`);
    return d;
  });
}

/** `[1, …, 1]` of length `rank` with the input's sizes on `axes`: reshapes a weight spanning `axes` to broadcast. */
export function broadcastShape(rank: number, axes: number[], sizes: number[]): number[] {
  const shape = new Array<number>(rank).fill(1);
  axes.forEach((a, i) => (shape[a] = sizes[i] as number));
  return shape;
}

/** The learned scale (`gamma`) and offset (`beta`) options of LayerNormalization and GroupNormalization. */
export interface ScaleCenterArgs {
  /** Add the learned offset `beta` (default true). */
  center?: boolean;
  /** Multiply by the learned scale `gamma` (default true). */
  scale?: boolean;
  /** Default 'zeros'. */
  betaInitializer?: InitializerIdentifier;
  /** Default 'ones'. */
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/** Resolved `gamma`/`beta` options: identifiers turned into objects once, at construction. */
export class ScaleCenterOptions {
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaInitializer: initializers.Initializer;
  readonly gammaInitializer: initializers.Initializer;
  constructor(owner: string, private readonly args: ScaleCenterArgs) {
    for (const k of ['center', 'scale'] as const) {
      if (args[k] !== undefined && typeof args[k] !== 'boolean') throw new ValueError(`${owner}: ${k} must be a boolean, received ${describe(args[k])}`);
    }
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.betaInitializer = initializers.getInitializer(args.betaInitializer ?? 'zeros');
    this.gammaInitializer = initializers.getInitializer(args.gammaInitializer ?? 'ones');
  }

  /** Creates `gamma` then `beta` (Keras's order), each only when asked for. */
  createWeights(addWeight: (args: AddWeightArgs) => Variable, shape: number[], want: {gamma: boolean; beta: boolean}): {gamma: Variable | null; beta: Variable | null} {
    const gamma = want.gamma ? addWeight({name: 'gamma', shape, initializer: this.gammaInitializer, regularizer: this.args.gammaRegularizer, constraint: this.args.gammaConstraint}) : null;
    const beta = want.beta ? addWeight({name: 'beta', shape, initializer: this.betaInitializer, regularizer: this.args.betaRegularizer, constraint: this.args.betaConstraint}) : null;
    return {gamma, beta};
  }

  /** The options as Keras config entries (camelCase; nested objects as envelopes). */
  getConfig(): ConfigDict {
    return {
      center: this.center,
      scale: this.scale,
      betaInitializer: serializeObject(this.betaInitializer),
      gammaInitializer: serializeObject(this.gammaInitializer),
      betaRegularizer: serializeRegularizer(this.args.betaRegularizer),
      gammaRegularizer: serializeRegularizer(this.args.gammaRegularizer),
      betaConstraint: serializeConstraint(this.args.betaConstraint),
      gammaConstraint: serializeConstraint(this.args.gammaConstraint),
    };
  }
}

/** Checks `epsilon`: a positive number. */
export function checkEpsilon(owner: string, epsilon: unknown, dflt: number): number {
  const e = epsilon ?? dflt;
  if (typeof e !== 'number' || !(e > 0) || !Number.isFinite(e)) throw new ValueError(`${owner}: epsilon must be a positive number, received ${describe(epsilon)}`);
  return e;
}

/**
 * `(x − mean) / sqrt(variance + epsilon) · gamma + beta`, the moments taken over `axes` (kept as size 1),
 * `gamma`/`beta` already shaped to broadcast against `x` (or null when absent).
 */
export function normalizeWithMoments(x: Tensor, axes: number[], epsilon: number, gamma: Tensor | null, beta: Tensor | null): Tensor {
  const {mean, variance} = ops.moments(x, axes, true);
  let inv: Tensor = ops.rsqrt(ops.add(variance, epsilon));
  if (gamma !== null) inv = ops.mul(inv, gamma);
  let offset: Tensor = ops.neg(ops.mul(mean, inv));
  if (beta !== null) offset = ops.add(offset, beta);
  return ops.add(ops.mul(x, inv), offset);
}
