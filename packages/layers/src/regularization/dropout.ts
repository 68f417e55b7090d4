import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {NoiseSeed, checkRate} from './noise-seed.js';

/** Arguments of {@link Dropout} (Keras config keys in camelCase). */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of units to drop, in [0, 1] (1 drops everything). */
  rate: number;
  /**
   * Shape of the binary mask, one entry per input axis (null entries follow the input), e.g.
   * `[null, 1, null]` to share it across time; each entry is 1 or the input's size there.
   */
  noiseShape?: (number | null)[] | null;
  /** Makes the masks reproducible: a seeded layer draws the same sequence of masks on every run. */
  seed?: number | null;
}

/**
 * Randomly sets a fraction `rate` of inputs to 0 during training and scales the rest by 1/(1 − rate);
 * does nothing at inference (keras/src/layers/regularization/dropout.py).
 *
 * Input shape: any. Output shape: same as input.
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  protected readonly noiseSeed: NoiseSeed;
  constructor(args: DropoutArgs) {
    super(args);
    const cls = (new.target as unknown as typeof Dropout).className;
    this.rate = checkRate(cls, args.rate);
    this.noiseShape = checkNoiseShape(cls, args.noiseShape);
    this.noiseSeed = new NoiseSeed(cls, args.seed);
    this.supportsMasking = true;
  }
  get seed(): number | null {
    return this.noiseSeed.seed;
  }
  call(inputs: Tensor, ctx: CallContext): Tensor {
    if (!ctx.training || this.rate === 0) return inputs;
    // keras/src/backend/*/random.py dropout: rate 1 gives zeros (1 / (1 - rate) would be infinite).
    if (this.rate === 1) return ops.zerosLike(inputs);
    return ops.dropout(inputs, this.rate, this.maskShape(inputs.shape), this.noiseSeed.next());
  }
  /** The mask's shape for an input of this shape (subclasses such as the spatial dropouts choose their own). */
  protected maskShape(shape: number[]): number[] {
    return resolveNoiseShape(`Dropout "${this.name}"`, this.noiseShape, shape);
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), rate: this.rate, seed: this.seed, noiseShape: this.noiseShape};
  }
}

/** Validates a `noiseShape` argument as Keras does: a list of positive integers or nulls. */
export function checkNoiseShape(owner: string, v: unknown): (number | null)[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v) || !v.every((d) => d === null || (Number.isInteger(d) && d > 0))) {
    throw new ValueError(`${owner}: noiseShape must be a list of positive integers or nulls, received ${describe(v)}`);
  }
  return [...(v as (number | null)[])];
}

/** A concrete mask shape: nulls take the input's size; every entry must be 1 or the input's size there. */
export function resolveNoiseShape(owner: string, noiseShape: (number | null)[] | null, shape: number[]): number[] {
  if (noiseShape === null) return shape;
  const bad = (): never => {
    throw new ShapeError(`${owner}: noiseShape ${describe(noiseShape)} does not broadcast to the input shape [${shape.join(', ')}]; expected one entry per axis, each 1, null or the input's size`);
  };
  if (noiseShape.length !== shape.length) bad();
  return noiseShape.map((d, i) => {
    const size = shape[i] as number;
    if (d !== null && d !== 1 && d !== size) bad();
    return d ?? size;
  });
}
