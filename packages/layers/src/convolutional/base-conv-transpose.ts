import {ValueError, describe} from '@stratum/core';
import type {Activation, ConfigDict, Tensor, Tensor1D, Variable} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {KernelOptions} from '../engine/kernel-args.js';
import type {KernelArgs} from '../engine/kernel-args.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, convTransposeOutputLength, intTuple, knownChannels, placeChannels, runChannelsLast, spatialDims} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

/** The arguments of every transposed convolution layer (Conv1DTranspose, Conv2DTranspose, Conv3DTranspose). */
export interface BaseConvTransposeArgs extends LayerArgs, KernelArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: one integer, or one per spatial axis. */
  kernelSize: number | number[];
  /** Default 1. */
  strides?: number | number[];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /**
   * Extra output size at the end of each axis, each smaller than its stride; null (default) lets the
   * padding decide (`valid`: (in − 1)·s + max(span, s); `same`: in·s, span = (k − 1)·dilation + 1).
   */
  outputPadding?: number | number[] | null;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | number[];
}

/**
 * The transposed convolution layers' shared part (keras/src/layers/convolutional/base_conv_transpose.py):
 * arguments, the kernel [...kernelSize, filters, channels] and bias [filters], the output shape and
 * the config. Subclasses run the channels-last op.
 */
export abstract class BaseConvTranspose extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: PaddingMode;
  readonly outputPadding: number[] | null;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  private readonly options: KernelOptions;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  protected constructor(readonly rank: 1 | 2 | 3, args: BaseConvTransposeArgs) {
    super(args);
    const owner = this.owner;
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new ValueError(`${owner}: filters must be a positive integer, received ${describe(args.filters)}`);
    this.filters = args.filters;
    this.kernelSize = intTuple(owner, 'kernelSize', args.kernelSize, rank, 1);
    this.strides = intTuple(owner, 'strides', args.strides, rank, 1);
    this.dilationRate = intTuple(owner, 'dilationRate', args.dilationRate, rank, 1);
    checkStridesAndDilation(owner, this.strides, this.dilationRate);
    this.padding = checkPadding(owner, args.padding);
    this.outputPadding = args.outputPadding === undefined || args.outputPadding === null ? null : intTuple(owner, 'outputPadding', args.outputPadding, rank, 0, true);
    // keras/src/layers/convolutional/base_conv_transpose.py: output_padding must be strictly less than strides.
    if (this.outputPadding !== null && this.outputPadding.some((p, i) => p >= (this.strides[i] as number))) {
      throw new ValueError(`${owner}: outputPadding must be smaller than strides on every axis, received outputPadding ${describe(this.outputPadding)} and strides ${describe(this.strides)}`);
    }
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.options = new KernelOptions(args);
    this.inputSpec = new InputSpec({ndim: rank + 2});
  }

  /** The class name, for messages. */
  protected get owner(): string {
    return (this.constructor as unknown as {className: string}).className;
  }

  get activation(): Activation {
    return this.options.activation;
  }
  get useBias(): boolean {
    return this.options.useBias;
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? this.rank + 1 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(`${this.owner} "${this.name}"`, inputShape, this.channelAxis);
    ({kernel: this.kernel, bias: this.bias} = this.options.createWeights((a) => this.addWeight(a), [...this.kernelSize, this.filters, channels], [this.filters]));
    this.inputSpec = new InputSpec({ndim: this.rank + 2, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  /** The channels-last transposed convolution with the layer's geometry (bias and the fusable activation included). */
  protected abstract convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor;

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runChannelsLast(inputs, this.rank, this.dataFormat, this.activation, (x, fused) => this.convolve(x, kernel, bias, fused));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const spatial = spatialDims(s, this.rank, this.dataFormat).map((d, i) => convTransposeOutputLength(
      d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number,
      this.outputPadding === null ? null : this.outputPadding[i] as number));
    return placeChannels(s, this.dataFormat, spatial, this.filters);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      ...this.options.getConfig(),
    };
  }
}
