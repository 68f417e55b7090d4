/**
 * Masks (Keras 3 semantics, keras/src/layers/layer.py): a boolean tensor per input and per output that
 * says which timesteps count. A layer receives the masks of its first argument in the structure of that
 * argument (one mask for one tensor, a list for a list of tensors), and `computeMask` gives its outputs'
 * masks in the structure of its outputs. `null` means "no mask": every step counts.
 */
import {ShapeError, describe, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {isTensor} from './shape.js';

/** One mask: `[batch, time]` booleans (or any prefix of its tensor's shape), or null for none. */
export type Mask = Tensor | null;

/** The masks of a layer's inputs or outputs, in the structure of those tensors. */
export type MaskOf<T> = T extends Tensor
  ? Mask
  : T extends readonly (infer U)[]
    ? MaskOf<U>[]
    : T extends {readonly [k: string]: infer V}
      ? {[k: string]: MaskOf<V>}
      : never;

/** Any mask structure (a mask, or lists and records of them). */
export type MaskStructure = Mask | readonly MaskStructure[] | {readonly [k: string]: MaskStructure};

/** The masks of a structure, flat in `flatten` order (records by sorted key); a `null` is one leaf. */
export function flattenMasks(masks: MaskStructure): Mask[] {
  if (masks === null || isTensor(masks)) return [masks];
  if (Array.isArray(masks)) return (masks as readonly MaskStructure[]).flatMap(flattenMasks);
  const rec = masks as {readonly [k: string]: MaskStructure};
  return Object.keys(rec)
    .sort()
    .flatMap((k) => flattenMasks(rec[k] as MaskStructure));
}

/** The masks for `count` outputs from what `computeMask` returned: a single `null` means none for all. */
export function outputMasks(layer: string, masks: MaskStructure, count: number): Mask[] {
  const flat = flattenMasks(masks);
  if (flat.length === count) return flat;
  if (flat.length === 1 && flat[0] === null) return new Array<Mask>(count).fill(null);
  throw new ShapeError(`Layer "${layer}": computeMask returned ${flat.length} masks for ${count} outputs`);
}

/**
 * Checks a mask given for an input: its shape must be a leading part of the input's (`[batch, time]` for
 * `[batch, time, features]`, what sequence layers read), or broadcast to it from the right (what
 * Softmax and attention scores take, e.g. `[batch, 1, time]`).
 */
export function checkMask(layer: string, mask: unknown, x: Tensor, index: number): void {
  if (mask === null || mask === undefined) return;
  if (!isTensor(mask)) throw new ShapeError(`Layer "${layer}": the mask of input ${index} must be a tensor or null, received ${describe(mask)}`);
  const leading = mask.rank >= 1 && mask.rank <= x.rank && mask.shape.every((d, i) => d === x.shape[i]);
  const fromRight = mask.rank >= 1 && mask.rank <= x.rank && mask.shape.every((d, i) => d === 1 || d === x.shape[x.rank - mask.rank + i]);
  if (!leading && !fromRight) {
    throw new ShapeError(`Layer "${layer}": the mask of input ${index} has shape [${mask.shape.join(', ')}], expected a leading part of the input's shape [${x.shape.join(', ')}] (e.g. [${x.shape.slice(0, 2).join(', ')}]) or a shape that broadcasts to it`);
  }
}

/** A boolean mask as float32 ones and zeros. */
export function floatMask(mask: Tensor): Tensor {
  return mask.dtype === 'float32' ? mask : ops.cast(mask, 'float32');
}
