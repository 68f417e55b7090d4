import {ValueError, describe, ops} from '@stratum/core';
import type {Activation, ConfigDict, Tensor, Tensor1D, Tensor2D, Variable} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {KernelOptions} from '../engine/kernel-args.js';
import type {KernelArgs} from '../engine/kernel-args.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {isShape} from '../engine/shape.js';

export interface DenseArgs extends LayerArgs, KernelArgs {
  /** Number of output units (positive integer). */
  units: number;
}

/**
 * Fully connected layer: `activation(inputs · kernel + bias)`.
 *
 * Input shape: `[batch, ..., inputDim]`. Output shape: `[batch, ..., units]`.
 * Weights: `kernel` `[inputDim, units]`, `bias` `[units]`.
 *
 * ```ts
 * const layer = st.layers.dense({units: 64, activation: 'relu'});
 * ```
 */
export class Dense extends Layer {
  static override readonly className = 'Dense';
  readonly units: number;
  private readonly options: KernelOptions;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DenseArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units <= 0) {
      throw new ValueError(`Dense: units must be a positive integer, received ${describe(args.units)}`);
    }
    this.units = args.units;
    this.options = new KernelOptions(args);
    this.inputSpec = new InputSpec({minNdim: 2});
    this.supportsMasking = true;
  }

  get activation(): Activation {
    return this.options.activation;
  }
  get useBias(): boolean {
    return this.options.useBias;
  }

  override build(inputShape: ShapeStructure): void {
    const inputDim = isShape(inputShape) ? inputShape[inputShape.length - 1] : undefined;
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(`Dense "${this.name}": the last input dimension must be known, received shape ${JSON.stringify(inputShape)}`);
    }
    ({kernel: this.kernel, bias: this.bias} = this.options.createWeights((a) => this.addWeight(a), [inputDim, this.units], [this.units]));
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
    return [...(inputShape as Shape).slice(0, -1), this.units];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), units: this.units, ...this.options.getConfig()};
  }
}
