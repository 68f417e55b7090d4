import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface SoftmaxArgs extends LayerArgs {
  /** Axis or axes to normalize over (default -1). */
  axis?: number | number[];
}

/** What masked positions get before the softmax (Keras's large negative number for float32). */
const MASKED = -1e9;

/**
 * Softmax over `axis` (one or several). With a mask (broadcastable to the input from the right, as in
 * keras/src/layers/activations/softmax.py), masked positions get no weight, and a fully masked row is 0.
 *
 * Input shape: any. Output shape: same as input.
 */
export class Softmax extends Layer {
  static override readonly className = 'Softmax';
  readonly axis: number | number[];

  constructor(args: SoftmaxArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    const axes = typeof axis === 'number' ? [axis] : axis;
    if (!Array.isArray(axes) || axes.length === 0 || !axes.every((a) => Number.isInteger(a))) {
      throw new ValueError(`Softmax: axis must be an integer or a non-empty list of integers, received ${describe(axis)}`);
    }
    this.axis = typeof axis === 'number' ? axis : [...axes];
    this.supportsMasking = true;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    const mask = ctx.mask === null ? null : this.floatMask(ctx.mask, x);
    const masked = mask === null ? x : ops.add(ops.mul(x, mask), ops.mul(ops.sub(1, mask), MASKED));
    const axes = typeof this.axis === 'number' ? [this.axis] : this.axis;
    const y = axes.length === 1 ? ops.softmax(moveLast(masked, axes[0] as number), -1) : ops.exp(ops.sub(masked, ops.logSumExp(masked, axes, true)));
    const out = axes.length === 1 ? moveBack(y, axes[0] as number, x.rank) : y;
    return mask === null ? out : ops.mul(out, mask);
  }

  /** The mask as 0/1 floats, refused unless it broadcasts to `x` from the right. */
  private floatMask(mask: Tensor, x: Tensor): Tensor {
    const fits = mask.rank <= x.rank && mask.shape.every((d, i) => d === 1 || d === x.shape[x.rank - mask.rank + i]);
    if (!fits) throw new ShapeError(`Softmax "${this.name}": the mask must broadcast to the input from the right, received mask shape ${JSON.stringify(mask.shape)} for input shape ${JSON.stringify(x.shape)}`);
    return mask.dtype === 'bool' ? ops.cast(mask, x.dtype) : ops.cast(ops.greater(mask, 0.5), x.dtype);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis};
  }
}

/** `x` with `axis` moved last (tfjs's softmax works on the last axis only). */
function moveLast(x: Tensor, axis: number): Tensor {
  const a = axis < 0 ? axis + x.rank : axis;
  if (a === x.rank - 1) return x;
  const perm = [...Array(x.rank).keys()].filter((i) => i !== a);
  return ops.transpose(x, [...perm, a]);
}

/** Undoes `moveLast`. */
function moveBack(y: Tensor, axis: number, rank: number): Tensor {
  const a = axis < 0 ? axis + rank : axis;
  if (a === rank - 1) return y;
  const perm = [...Array(rank).keys()].map((i) => (i < a ? i : i === a ? rank - 1 : i - 1));
  return ops.transpose(y, perm);
}
