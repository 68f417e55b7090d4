import {NotSupportedError, ValueError, describe, ops} from '@stratum/core';
import type {Activation, ConfigDict, Tensor, Tensor1D, Tensor3D, Variable} from '@stratum/core';
import {intSingle} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {KernelOptions} from '../engine/kernel-args.js';
import type {KernelArgs} from '../engine/kernel-args.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, checkWindowFits, convOutputLength, knownChannels} from './conv-utils.js';

export interface Conv1DArgs extends LayerArgs, KernelArgs {
  /** Number of output channels. */
  filters: number;
  /** Window length: an integer or [length]. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default 'valid'; 'causal' pads only before the first step, so step t sees inputs up to t. */
  padding?: 'valid' | 'same' | 'causal';
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | [number];
  /** Default 1 (only 1 is supported so far). */
  groups?: number;
}

/**
 * 1-D convolution over sequences (keras/src/layers/convolutional/conv1d.py). Trains on every backend:
 * core's conv1d runs through its own conv2d gradient (wasm has no Conv2DBackpropFilter).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, filters]` (or channels first). Weights: `kernel` `[k, channels, filters]`, `bias` `[filters]`.
 */
export class Conv1D extends Layer {
  static override readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: [number];
  readonly strides: [number];
  readonly padding: 'valid' | 'same' | 'causal';
  readonly dataFormat: DataFormat;
  readonly dilationRate: [number];
  private readonly options: KernelOptions;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: Conv1DArgs) {
    super(args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) throw new ValueError(`Conv1D: filters must be a positive integer, received ${describe(args.filters)}`);
    if ((args.groups ?? 1) !== 1) throw new NotSupportedError(`Conv1D: groups other than 1 are not supported yet, received ${describe(args.groups)}`);
    this.filters = args.filters;
    this.kernelSize = [intSingle('Conv1D', 'kernelSize', args.kernelSize, 1)];
    this.strides = [intSingle('Conv1D', 'strides', args.strides, 1)];
    this.dilationRate = [intSingle('Conv1D', 'dilationRate', args.dilationRate, 1)];
    checkStridesAndDilation('Conv1D', this.strides, this.dilationRate);
    this.padding = checkPadding('Conv1D', args.padding, ['valid', 'same', 'causal']) as 'valid' | 'same' | 'causal';
    this.dataFormat = checkDataFormat('Conv1D', args.dataFormat);
    this.options = new KernelOptions(args);
    this.inputSpec = new InputSpec({ndim: 3});
  }

  get activation(): Activation {
    return this.options.activation;
  }
  get useBias(): boolean {
    return this.options.useBias;
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? 2 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(`Conv1D "${this.name}"`, inputShape, this.channelAxis);
    ({kernel: this.kernel, bias: this.bias} = this.options.createWeights((a) => this.addWeight(a), [this.kernelSize[0], channels, this.filters], [this.filters]));
    this.inputSpec = new InputSpec({ndim: 3, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const x = (this.dataFormat === 'channels_first' ? ops.transpose(inputs, [0, 2, 1]) : inputs) as Tensor3D;
    const fused = this.activation.fused;
    let y: Tensor = ops.conv1d(x, (this.kernel as Variable).value as Tensor3D, {
      strides: this.strides[0],
      padding: this.padding,
      dilations: this.dilationRate[0],
      bias: this.bias === null ? null : (this.bias.value as Tensor1D),
      activation: fused ?? 'linear',
    });
    if (fused === null) y = this.activation.apply(y);
    return this.dataFormat === 'channels_first' ? ops.transpose(y, [0, 2, 1]) : y;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const stepsAxis = this.dataFormat === 'channels_last' ? 1 : 2;
    // Causal padding keeps every step, as 'same' does: (k - 1)·dilation zeros go before the first step.
    const steps = convOutputLength(s[stepsAxis] ?? null, this.kernelSize[0], this.padding === 'causal' ? 'same' : this.padding, this.strides[0], this.dilationRate[0]);
    const out = this.dataFormat === 'channels_last' ? [s[0] ?? null, steps, this.filters] : [s[0] ?? null, this.filters, steps];
    checkWindowFits(`Conv1D "${this.name}"`, s, out);
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
      groups: 1,
      ...this.options.getConfig(),
    };
  }
}
