/**
 * Shapes as layers see them: `null` marks an unknown dimension (the batch, or a free time axis).
 */
import {Tensor} from '@stratum/core';
import type {Nested} from '@stratum/core';

export type Shape = (number | null)[];

/** A tensor or a symbolic tensor: the leaves of what layers take and return. */
export type ShapeStructure = Nested<Shape>;

export function isShape(v: unknown): v is Shape {
  return Array.isArray(v) && v.every((d) => d === null || typeof d === 'number');
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

export function shapeToString(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** Product of the known dimensions; null when any dimension is unknown. */
export function sizeOf(shape: readonly (number | null)[]): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}
