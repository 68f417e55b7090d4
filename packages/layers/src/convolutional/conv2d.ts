import {NotSupportedError, ValueError, describe, ops} from '@stratum/core';
import type {Activation, ConfigDict, Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import {intPair} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {KernelOptions} from '../engine/kernel-args.js';
import type {KernelArgs} from '../engine/kernel-args.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, conv2DLikeOutputShape, knownChannels, runConv2DLike} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

export interface Conv2DArgs extends LayerArgs, KernelArgs {
  /** Number of output channels. */
  filters: number;
  /** Window size: one integer or [height, width]. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | [number, number];
  /** Default 1 (only 1 is supported so far). */
  groups?: number;
}

/**
 * 2-D convolution over images.
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or `[batch, channels, height, width]`.
 * Output shape: `[batch, newHeight, newWidth, filters]` (or channels first).
 * Weights: `kernel` `[kH, kW, channels, filters]`, `bias` `[filters]`.
 */
export class Conv2D extends Layer {
  static override readonly className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;
  readonly dilationRate: [number, number];
  private readonly options: KernelOptions;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: Conv2DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new ValueError(`Conv2D: filters must be a positive integer, received ${describe(args.filters)}`);
    if ((args.groups ?? 1) !== 1) throw new NotSupportedError(`Conv2D: groups other than 1 are not supported yet, received ${describe(args.groups)}`);
    this.filters = args.filters;
    this.kernelSize = intPair('Conv2D', 'kernelSize', args.kernelSize, 1);
    this.strides = intPair('Conv2D', 'strides', args.strides, 1);
    this.dilationRate = intPair('Conv2D', 'dilationRate', args.dilationRate, 1);
    checkStridesAndDilation('Conv2D', this.strides, this.dilationRate);
    this.padding = checkPadding('Conv2D', args.padding);
    this.dataFormat = checkDataFormat('Conv2D', args.dataFormat);
    this.options = new KernelOptions(args);
    this.inputSpec = new InputSpec({ndim: 4});
  }

  get activation(): Activation {
    return this.options.activation;
  }
  get useBias(): boolean {
    return this.options.useBias;
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? 3 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(`Conv2D "${this.name}"`, inputShape, this.channelAxis);
    ({kernel: this.kernel, bias: this.bias} = this.options.createWeights((a) => this.addWeight(a), [...this.kernelSize, channels, this.filters], [this.filters]));
    this.inputSpec = new InputSpec({ndim: 4, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value as Tensor4D;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runConv2DLike(inputs, this, this.activation, (x, activation) =>
      ops.conv2d(x, kernel, {strides: this.strides, padding: this.padding, dilations: this.dilationRate, bias, activation}),
    );
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return conv2DLikeOutputShape(`Conv2D "${this.name}"`, inputShape as Shape, this, this.filters);
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
      groups: 1,
      ...this.options.getConfig(),
    };
  }
}
