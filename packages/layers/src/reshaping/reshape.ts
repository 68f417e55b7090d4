import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {shapeToString, sizeOf} from '../engine/shape.js';

export interface ReshapeArgs extends LayerArgs {
  /** Shape of one output sample (no batch axis); one entry may be -1 (inferred). */
  targetShape: number[];
}

/**
 * Reshapes each sample to `targetShape`.
 *
 * Input shape: `[batch, ...]`. Output shape: `[batch, ...targetShape]`.
 */
export class Reshape extends Layer {
  static override readonly className = 'Reshape';
  readonly targetShape: number[];
  constructor(args: ReshapeArgs) {
    super(args);
    const t = args.targetShape;
    if (!Array.isArray(t) || !t.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) || t.filter((d) => d === -1).length > 1) {
      throw new ValueError(`Reshape: targetShape must be a list of positive integers with at most one -1, received ${describe(t)}`);
    }
    this.targetShape = [...t];
  }
  call(inputs: Tensor): Tensor {
    const out = this.resolve(inputs.shape.slice(1));
    return ops.reshape(inputs, [inputs.shape[0] as number, ...(out as number[])]);
  }
  private resolve(sample: Shape): (number | null)[] {
    const n = sizeOf(sample);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (!this.targetShape.includes(-1)) {
      if (n !== null && n !== known) {
        throw new ShapeError(`Reshape "${this.name}": cannot reshape a sample of shape ${shapeToString(sample)} (${n} values) to ${shapeToString(this.targetShape)} (${known} values)`);
      }
      return this.targetShape;
    }
    if (n === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    if (n % known !== 0) {
      throw new ShapeError(`Reshape "${this.name}": cannot reshape a sample of shape ${shapeToString(sample)} (${n} values) to ${shapeToString(this.targetShape)}`);
    }
    return this.targetShape.map((d) => (d === -1 ? n / known : d));
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    return [s[0] ?? null, ...this.resolve(s.slice(1))];
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), targetShape: this.targetShape};
  }
}
