/**
 * The global pooling layers' base (keras/src/layers/pooling/base_global_pooling.py): reduce every spatial
 * axis, keeping the channels; `keepdims` leaves the reduced axes as size 1.
 */
import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';

export interface GlobalPoolingArgs extends LayerArgs {
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Keep the pooled axes as size 1 (default false). */
  keepdims?: boolean;
}

export abstract class GlobalPooling extends Layer {
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;

  constructor(args: GlobalPoolingArgs, readonly poolDimensions: number) {
    super(args);
    this.dataFormat = checkDataFormat((new.target as unknown as {className: string}).className, args.dataFormat);
    this.keepdims = args.keepdims ?? false;
    this.inputSpec = new InputSpec({ndim: poolDimensions + 2});
  }

  /** The spatial axes of an input of this layer. */
  protected spatialAxes(): number[] {
    const first = this.dataFormat === 'channels_last' ? 1 : 2;
    return Array.from({length: this.poolDimensions}, (_, i) => first + i);
  }

  /** Reduces `x` over `axes` (mean or max); `mask` is the input's `[batch, steps]` mask, if any. */
  protected abstract reduce(x: Tensor, axes: number[], mask: Tensor | null): Tensor;

  call(x: Tensor, ctx: CallContext): Tensor {
    return this.reduce(x, this.spatialAxes(), ctx.mask);
  }

  /** The pooled output carries no mask (the steps are gone). */
  override computeMask(): null {
    return null;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const channelsLast = this.dataFormat === 'channels_last';
    const channels = channelsLast ? (s[s.length - 1] ?? null) : (s[1] ?? null);
    const ones: Shape = this.keepdims ? Array<number>(this.poolDimensions).fill(1) : [];
    return channelsLast ? [s[0] ?? null, ...ones, channels] : [s[0] ?? null, channels, ...ones];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims};
  }
}

/** Mean over `axes`; over steps with a `[batch, steps]` mask, the mean of the unmasked steps (Keras's rule). */
export function globalMean(x: Tensor, axes: number[], keepdims: boolean, mask: Tensor | null, stepsAxis: number): Tensor {
  if (mask === null) return ops.meanOver(x, axes, keepdims);
  const m = ops.expandDims(ops.cast(mask, x.dtype), stepsAxis === 1 ? 2 : 1);
  return ops.div(ops.sum(ops.mul(x, m), axes, keepdims), ops.sum(m, axes, keepdims));
}
