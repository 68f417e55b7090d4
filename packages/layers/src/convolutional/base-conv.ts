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
import {checkPadding, checkStridesAndDilation, checkWindowFits, convOutputLength, intTuple, knownChannels, placeChannels, runChannelsLast, spatialDims} from './conv-utils.js';

/** The arguments of every N-D convolution layer (Conv1D, Conv2D, Conv3D). */
export interface BaseConvArgs extends LayerArgs, KernelArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: one integer, or one per spatial axis. */
  kernelSize: number | number[];
  /** Default 1. */
  strides?: number | number[];
  /** Default 'valid' ('causal' for Conv1D only). */
  padding?: 'valid' | 'same' | 'causal';
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | number[];
  /**
   * Default 1. Input channels and filters split into this many groups, each group's filters seeing only
   * its group's channels; the kernel is then [...kernelSize, channels / groups, filters].
   */
  groups?: number;
}

/**
 * The N-D convolution layers' shared part (keras/src/layers/convolutional/base_conv.py): arguments,
 * the kernel [...kernelSize, channels / groups, filters] and bias [filters], the output shape and the
 * config. Subclasses run the channels-last op.
 */
export abstract class BaseConv extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly groups: number;
  private readonly options: KernelOptions;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  protected constructor(readonly rank: 1 | 2 | 3, args: BaseConvArgs) {
    super(args);
    const owner = this.owner;
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new ValueError(`${owner}: filters must be a positive integer, received ${describe(args.filters)}`);
    const groups = args.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError(`${owner}: groups must be a positive integer, received ${describe(args.groups)}`);
    if (args.filters % groups !== 0) throw new ValueError(`${owner}: filters (${args.filters}) must be divisible by groups (${groups})`);
    this.filters = args.filters;
    this.groups = groups;
    this.kernelSize = intTuple(owner, 'kernelSize', args.kernelSize, rank, 1);
    this.strides = intTuple(owner, 'strides', args.strides, rank, 1);
    this.dilationRate = intTuple(owner, 'dilationRate', args.dilationRate, rank, 1);
    checkStridesAndDilation(owner, this.strides, this.dilationRate);
    this.padding = checkPadding(owner, args.padding, rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same']) as 'valid' | 'same' | 'causal';
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.options = new KernelOptions(args);
    this.inputSpec = new InputSpec({ndim: rank + 2});
  }

  /** The class name, for messages. */
  protected get owner(): string {
    return (this.constructor as unknown as {className: string}).className;
  }

  get activation(): KernelOptions['activation'] {
    return this.options.activation;
  }
  get useBias(): boolean {
    return this.options.useBias;
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? this.rank + 1 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const owner = `${this.owner} "${this.name}"`;
    const channels = knownChannels(owner, inputShape, this.channelAxis);
    if (channels % this.groups !== 0) {
      throw new ValueError(`${owner}: the input's ${channels} channels (shape ${JSON.stringify(inputShape)}) must be divisible by groups (${this.groups})`);
    }
    this.computeOutputShape(inputShape);
    ({kernel: this.kernel, bias: this.bias} = this.options.createWeights((a) => this.addWeight(a), [...this.kernelSize, channels / this.groups, this.filters], [this.filters]));
    this.inputSpec = new InputSpec({ndim: this.rank + 2, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  /** The channels-last convolution with the layer's geometry (bias and the fusable activation included). */
  protected abstract convolve(x: Tensor, kernel: Tensor, bias: Tensor1D | null, activation: NonNullable<Activation['fused']>): Tensor;

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runChannelsLast(inputs, this.rank, this.dataFormat, this.activation, (x, fused) => this.convolve(x, kernel, bias, fused));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    // Causal padding keeps every step, as 'same' does: (k - 1)·dilation zeros go before the first step.
    const padding = this.padding === 'causal' ? 'same' : this.padding;
    const spatial = spatialDims(s, this.rank, this.dataFormat).map((d, i) =>
      convOutputLength(d, this.kernelSize[i] as number, padding, this.strides[i] as number, this.dilationRate[i] as number));
    const out = placeChannels(s, this.dataFormat, spatial, this.filters);
    checkWindowFits(`${this.owner} "${this.name}"`, s, out);
    return out;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: this.dilationRate,
      groups: this.groups,
      ...this.options.getConfig(),
    };
  }
}
