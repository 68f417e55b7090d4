import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import {isShape} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export interface MaxoutArgs extends LayerArgs {
  /** Features left on `axis`; the axis size must be a multiple of it. */
  numUnits: number;
  /** Default -1 (the features). */
  axis?: number;
}

/**
 * Maxout (Goodfellow et al. 2013): the `d` features on `axis` form `numUnits` units of `k = d / numUnits`
 * candidates each, and each unit outputs its largest candidate. As TensorFlow Addons' Maxout (the layer
 * Keras users saved), unit `j` takes features `j, j + numUnits, j + 2·numUnits, …`. No weights: put it
 * after a Dense or Conv layer with `numUnits · k` outputs.
 *
 * Input shape: `[batch, ..., d, ...]`. Output shape: `[batch, ..., numUnits, ...]`.
 */
export class Maxout extends Layer {
  static override readonly className = 'Maxout';
  readonly numUnits: number;
  readonly axis: number;

  constructor(args: MaxoutArgs) {
    super(args);
    if (!Number.isInteger(args.numUnits) || args.numUnits <= 0) throw new ValueError(`Maxout: numUnits must be a positive integer, received ${describe(args.numUnits)}`);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) throw new ValueError(`Maxout: axis must be a non-batch axis (an integer other than 0), received ${describe(axis)}`);
    this.numUnits = args.numUnits;
    this.axis = axis;
  }

  /** The axis as a non-negative index into `shape`, checked against its size. */
  private resolve(shape: readonly (number | null)[]): {axis: number; size: number} {
    const axis = this.axis < 0 ? this.axis + shape.length : this.axis;
    if (axis <= 0 || axis >= shape.length) throw new ValueError(`Maxout "${this.name}": axis ${this.axis} is out of range for input shape ${JSON.stringify(shape)}`);
    const size = shape[axis];
    if (size === null || size === undefined || size % this.numUnits !== 0) {
      throw new ValueError(`Maxout "${this.name}": the size of axis ${this.axis} (${size}) must be a known multiple of numUnits (${this.numUnits}), received shape ${JSON.stringify(shape)}`);
    }
    return {axis, size};
  }

  call(x: Tensor): Tensor {
    const {axis, size} = this.resolve(x.shape);
    const grouped = [...x.shape.slice(0, axis), size / this.numUnits, this.numUnits, ...x.shape.slice(axis + 1)];
    return ops.max(ops.reshape(x, grouped), axis);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (!isShape(inputShape)) throw new ValueError(`Maxout "${this.name}" takes one input, received shapes ${JSON.stringify(inputShape)}`);
    const {axis} = this.resolve(inputShape);
    const out: Shape = [...inputShape];
    out[axis] = this.numUnits;
    return out;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), numUnits: this.numUnits, axis: this.axis};
  }
}
