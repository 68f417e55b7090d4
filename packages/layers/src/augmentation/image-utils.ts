/**
 * Helpers shared by the image preprocessing and augmentation layers: factor ranges as Keras parses
 * them, channels-last batches (rank 3 images get a batch axis for the duration of a call), and seeded
 * draws that advance with every call (Keras's SeedGenerator).
 */
import {ValueError, describe, ops} from '@stratum/core';
import type {Tensor, Tensor4D} from '@stratum/core';
import type {DataFormat} from '../reshaping/flatten.js';

/** A factor as users give it: one number `f` (the range [-f, f], clipped to the bounds) or a pair [lower, upper]. */
export type Factor = number | [number, number];

/**
 * The [lower, upper] range of a factor (keras/src/layers/preprocessing/image_preprocessing/
 * base_image_preprocessing_layer.py `_set_factor`): a pair is sorted and must overlap the bounds; one
 * number must lie inside them and gives [max(-|f|, lo), |f|].
 */
export function factorRange(owner: string, what: string, factor: unknown, bounds: [number, number]): [number, number] {
  const bad = (): never => {
    throw new ValueError(`${owner}: ${what} must be a number or a pair of numbers in [${bounds[0]}, ${bounds[1]}], received ${describe(factor)}`);
  };
  if (Array.isArray(factor)) {
    if (factor.length !== 2 || !factor.every((v) => typeof v === 'number' && Number.isFinite(v))) bad();
    const [lo, hi] = [...(factor as number[])].sort((a, b) => a - b) as [number, number];
    if (lo > bounds[1] || hi < bounds[0]) bad();
    return [lo, hi];
  }
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < bounds[0] || factor > bounds[1]) bad();
  const f = Math.abs(factor as number);
  return [Math.max(-f, bounds[0]), f];
}

/**
 * The range of a RandomTranslation / RandomZoom / RandomShear factor: each given value must lie in
 * `[lo, hi]` (`lowOpen`: lo excluded); one number f gives [-f, f].
 */
export function symmetricRange(owner: string, what: string, factor: unknown, lo: number, hi: number, lowOpen = false): [number, number] {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v <= hi && (lowOpen ? v > lo : v >= lo);
  const range = `${lowOpen ? '(' : '['}${lo}, ${hi}]`;
  if (Array.isArray(factor) ? factor.length === 2 && factor.every(ok) : ok(factor)) {
    if (Array.isArray(factor)) return [...(factor as number[])].sort((a, b) => a - b) as [number, number];
    const f = Math.abs(factor as number);
    return [-f, f];
  }
  throw new ValueError(`${owner}: ${what} must be a number or a pair of numbers in ${range}, received ${describe(factor)}`);
}

/** `x` (rank 3 or 4, either data format) as a channels-last batch, and the way back. */
export function asChannelsLastBatch(x: Tensor, dataFormat: DataFormat): {images: Tensor4D; restore: (y: Tensor) => Tensor} {
  const single = x.rank === 3;
  const batch = single ? ops.expandDims(x, 0) : x;
  const first = dataFormat === 'channels_first';
  const images = (first ? ops.transpose(batch, [0, 2, 3, 1]) : batch) as Tensor4D;
  const restore = (y: Tensor): Tensor => {
    const back = first ? ops.transpose(y, [0, 3, 1, 2]) : y;
    return single ? ops.squeeze(back, [0]) : back;
  };
  return {images, restore};
}

/** The [height, width] axes of an image tensor of the given rank. */
export function spatialAxes(rank: number, dataFormat: DataFormat): [number, number] {
  const offset = rank === 4 ? 1 : 0;
  return dataFormat === 'channels_last' ? [offset, offset + 1] : [offset + 1, offset + 2];
}

/**
 * Seeded uniform draws: the n-th call of a layer with seed s draws with seed s + n, so a model built
 * with the same seeds augments the same way every run; without a seed each call is random.
 */
export class Draws {
  private calls = 0;
  constructor(readonly seed: number | null) {}
  /** Uniform numbers in [lo, hi) of the given shape. */
  uniform(shape: number[], lo = 0, hi = 1): Tensor {
    const seed = this.seed === null ? undefined : this.seed + this.calls++;
    return ops.randomUniform(shape, lo, hi, 'float32', seed);
  }
  /** One uniform number in [0, 1) drawn in JS (for offsets that must be plain numbers, such as a crop's). */
  number(): number {
    if (this.seed === null) return Math.random();
    let a = (this.seed * 0x9e3779b1 + this.calls++ * 0x85ebca6b) >>> 0;
    a = Math.imul(a ^ (a >>> 16), 0x45d9f3b) >>> 0;
    a = Math.imul(a ^ (a >>> 16), 0x45d9f3b) >>> 0;
    return ((a ^ (a >>> 16)) >>> 0) / 4294967296;
  }
}

/** Checks a seed argument (an integer or null). */
export function checkSeed(owner: string, seed: unknown): number | null {
  if (seed === undefined || seed === null) return null;
  if (!Number.isInteger(seed)) throw new ValueError(`${owner}: seed must be an integer or null, received ${describe(seed)}`);
  return seed as number;
}
