import {ValueError, activations, describe, initializers, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, intTuple, knownChannels} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

/** The arguments DepthwiseConv1D and DepthwiseConv2D share; `T` is one size per spatial axis. */
export interface BaseDepthwiseConvArgs<T extends number[]> extends LayerArgs {
  /** Window size: one integer or one per spatial axis. */
  kernelSize: number | T;
  /** Default 1. */
  strides?: number | T;
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | T;
  /** Default linear. */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorot_uniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * The base of the depthwise convolutions (keras/src/layers/convolutional/base_depthwise_conv.py):
 * argument checks, the `kernel` `[...k, channels, depthMultiplier]` and `bias` weights, and the config.
 * Subclasses do the math for their rank.
 */
export abstract class BaseDepthwiseConv<T extends number[]> extends Layer {
  readonly kernelSize: T;
  readonly strides: T;
  readonly padding: PaddingMode;
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat;
  readonly dilationRate: T;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  private readonly weightOptions: Pick<BaseDepthwiseConvArgs<T>, 'depthwiseRegularizer' | 'biasRegularizer' | 'depthwiseConstraint' | 'biasConstraint'>;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: BaseDepthwiseConvArgs<T>, readonly rank: number) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    const m = args.depthMultiplier ?? 1;
    if (!Number.isInteger(m) || m <= 0) throw new ValueError(`${owner}: depthMultiplier must be a positive integer, received ${describe(m)}`);
    this.depthMultiplier = m;
    this.kernelSize = intTuple(owner, 'kernelSize', args.kernelSize, rank, 1) as T;
    this.strides = intTuple(owner, 'strides', args.strides, rank, 1) as T;
    this.dilationRate = intTuple(owner, 'dilationRate', args.dilationRate, rank, 1) as T;
    checkStridesAndDilation(owner, this.strides, this.dilationRate);
    this.padding = checkPadding(owner, args.padding);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = initializers.getInitializer(args.depthwiseInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.getInitializer(args.biasInitializer ?? 'zeros');
    this.weightOptions = {depthwiseRegularizer: args.depthwiseRegularizer, biasRegularizer: args.biasRegularizer, depthwiseConstraint: args.depthwiseConstraint, biasConstraint: args.biasConstraint};
    this.inputSpec = new InputSpec({ndim: rank + 2});
  }

  protected get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? this.rank + 1 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const cls = (this.constructor as unknown as {className: string}).className;
    const channels = knownChannels(`${cls} "${this.name}"`, inputShape, this.channelAxis);
    const o = this.weightOptions;
    this.kernel = this.addWeight({name: 'kernel', shape: [...this.kernelSize, channels, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: o.depthwiseRegularizer, constraint: o.depthwiseConstraint});
    if (this.useBias) this.bias = this.addWeight({name: 'bias', shape: [channels * this.depthMultiplier], initializer: this.biasInitializer, regularizer: o.biasRegularizer, constraint: o.biasConstraint});
    this.inputSpec = new InputSpec({ndim: this.rank + 2, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  override getConfig(): ConfigDict {
    const o = this.weightOptions;
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      depthMultiplier: this.depthMultiplier,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: this.activation.name,
      useBias: this.useBias,
      depthwiseInitializer: serializeObject(this.depthwiseInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      depthwiseRegularizer: serializeRegularizer(o.depthwiseRegularizer),
      biasRegularizer: serializeRegularizer(o.biasRegularizer),
      depthwiseConstraint: serializeConstraint(o.depthwiseConstraint),
      biasConstraint: serializeConstraint(o.biasConstraint),
    };
  }
}
