/**
 * Weight tracking for a layer: its own variables (trainable first, then non-trainable, each in creation
 * order), their regularizers, and tracked sub-layers. Kept out of `Layer` so the base class stays small.
 */
import {ShapeError, ValueError, Variable, constraints, describe, initializers, regularizers, tidy} from '@stratum/core';
import {checkNewWeight, trackNewWeight} from './weight-guard.js';
import type {ConstraintIdentifier, DataType, InitializerIdentifier, Regularizer, RegularizerIdentifier, Tensor} from '@stratum/core';


export interface AddWeightArgs {
  /** Short name, e.g. `kernel`; the weight's path becomes `<layer>/<name>`. */
  name: string;
  shape: readonly number[];
  /** Default 'glorot_uniform' (Keras). */
  initializer?: InitializerIdentifier;
  regularizer?: RegularizerIdentifier | null;
  constraint?: ConstraintIdentifier | null;
  /** Default true. */
  trainable?: boolean;
  dtype?: DataType;
}

/** What the store needs of a sub-layer. */
export interface WeightOwner {
  readonly name: string;
  trainable: boolean;
  readonly weights: Variable[];
  readonly trainableWeights: Variable[];
  readonly nonTrainableWeights: Variable[];
  regularizationLosses(): Tensor[];
  dispose(): void;
  /** Adds the owner's regularized weights (its own and its sub-layers') to `into`; a shared weight counts once. */
  collectRegularizers(into: Map<Variable, Regularizer>): void;
  /** Moves the owner's weight paths under `prefix` (its own weights and, recursively, its sub-layers'). */
  setWeightPathPrefix(prefix: string, parent: object): void;
}

export class WeightStore {
  private readonly own: Variable[] = [];
  private readonly regularizers = new Map<Variable, Regularizer>();
  readonly layers: WeightOwner[] = [];
  /** The prefix of this owner's weight paths: its name, or `parent/.../name` once a parent tracks it. */
  private scope: string;
  /** The store of the parent that tracked the owner first: a layer shared by two parents keeps its first path. */
  private parent: object | null = null;

  constructor(private readonly owner: string) {
    this.scope = owner;
  }

  addWeight(args: AddWeightArgs, layerDtype: DataType): Variable {
    if (this.own.some((v) => v.name === args.name)) {
      throw new ValueError(`Layer "${this.owner}" already has a weight named ${describe(args.name)}`);
    }
    if (!args.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ShapeError(`Layer "${this.owner}": weight ${args.name} needs a fully known shape, received ${describe(args.shape)}`);
    }
    checkNewWeight(`${this.scope}/${args.name}`, args.shape, args.dtype ?? layerDtype);
    // Resolve every identifier before allocating, so a bad one leaves nothing behind.
    const init = initializers.getInitializer(args.initializer ?? 'glorot_uniform');
    const constraint = constraints.getConstraint(args.constraint);
    const reg = regularizers.getRegularizer(args.regularizer);
    const value = tidy(() => init.call(args.shape, args.dtype ?? layerDtype));
    let v: Variable;
    try {
      v = new Variable({name: args.name, initialValue: value, trainable: args.trainable ?? true, constraint});
    } finally {
      value.dispose();
    }
    trackNewWeight(v);
    v.path = `${this.scope}/${args.name}`;
    this.own.push(v);
    if (reg !== null) this.regularizers.set(v, reg);
    return v;
  }

  /** Tracks a sub-layer: its weight paths become `<this owner's path>/<layer name>/...` (Keras 3 paths). */
  trackLayer(layer: WeightOwner): void {
    if (this.layers.includes(layer)) return;
    this.layers.push(layer);
    layer.setWeightPathPrefix(`${this.scope}/${layer.name}`, this);
  }

  /**
   * Called when `parent` tracks the owner (or re-paths its own tree): moves the existing weights under
   * `prefix`, then the sub-layers'. A later parent of a shared layer changes nothing (the first one wins).
   */
  setScope(prefix: string, parent: object): void {
    if (this.parent !== null && this.parent !== parent) return;
    this.parent = parent;
    this.scope = prefix;
    for (const v of this.own) v.path = `${prefix}/${v.name}`;
    for (const l of this.layers) l.setWeightPathPrefix(`${prefix}/${l.name}`, this);
  }

  /** Whether `v` is one of the owner's own weights (not a sub-layer's). */
  owns(v: Variable): boolean {
    return this.own.includes(v);
  }

  private ownOrdered(): Variable[] {
    return [...this.own.filter((v) => v.trainable), ...this.own.filter((v) => !v.trainable)];
  }

  allWeights(): Variable[] {
    return dedupe([...this.ownOrdered(), ...this.layers.flatMap((l) => l.weights)]);
  }

  trainableWeights(): Variable[] {
    return dedupe([...this.own.filter((v) => v.trainable), ...this.layers.flatMap((l) => l.trainableWeights)]);
  }

  nonTrainableWeights(): Variable[] {
    return dedupe([...this.own.filter((v) => !v.trainable), ...this.layers.flatMap((l) => l.nonTrainableWeights)]);
  }

  regularizationLosses(): Tensor[] {
    const all = new Map<Variable, Regularizer>();
    this.collectRegularizers(all);
    return [...all.entries()].map(([v, r]) => r.call(v.value));
  }

  collectRegularizers(into: Map<Variable, Regularizer>): void {
    for (const [v, r] of this.regularizers) if (!into.has(v)) into.set(v, r);
    for (const l of this.layers) l.collectRegularizers(into);
  }

  getWeights(): Tensor[] {
    return this.allWeights().map((v) => v.value.clone());
  }

  setWeights(values: readonly Tensor[], className: string): void {
    assignWeights(`${className} "${this.owner}"`, this.allWeights(), values);
  }

  dispose(): void {
    for (const v of this.own) v.dispose();
    for (const l of this.layers) l.dispose();
  }
}

function dedupe(vs: Variable[]): Variable[] {
  return [...new Set(vs)];
}

/**
 * Writes `values` into `weights` in order, after checking the count and every shape, so a bad list
 * changes nothing. `owner` names the layer or model in errors (e.g. `Dense "dense"`).
 */
export function assignWeights(owner: string, weights: readonly Variable[], values: readonly Tensor[]): void {
  if (!Array.isArray(values) || values.length !== weights.length) {
    throw new ValueError(`${owner}: setWeights expects ${weights.length} arrays (${weights.map((w) => w.path).join(', ')}), received ${Array.isArray(values) ? values.length : describe(values)}`);
  }
  weights.forEach((w, i) => {
    const s = (values[i] as Tensor).shape;
    if (s.length !== w.shape.length || s.some((d, j) => d !== w.shape[j])) {
      throw new ShapeError(`${owner}: weight ${w.path} has shape [${w.shape.join(', ')}], received an array of shape [${s.join(', ')}] at index ${i}`);
    }
  });
  weights.forEach((w, i) => w.assign(values[i] as Tensor));
}
