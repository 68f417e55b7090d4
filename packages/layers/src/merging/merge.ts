/**
 * The element-wise merge layers' base (keras/src/layers/merging/base_merge.py): a list of inputs of the
 * same batch size whose other axes broadcast (an axis of 1, or equal sizes; compared from the right); an
 * input of lower rank first gets axes of size 1 inserted after its batch axis, as Keras does.
 */
import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Mask} from '../engine/mask.js';
import {isShape} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

export type MergeArgs = LayerArgs;

/** The shapes of a merge layer's inputs, refused unless a list of at least `min` shapes. */
export function mergeShapes(layer: string, inputShape: ShapeStructure, min: number): Shape[] {
  const list: unknown = inputShape;
  if (!Array.isArray(list) || isShape(inputShape) || !list.every((s: unknown) => isShape(s as ShapeStructure))) {
    throw new ValueError(`${layer}: a merge layer takes a list of inputs, received shape ${describe(inputShape)}`);
  }
  const shapes = inputShape as Shape[];
  if (shapes.length < min) throw new ValueError(`${layer}: expected a list of at least ${min} inputs, received ${shapes.length}`);
  const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null && d !== undefined));
  if (batches.size > 1) throw new ShapeError(`${layer}: cannot merge inputs with different batch sizes, received shapes ${describe(shapes)}`);
  return shapes;
}

/** The broadcast of two shapes without their batch axis, or a ShapeError naming both. */
function broadcast(layer: string, a: Shape, b: Shape): Shape {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const out: Shape = long.slice(0, long.length - short.length);
  short.forEach((j, k) => {
    const i = long[long.length - short.length + k] as number | null;
    if (i === null || j === null) out.push(i === 1 ? j : j === 1 ? i : null);
    else if (i === 1 || j === 1 || i === j) out.push(i === 1 ? j : i);
    else throw new ShapeError(`${layer}: inputs have incompatible shapes [${a.join(', ')}] and [${b.join(', ')}] (batch axis left out); sizes must be equal or 1`);
  });
  return out;
}

/** The masks of a merge's inputs must be a list with one entry (or null) per input. */
export function checkMaskList(layer: string, inputs: Tensor[], mask: unknown): void {
  if (!Array.isArray(mask)) throw new ValueError(`${layer}: the mask of a merge must be a list (one per input), received ${describe(mask)}`);
  if (mask.length !== inputs.length) throw new ValueError(`${layer}: received ${mask.length} masks for ${inputs.length} inputs`);
}

export abstract class Merge extends Layer<Tensor[], Tensor> {
  constructor(args: MergeArgs = {}) {
    super(args);
    this.supportsMasking = true;
  }

  /**
   * As keras/src/layers/merging/base_merge.py: a step counts when it counts in any input (logical or of
   * the masks); no mask when some input has none.
   */
  override computeMask(inputs: Tensor[], mask: Mask[] | null): Mask {
    if (mask === null || mask === undefined) return null;
    checkMaskList(this.describeSelf(), inputs, mask);
    if (mask.some((m) => m === null)) return null;
    const bools = (mask as Tensor[]).map((m) => (m.dtype === 'bool' ? m : ops.cast(m, 'bool')));
    return bools.slice(1).reduce((acc, m) => ops.logicalOr(acc, m), bools[0] as Tensor);
  }

  /** Combines the inputs, all of one rank by now. */
  protected abstract merge(inputs: Tensor[]): Tensor;

  /** Fewest inputs the layer takes (Subtract: exactly 2, checked by its override). */
  protected minInputs(): number {
    return 1;
  }

  call(inputs: Tensor[]): Tensor {
    if (!Array.isArray(inputs)) throw new ValueError(`${this.describeSelf()}: a merge layer takes a list of inputs, received ${describe(inputs)}`);
    const rank = Math.max(...inputs.map((x) => x.rank));
    const same = inputs.map((x) => (x.rank === rank ? x : ops.reshape(x, [x.shape[0] as number, ...Array<number>(rank - x.rank).fill(1), ...x.shape.slice(1)])));
    return this.merge(same);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const shapes = mergeShapes(this.describeSelf(), inputShape, this.minInputs());
    const batch = shapes.map((s) => s[0]).find((d) => d !== null && d !== undefined) ?? null;
    const rest = shapes.map((s) => s.slice(1)).reduce((acc, s) => broadcast(this.describeSelf(), acc, s));
    return [batch, ...rest];
  }

  protected describeSelf(): string {
    return `${(this.constructor as unknown as {className: string}).className} "${this.name}"`;
  }
}
