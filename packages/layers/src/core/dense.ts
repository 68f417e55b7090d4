import {ValueError, activations, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Tensor1D, Tensor2D, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {isShape, shapeToString} from '../engine/shape.js';

export interface DenseArgs extends LayerArgs {
  /** Number of output units (positive integer). */
  units: number;
  /** Default linear. */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorot_uniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * Fully connected layer: `activation(inputs · kernel + bias)`.
 *
 * Input shape: `[batch, ..., inputDim]`. Output shape: `[batch, ..., units]`.
 * Weights: `kernel` `[inputDim, units]`, `bias` `[units]`.
 */
export class Dense extends Layer {
  static override readonly className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  private readonly init: {kernel: InitializerIdentifier; bias: InitializerIdentifier};
  private readonly cfg: DenseArgs;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units <= 0) {
      throw new ValueError(`Dense: units must be a positive integer, received ${describe(args.units)}`);
    }
    this.units = args.units;
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.init = {
      kernel: initializers.getInitializer(args.kernelInitializer ?? 'glorot_uniform'),
      bias: initializers.getInitializer(args.biasInitializer ?? 'zeros'),
    };
    this.cfg = args;
    this.inputSpec = new InputSpec({minNdim: 2});
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    const shape = inputShape as Shape;
    const inputDim = shape[shape.length - 1];
    if (!isShape(inputShape) || inputDim === null || inputDim === undefined) {
      throw new ValueError(`Dense "${this.name}": the last input dimension must be known, received shape ${JSON.stringify(inputShape)}`);
    }
    this.kernel = this.addWeight({name: 'kernel', shape: [inputDim, this.units], initializer: this.init.kernel, regularizer: this.cfg.kernelRegularizer, constraint: this.cfg.kernelConstraint});
    if (this.useBias) {
      this.bias = this.addWeight({name: 'bias', shape: [this.units], initializer: this.init.bias, regularizer: this.cfg.biasRegularizer, constraint: this.cfg.biasConstraint});
    }
    this.inputSpec = new InputSpec({minNdim: 2, axes: {[-1]: inputDim}});
    super.build(inputShape);
  }

  call(inputs: Tensor): Tensor {
    const kernel = (this.kernel as Variable).value as Tensor2D;
    const bias = this.bias === null ? null : (this.bias.value as Tensor1D);
    const fused = this.activation.fused;
    if (fused !== null) return ops.dense(inputs, kernel, bias, fused);
    return this.activation.apply(ops.dense(inputs, kernel, bias));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (!isShape(inputShape)) throw new ValueError(`Dense "${this.name}" takes one input, received shapes ${JSON.stringify(inputShape)}`);
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeObject(initializers.getInitializer(this.init.kernel)),
      biasInitializer: serializeObject(initializers.getInitializer(this.init.bias)),
      kernelRegularizer: serializeRegularizer(this.cfg.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.cfg.biasRegularizer),
      kernelConstraint: serializeConstraint(this.cfg.kernelConstraint),
      biasConstraint: serializeConstraint(this.cfg.biasConstraint),
    };
  }

  override toString(): string {
    return `Dense(name=${this.name}, units=${this.units}, input=${this.buildInputShape === null ? '?' : shapeToString(this.buildInputShape as Shape)})`;
  }
}
