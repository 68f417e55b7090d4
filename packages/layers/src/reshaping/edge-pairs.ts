/** Per-axis [before, after] amounts for the cropping and zero-padding layers, normalised as Keras does. */
import {ValueError, describe} from '@stratum/core';
import type {Shape} from '../engine/shape.js';
import type {DataFormat} from './flatten.js';

/** How many entries to remove or add before and after one spatial axis. */
export type EdgePair = [number, number];

/** One axis's amount: a number (the same on both sides) or a pair [before, after]. */
export type EdgeSpec = number | readonly [number, number];

const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function pairOf(v: unknown): EdgePair | null {
  if (isCount(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(isCount)) return [v[0] as number, v[1] as number];
  return null;
}

/**
 * Normalises a 1-D amount: `n` (both sides) or `[before, after]`
 * (keras/src/layers/reshaping/cropping1d.py and zero_padding1d.py).
 */
export function edgePair1D(owner: string, what: string, value: unknown): EdgePair[] {
  const p = pairOf(value);
  if (p === null) throw new ValueError(`${owner}: ${what} must be a non-negative integer or a pair [before, after] of them, received ${describe(value)}`);
  return [p];
}

/**
 * Normalises an n-D amount (n = 2 or 3): `k` for every side of every axis, or a list of n entries, each
 * `k` (both sides of that axis) or `[before, after]` (keras/src/layers/reshaping/cropping2d.py and friends).
 */
export function edgePairsND(owner: string, what: string, value: unknown, n: number): EdgePair[] {
  if (isCount(value)) return Array.from({length: n}, (): EdgePair => [value, value]);
  const pairs = Array.isArray(value) && value.length === n ? value.map(pairOf) : null;
  if (pairs === null || pairs.some((p) => p === null)) {
    throw new ValueError(
      `${owner}: ${what} must be a non-negative integer, or a list of ${n} entries each a non-negative integer or a pair [before, after] of them, received ${describe(value)}`,
    );
  }
  return pairs as EdgePair[];
}

/** The axes (batch axis 0 included in the numbering) of the n spatial dimensions in a rank n+2 shape. */
export function spatialAxes(n: number, dataFormat: DataFormat): number[] {
  const first = dataFormat === 'channels_first' ? 2 : 1;
  return Array.from({length: n}, (_v, i) => first + i);
}

/** `shape` with each spatial axis changed by `sign`·(before + after) (unknown sizes stay unknown). */
export function resizedShape(shape: Shape, axes: number[], pairs: EdgePair[], sign: 1 | -1): Shape {
  const out = [...shape];
  axes.forEach((axis, i) => {
    const d = shape[axis];
    const [before, after] = pairs[i] as EdgePair;
    out[axis] = d === null || d === undefined ? null : d + sign * (before + after);
  });
  return out;
}
