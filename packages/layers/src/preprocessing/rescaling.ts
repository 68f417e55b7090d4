import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface RescalingArgs extends LayerArgs {
  /** Multiplier: a number, or one per channel (broadcast against the last axes). */
  scale: number | number[];
  /** Added after scaling; a number or one per channel. Default 0. */
  offset?: number | number[];
}

function checkNumbers(what: string, v: unknown): number | number[] {
  const ok = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  if (ok(v) || (Array.isArray(v) && v.length > 0 && v.every(ok))) return v as number | number[];
  throw new ValueError(`Rescaling: ${what} must be a finite number or a non-empty list of them, received ${describe(v)}`);
}

/**
 * `inputs * scale + offset`, e.g. `scale: 1 / 255` to bring pixels into [0, 1], or `scale: 1 / 127.5,
 * offset: -1` for [-1, 1] (keras/src/layers/preprocessing/rescaling.py).
 *
 * Input shape: any. Output shape: the same.
 */
export class Rescaling extends Layer {
  static override readonly className = 'Rescaling';
  readonly scale: number | number[];
  readonly offset: number | number[];

  constructor(args: RescalingArgs) {
    super(args);
    this.scale = checkNumbers('scale', args.scale);
    this.offset = checkNumbers('offset', args.offset ?? 0);
    this.supportsMasking = true;
  }

  call(inputs: Tensor): Tensor {
    const x = inputs.dtype === 'float32' ? inputs : ops.cast(inputs, 'float32');
    return ops.add(ops.mul(x, ops.tensor(this.scale)), ops.tensor(this.offset));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), scale: this.scale, offset: this.offset};
  }
}
