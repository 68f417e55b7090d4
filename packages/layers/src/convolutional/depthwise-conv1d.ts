import {ValueError, activations, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Tensor1D, Tensor4D, Variable} from '@stratum/core';
import {intSingle, serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {checkPadding, checkStridesAndDilation, checkWindowFits, convOutputLength, knownChannels, placeChannels, runChannelsLast} from './conv-utils.js';
import type {PaddingMode} from './conv-utils.js';

export interface DepthwiseConv1DArgs extends LayerArgs {
  /** Window length: an integer or [length]. */
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Output channels per input channel (default 1). */
  depthMultiplier?: number;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /** Default 1. */
  dilationRate?: number | [number];
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
 * Depthwise 1-D convolution: each input channel is convolved with its own `depthMultiplier` filters
 * (keras/src/layers/convolutional/depthwise_conv1d.py). Runs core's depthwiseConv2d over a height of 1,
 * which has its own backward pass, so it trains on every backend (wasm has no depthwise backprop kernel).
 *
 * Input shape: `[batch, steps, channels]` (channels_last) or `[batch, channels, steps]`.
 * Output shape: `[batch, newSteps, channels · depthMultiplier]` (or channels first).
 * Weights: `kernel` `[k, channels, depthMultiplier]` (Keras 3's name), `bias` `[channels · depthMultiplier]`.
 */
export class DepthwiseConv1D extends Layer {
  static override readonly className = 'DepthwiseConv1D';
  readonly kernelSize: [number];
  readonly strides: [number];
  readonly padding: PaddingMode;
  readonly depthMultiplier: number;
  readonly dataFormat: DataFormat;
  readonly dilationRate: [number];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  private readonly weightOptions: Pick<DepthwiseConv1DArgs, 'depthwiseRegularizer' | 'biasRegularizer' | 'depthwiseConstraint' | 'biasConstraint'>;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DepthwiseConv1DArgs) {
    super(args);
    const m = args.depthMultiplier ?? 1;
    if (!Number.isInteger(m) || m <= 0) throw new ValueError(`DepthwiseConv1D: depthMultiplier must be a positive integer, received ${describe(m)}`);
    this.depthMultiplier = m;
    this.kernelSize = [intSingle('DepthwiseConv1D', 'kernelSize', args.kernelSize, 1)];
    this.strides = [intSingle('DepthwiseConv1D', 'strides', args.strides, 1)];
    this.dilationRate = [intSingle('DepthwiseConv1D', 'dilationRate', args.dilationRate, 1)];
    checkStridesAndDilation('DepthwiseConv1D', this.strides, this.dilationRate);
    this.padding = checkPadding('DepthwiseConv1D', args.padding);
    this.dataFormat = checkDataFormat('DepthwiseConv1D', args.dataFormat);
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = initializers.getInitializer(args.depthwiseInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.getInitializer(args.biasInitializer ?? 'zeros');
    this.weightOptions = {depthwiseRegularizer: args.depthwiseRegularizer, biasRegularizer: args.biasRegularizer, depthwiseConstraint: args.depthwiseConstraint, biasConstraint: args.biasConstraint};
    this.inputSpec = new InputSpec({ndim: 3});
  }

  private get channelAxis(): number {
    return this.dataFormat === 'channels_last' ? 2 : 1;
  }

  override build(inputShape: ShapeStructure): void {
    const channels = knownChannels(`DepthwiseConv1D "${this.name}"`, inputShape, this.channelAxis);
    const o = this.weightOptions;
    this.kernel = this.addWeight({name: 'kernel', shape: [this.kernelSize[0], channels, this.depthMultiplier], initializer: this.depthwiseInitializer, regularizer: o.depthwiseRegularizer, constraint: o.depthwiseConstraint});
    if (this.useBias) this.bias = this.addWeight({name: 'bias', shape: [channels * this.depthMultiplier], initializer: this.biasInitializer, regularizer: o.biasRegularizer, constraint: o.biasConstraint});
    this.inputSpec = new InputSpec({ndim: 3, axes: {[this.channelAxis]: channels}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    return runChannelsLast(inputs, 1, this.dataFormat, this.activation, (x, activation) => {
      const [n, steps, c] = x.shape as [number, number, number];
      const y = ops.depthwiseConv2d(ops.reshape(x, [n, 1, steps, c]) as Tensor4D, ops.expandDims(kernel, 0) as Tensor4D, {
        strides: [1, this.strides[0]], padding: this.padding, dilations: [1, this.dilationRate[0]], bias, activation,
      });
      return ops.squeeze(y, [1]);
    });
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const c = s[this.channelAxis];
    const steps = convOutputLength(s[this.dataFormat === 'channels_last' ? 1 : 2] ?? null, this.kernelSize[0], this.padding, this.strides[0], this.dilationRate[0]);
    const out = placeChannels(s, this.dataFormat, [steps], c === null || c === undefined ? null : c * this.depthMultiplier);
    checkWindowFits(`DepthwiseConv1D "${this.name}"`, s, out);
    return out;
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
