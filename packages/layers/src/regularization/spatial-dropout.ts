/**
 * The base of SpatialDropout1D/2D/3D (keras/src/layers/regularization/spatial_dropout.py): Dropout whose
 * mask has one entry per sample and channel, so whole feature maps are dropped together.
 */
import type {ConfigDict} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import type {LayerArgs} from '../engine/layer.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {Dropout} from './dropout.js';

/** Arguments of SpatialDropout1D/2D/3D. */
export interface SpatialDropoutArgs extends LayerArgs {
  /** Fraction of feature maps to drop, in [0, 1]. */
  rate: number;
  /** Makes the masks reproducible (see {@link Dropout}). */
  seed?: number | null;
  /** Where the channels are: 'channels_last' (default) or 'channels_first'. Not used by SpatialDropout1D (always channels last, as Keras). */
  dataFormat?: DataFormat;
}

/** Abstract: subclasses fix the input rank (3, 4 or 5). */
export abstract class SpatialDropout extends Dropout {
  static override readonly className: string = 'SpatialDropout';
  readonly dataFormat: DataFormat;

  protected constructor(args: SpatialDropoutArgs, rank: number) {
    // The mask shape comes from the data format; Keras 2 files also carry noise_shape (null), ignored as Keras does.
    super({...args, noiseShape: null});
    this.dataFormat = checkDataFormat((new.target as unknown as typeof SpatialDropout).className, args.dataFormat);
    this.inputSpec = new InputSpec({ndim: rank});
  }

  /** `[batch, 1, …, 1, channels]`, or `[batch, channels, 1, …, 1]` for channels first. */
  protected override maskShape(shape: number[]): number[] {
    const ones = shape.slice(2).map(() => 1);
    return this.dataFormat === 'channels_first' ? [shape[0] as number, shape[1] as number, ...ones] : [shape[0] as number, ...ones, shape[shape.length - 1] as number];
  }

  /**
   * Keras 3's keys (rate, seed, name, dtype, and data_format for 2D/3D): its constructor takes no others,
   * so `trainable` and `noise_shape` are left out. A first layer given `inputShape` keeps `batchInputShape`.
   */
  override getConfig(): ConfigDict {
    const {name, dtype, batchInputShape} = super.getConfig();
    return {name, dtype, ...(batchInputShape === undefined ? {} : {batchInputShape}), rate: this.rate, seed: this.seed};
  }
}
