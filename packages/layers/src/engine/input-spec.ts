/**
 * What a layer accepts: rank bounds, fixed sizes on some axes, dtype. Checked when the layer is called,
 * with an error naming the layer, the received shape and the expectation.
 */
import {ShapeError} from '@stratum/core';
import type {Shape} from './shape.js';
import {shapeToString} from './shape.js';

export interface InputSpecArgs {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** Axis (negative counts from the end) → required size. */
  axes?: Record<number, number>;
}

export class InputSpec {
  readonly ndim: number | null;
  readonly minNdim: number | null;
  readonly maxNdim: number | null;
  readonly axes: Record<number, number>;
  constructor(args: InputSpecArgs) {
    this.ndim = args.ndim ?? null;
    this.minNdim = args.minNdim ?? null;
    this.maxNdim = args.maxNdim ?? null;
    this.axes = args.axes ?? {};
  }

  /** Throws a {@link ShapeError} when `shape` does not satisfy this spec. */
  assertCompatible(layerName: string, shape: Shape, inputIndex = 0): void {
    const where = `Input ${inputIndex} of layer "${layerName}"`;
    const rank = shape.length;
    if (this.ndim !== null && rank !== this.ndim) {
      throw new ShapeError(`${where} is incompatible: expected rank ${this.ndim} (ndim=${this.ndim}), received shape ${shapeToString(shape)} (rank ${rank})`);
    }
    if (this.minNdim !== null && rank < this.minNdim) {
      throw new ShapeError(`${where} is incompatible: expected rank >= ${this.minNdim}, received shape ${shapeToString(shape)}`);
    }
    if (this.maxNdim !== null && rank > this.maxNdim) {
      throw new ShapeError(`${where} is incompatible: expected rank <= ${this.maxNdim}, received shape ${shapeToString(shape)}`);
    }
    for (const [axisKey, size] of Object.entries(this.axes)) {
      const axis = Number(axisKey);
      const d = shape[axis < 0 ? rank + axis : axis];
      if (d !== null && d !== undefined && d !== size) {
        throw new ShapeError(`${where} is incompatible: expected axis ${axis} to have size ${size}, received shape ${shapeToString(shape)}`);
      }
    }
  }
}
