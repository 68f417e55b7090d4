import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import type {Mask} from '../engine/mask.js';
import {checkMaskList, mergeShapes} from './merge.js';

export interface ConcatenateArgs extends LayerArgs {
  /** Axis to join along (default -1). */
  axis?: number;
}

/**
 * Joins a list of inputs along `axis` (keras/src/layers/merging/concatenate.py). The inputs have one rank,
 * and equal sizes on every other axis (unknown sizes match).
 *
 * Input: a list of `[batch, ..., d_i, ...]`. Output: `[batch, ..., sum of d_i, ...]`.
 */
export class Concatenate extends Layer<Tensor[], Tensor> {
  static override readonly className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    if (!Number.isInteger(axis)) throw new ValueError(`Concatenate: axis must be an integer, received ${describe(axis)}`);
    this.axis = axis;
    this.supportsMasking = true;
  }

  /**
   * As keras/src/layers/merging/concatenate.py: each input's mask is widened to the input's shape (all
   * true for an input without one), the widened masks are concatenated like the inputs, and a position
   * counts when any of its last-axis entries does.
   */
  override computeMask(inputs: Tensor[], mask: Mask[] | null): Mask {
    if (mask === null || mask === undefined) return null;
    checkMaskList(`Concatenate "${this.name}"`, inputs, mask);
    if (mask.every((m) => m === null)) return null;
    const wide = inputs.map((x, i) => {
      const m = mask[i] ?? null;
      if (m === null) return ops.cast(ops.onesLike(x), 'bool');
      let e = m;
      while (e.rank < x.rank) e = ops.expandDims(e, -1);
      return ops.broadcastTo(ops.cast(e, 'bool'), x.shape);
    });
    return ops.any(ops.concat(wide, this.axis), -1);
  }

  call(inputs: Tensor[]): Tensor {
    if (!Array.isArray(inputs)) throw new ValueError(`Concatenate "${this.name}": takes a list of inputs, received ${describe(inputs)}`);
    this.computeOutputShape(inputs.map((x) => x.shape));
    return inputs.length === 1 ? ops.clone(inputs[0] as Tensor) : ops.concat(inputs, this.axis);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const shapes = mergeShapes(`Concatenate "${this.name}"`, inputShape, 1);
    const rank = (shapes[0] as Shape).length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const refuse = (): never => {
      throw new ShapeError(`Concatenate "${this.name}": inputs must have one rank and equal sizes except on the concatenation axis ${this.axis}, received shapes ${describe(shapes)}`);
    };
    if (axis < 0 || axis >= rank) throw new ValueError(`Concatenate "${this.name}": axis ${this.axis} is out of range for inputs of rank ${rank}`);
    if (shapes.some((s) => s.length !== rank)) refuse();
    const out: Shape = [];
    for (let i = 0; i < rank; i++) {
      const dims = shapes.map((s) => s[i] as number | null);
      if (i === axis) out.push(dims.some((d) => d === null) ? null : (dims as number[]).reduce((a, b) => a + b, 0));
      else {
        const known = new Set(dims.filter((d) => d !== null));
        if (known.size > 1) refuse();
        out.push(known.size === 1 ? ([...known][0] as number) : null);
      }
    }
    return out;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis};
  }
}
