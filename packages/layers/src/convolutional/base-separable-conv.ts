import {ValueError, activations, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, checkWindowFits, convOutputLength, intTuple, knownChannels, placeChannels, runChannelsLast, spatialDims} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

/** The arguments of SeparableConv1D and SeparableConv2D. */
export interface BaseSeparableConvArgs extends LayerArgs {
  /** Number of output channels (of the pointwise step). */
  filters: number;
  /** Depthwise window size: one integer, or one per spatial axis. */
  kernelSize: number | number[];
  /** Default 1. */
  strides?: number | number[];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Depthwise output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | number[];
  /** Default linear. */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorot_uniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default 'glorot_uniform'. */
  pointwiseInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

type WeightOptions = Pick<BaseSeparableConvArgs, 'depthwiseRegularizer' | 'pointwiseRegularizer' | 'biasRegularizer' | 'depthwiseConstraint' | 'pointwiseConstraint' | 'biasConstraint'>;

/**
 * Separable convolution layers' shared part (keras/src/layers/convolutional/base_separable_conv.py):
 * a depthwise convolution (`depthwise_kernel` [...kernelSize, channels, depthMultiplier]) then a 1×1
 * convolution (`pointwise_kernel` [1..., channels·depthMultiplier, filters]) plus `bias` [filters].
 * Runs core's separableConv2d (1-D over a height of 1), which trains on every backend.
 */
export abstract class BaseSeparableConv extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: PaddingMode;
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly pointwiseInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  private readonly weightOptions: WeightOptions;
  depthwiseKernel: Variable | null = null;
  pointwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  protected constructor(readonly rank: 1 | 2, args: BaseSeparableConvArgs) {
    super(args);
    const owner = (this.constructor as unknown as {className: string}).className;
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new ValueError(`${owner}: filters must be a positive integer, received ${describe(args.filters)}`);
    const m = args.depthMultiplier ?? 1;
    if (!Number.isInteger(m) || m <= 0) throw new ValueError(`${owner}: depthMultiplier must be a positive integer, received ${describe(m)}`);
    this.filters = args.filters;
    this.depthMultiplier = m;
    this.kernelSize = intTuple(owner, 'kernelSize', args.kernelSize, rank, 1);
    this.strides = intTuple(owner, 'strides', args.strides, rank, 1);
    this.dilationRate = intTuple(owner, 'dilationRate', args.dilationRate, rank, 1);
    checkStridesAndDilation(owner, this.strides, this.dilationRate);
    this.padding = checkPadding(owner, args.padding);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = initializers.getInitializer(args.depthwiseInitializer ?? 'glorot_uniform');
    this.pointwiseInitializer = initializers.getInitializer(args.pointwiseInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.getInitializer(args.biasInitializer ?? 'zeros');
    this.weightOptions = {
      depthwiseRegularizer: args.depthwiseRegularizer, pointwiseRegularizer: args.pointwiseRegularizer, biasRegularizer: args.biasRegularizer,
      depthwiseConstraint: args.depthwiseConstraint, pointwiseConstraint: args.pointwiseConstraint, biasConstraint: args.biasConstraint,
    };
    this.inputSpec = new InputSpec({ndim: rank + 2});
  }

  private get owner(): string {
    return `${(this.constructor as unknown as {className: string}).className} "${this.name}"`;
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? this.rank + 1 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(this.owner, inputShape, this.channelAxis);
    this.computeOutputShape(inputShape);
    const o = this.weightOptions;
    const ones = Array<number>(this.rank).fill(1);
    this.depthwiseKernel = this.addWeight({name: 'depthwise_kernel', shape: [...this.kernelSize, channels, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: o.depthwiseRegularizer, constraint: o.depthwiseConstraint});
    this.pointwiseKernel = this.addWeight({name: 'pointwise_kernel', shape: [...ones, channels * this.depthMultiplier, this.filters], initializer: this.pointwiseInitializer, regularizer: o.pointwiseRegularizer, constraint: o.pointwiseConstraint});
    if (this.useBias) this.bias = this.addWeight({name: 'bias', shape: [this.filters], initializer: this.biasInitializer, regularizer: o.biasRegularizer, constraint: o.biasConstraint});
    this.inputSpec = new InputSpec({ndim: this.rank + 2, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const dw = (this.depthwiseKernel as Variable).value;
    const pw = (this.pointwiseKernel as Variable).value;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    const two = this.rank === 1;
    const strides = (two ? [1, ...this.strides] : this.strides) as [number, number];
    const dilations = (two ? [1, ...this.dilationRate] : this.dilationRate) as [number, number];
    return runChannelsLast(inputs, this.rank, this.dataFormat, this.activation, (x, activation) => {
      const [n, steps, c] = x.shape as [number, number, number];
      const x4 = (two ? ops.reshape(x, [n, 1, steps, c]) : x) as Tensor4D;
      const dw4 = (two ? ops.expandDims(dw, 0) : dw) as Tensor4D;
      const pw4 = (two ? ops.expandDims(pw, 0) : pw) as Tensor4D;
      const y = ops.separableConv2d(x4, dw4, pw4, {strides, padding: this.padding, dilations, bias, activation});
      return two ? ops.squeeze(y, [1]) : y;
    });
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const spatial = spatialDims(s, this.rank, this.dataFormat).map((d, i) =>
      convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number));
    const out = placeChannels(s, this.dataFormat, spatial, this.filters);
    checkWindowFits(this.owner, s, out);
    return out;
  }

  override getConfig(): ConfigDict {
    const o = this.weightOptions;
    return {
      ...super.getConfig(),
      depthMultiplier: this.depthMultiplier,
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      activation: this.activation.name,
      useBias: this.useBias,
      depthwiseInitializer: serializeObject(this.depthwiseInitializer),
      pointwiseInitializer: serializeObject(this.pointwiseInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      depthwiseRegularizer: serializeRegularizer(o.depthwiseRegularizer),
      pointwiseRegularizer: serializeRegularizer(o.pointwiseRegularizer),
      biasRegularizer: serializeRegularizer(o.biasRegularizer),
      depthwiseConstraint: serializeConstraint(o.depthwiseConstraint),
      pointwiseConstraint: serializeConstraint(o.pointwiseConstraint),
      biasConstraint: serializeConstraint(o.biasConstraint),
    };
  }
}
