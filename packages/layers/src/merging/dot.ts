import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor, Tensor3D} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {mergeShapes} from './merge.js';

export interface DotArgs extends LayerArgs {
  /**
   * The axis summed over: one axis for both inputs, or `[axisOfFirst, axisOfSecond]`. Negative axes count
   * from the end. The batch axis 0 cannot be summed over.
   */
  axes: number | [number, number];
  /** L2-normalise both inputs along their summed axis first, so the output is the cosine similarity. Default false. */
  normalize?: boolean;
}

/** Keras's epsilon: L2 normalisation divides by max(‖x‖, 1e-7). */
const EPSILON = 1e-7;

/**
 * The dot product of two inputs along one axis of each, per sample (keras/src/layers/merging/dot.py).
 *
 * Input: a list of two tensors, `[batch, ...a]` and `[batch, ...b]`, with equal sizes at the summed
 * axes. Output: `[batch, ...a without its summed axis, ...b without its summed axis]`, or `[batch, 1]`
 * when nothing else remains (two `[batch, d]` inputs).
 */
export class Dot extends Layer<Tensor[], Tensor> {
  static override readonly className = 'Dot';
  readonly axes: number | [number, number];
  readonly normalize: boolean;

  constructor(args: DotArgs) {
    super(args);
    const axes: unknown = args.axes;
    const pairOk = Array.isArray(axes) && axes.length === 2 && axes.every((a) => Number.isInteger(a));
    if (!Number.isInteger(axes) && !pairOk) {
      throw new ValueError(`Dot: axes must be an integer or a list of two integers, received ${describe(axes)}`);
    }
    this.axes = Array.isArray(axes) ? [axes[0] as number, axes[1] as number] : (axes as number);
    this.normalize = args.normalize ?? false;
    if (typeof this.normalize !== 'boolean') throw new ValueError(`Dot: normalize must be a boolean, received ${describe(args.normalize)}`);
  }

  private describeSelf(): string {
    return `Dot "${this.name}"`;
  }

  /** The two shapes and their summed axes (made non-negative), or an error naming what does not fit. */
  private resolve(inputShape: ShapeStructure): {shapes: [Shape, Shape]; axes: [number, number]} {
    const shapes = mergeShapes(this.describeSelf(), inputShape, 2);
    if (shapes.length !== 2) throw new ValueError(`${this.describeSelf()}: takes exactly 2 inputs, received ${shapes.length}`);
    const [s1, s2] = shapes as [Shape, Shape];
    if (s1.length < 2 || s2.length < 2) {
      throw new ShapeError(`${this.describeSelf()}: inputs must have rank 2 or more (batch and at least one axis), received shapes ${describe(shapes)}`);
    }
    const wanted = typeof this.axes === 'number' ? [this.axes, this.axes] : this.axes;
    const axes = wanted.map((a, i) => {
      const rank = (i === 0 ? s1 : s2).length;
      if (a < -rank || a >= rank) throw new ValueError(`${this.describeSelf()}: axis ${a} is out of range for input ${i} of shape ${describe(shapes[i])}`);
      return a < 0 ? a + rank : a;
    }) as [number, number];
    if (axes.includes(0)) {
      throw new ValueError(`${this.describeSelf()}: cannot take the dot product over the batch axis 0, received axes ${describe(this.axes)} for shapes ${describe(shapes)}`);
    }
    const [d1, d2] = [s1[axes[0]], s2[axes[1]]];
    if (d1 !== null && d2 !== null && d1 !== d2) {
      throw new ShapeError(`${this.describeSelf()}: incompatible input shapes: size ${d1} at axis ${axes[0]} of ${describe(s1)} differs from size ${d2} at axis ${axes[1]} of ${describe(s2)}`);
    }
    return {shapes: [s1, s2], axes};
  }

  call(inputs: Tensor[]): Tensor {
    if (!Array.isArray(inputs)) throw new ValueError(`${this.describeSelf()}: takes a list of 2 inputs, received ${describe(inputs)}`);
    const {axes} = this.resolve(inputs.map((x) => x.shape));
    const outShape = this.computeOutputShape(inputs.map((x) => x.shape)) as number[];
    let [x, y] = inputs as [Tensor, Tensor];
    if (this.normalize) [x, y] = [l2Normalize(x, axes[0]), l2Normalize(y, axes[1])];
    // x: summed axis last, the rest flattened to [batch, m, d]; y: summed axis first, [batch, d, n].
    const xPerm = [...x.shape.keys()].filter((i) => i !== axes[0]).concat(axes[0]);
    const yPerm = [0, axes[1], ...[...y.shape.keys()].filter((i) => i !== 0 && i !== axes[1])];
    const [batch, d] = [x.shape[0] as number, x.shape[axes[0]] as number];
    const x3 = ops.reshape(ops.transpose(x, xPerm), [batch, -1, d]) as Tensor3D;
    const y3 = ops.reshape(ops.transpose(y, yPerm), [batch, d, -1]) as Tensor3D;
    return ops.reshape(ops.batchMatMul(x3, y3), outShape);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const {shapes: [s1, s2], axes} = this.resolve(inputShape);
    const out = [...s1.filter((_d, i) => i !== axes[0]), ...s2.filter((_d, i) => i !== 0 && i !== axes[1])];
    return out.length === 1 ? [...out, 1] : out;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axes: this.axes, normalize: this.normalize};
  }
}

/** x / max(‖x‖₂, ε) along `axis` (Keras's `normalize`, which clamps the squared norm at ε²). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return ops.mul(x, ops.rsqrt(ops.maximum(ops.sum(ops.square(x), axis, true), EPSILON * EPSILON)));
}
