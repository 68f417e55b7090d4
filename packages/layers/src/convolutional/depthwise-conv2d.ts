import {ValueError, activations, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import {intPair, serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, conv2DLikeOutputShape, knownChannels, runConv2DLike} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

export interface DepthwiseConv2DArgs extends LayerArgs {
  /** Window size: one integer or [height, width]. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | [number, number];
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
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier` filters
 * (keras/src/layers/convolutional/depthwise_conv2d.py), the first half of MobileNet's separable block.
 * Trains on every backend: core's depthwiseConv2d has its own backward pass (wasm has no kernel for it).
 *
 * Input shape: `[batch, height, width, channels]` (channels_last) or channels first.
 * Output shape: `[batch, newH, newW, channels · depthMultiplier]`.
 * Weights: `kernel` `[kH, kW, channels, depthMultiplier]` (Keras 3's name), `bias` `[channels · depthMultiplier]`.
 */
export class DepthwiseConv2D extends Layer {
  static override readonly className = 'DepthwiseConv2D';
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: PaddingMode;
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat;
  readonly dilationRate: [number, number];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  private readonly weightOptions: Pick<DepthwiseConv2DArgs, 'depthwiseRegularizer' | 'biasRegularizer' | 'depthwiseConstraint' | 'biasConstraint'>;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const m = args.depthMultiplier ?? 1;
    if (!Number.isInteger(m) || m <= 0) throw new ValueError(`DepthwiseConv2D: depthMultiplier must be a positive integer, received ${describe(m)}`);
    this.depthMultiplier = m;
    this.kernelSize = intPair('DepthwiseConv2D', 'kernelSize', args.kernelSize, 1);
    this.strides = intPair('DepthwiseConv2D', 'strides', args.strides, 1);
    this.dilationRate = intPair('DepthwiseConv2D', 'dilationRate', args.dilationRate, 1);
    checkStridesAndDilation('DepthwiseConv2D', this.strides, this.dilationRate);
    this.padding = checkPadding('DepthwiseConv2D', args.padding);
    this.dataFormat = checkDataFormat('DepthwiseConv2D', args.dataFormat);
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = initializers.getInitializer(args.depthwiseInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.getInitializer(args.biasInitializer ?? 'zeros');
    this.weightOptions = {depthwiseRegularizer: args.depthwiseRegularizer, biasRegularizer: args.biasRegularizer, depthwiseConstraint: args.depthwiseConstraint, biasConstraint: args.biasConstraint};
    this.inputSpec = new InputSpec({ndim: 4});
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? 3 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(`DepthwiseConv2D "${this.name}"`, inputShape, this.channelAxis);
    const o = this.weightOptions;
    this.kernel = this.addWeight({name: 'kernel', shape: [...this.kernelSize, channels, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: o.depthwiseRegularizer, constraint: o.depthwiseConstraint});
    if (this.useBias) this.bias = this.addWeight({name: 'bias', shape: [channels * this.depthMultiplier], initializer: this.biasInitializer, regularizer: o.biasRegularizer, constraint: o.biasConstraint});
    this.inputSpec = new InputSpec({ndim: 4, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value as Tensor4D;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runConv2DLike(inputs, this, this.activation, (x, activation) =>
      ops.depthwiseConv2d(x, kernel, {strides: this.strides, padding: this.padding, dilations: this.dilationRate, bias, activation}),
    );
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const c = (inputShape as Shape)[this.channelAxis];
    return conv2DLikeOutputShape(`DepthwiseConv2D "${this.name}"`, inputShape as Shape, this, c === null || c === undefined ? null : c * this.depthMultiplier);
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
