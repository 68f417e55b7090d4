/**
 * The options every layer with a kernel and a bias shares (Dense, the convolutions, ...): one interface
 * to document them, one function to serialize them, one to create the two weights.
 */
import {activations, initializers, serializeObject} from '@stratum/core';
import type {Activation, ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from './config-helpers.js';
import type {AddWeightArgs} from './weight-store.js';

export interface KernelArgs {
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

/** Resolved kernel/bias options: identifiers turned into objects once, at construction. */
export class KernelOptions {
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: initializers.Initializer;
  readonly biasInitializer: initializers.Initializer;
  constructor(private readonly args: KernelArgs) {
    this.activation = activations.getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = initializers.getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = initializers.getInitializer(args.biasInitializer ?? 'zeros');
  }

  /** Creates `kernel` (and `bias` when `useBias`) through the layer's `addWeight`. */
  createWeights(addWeight: (args: AddWeightArgs) => Variable, kernelShape: number[], biasShape: number[]): {kernel: Variable; bias: Variable | null} {
    const kernel = addWeight({name: 'kernel', shape: kernelShape, initializer: this.kernelInitializer, regularizer: this.args.kernelRegularizer, constraint: this.args.kernelConstraint});
    const bias = this.useBias ? addWeight({name: 'bias', shape: biasShape, initializer: this.biasInitializer, regularizer: this.args.biasRegularizer, constraint: this.args.biasConstraint}) : null;
    return {kernel, bias};
  }

  /** The options as Keras config entries (camelCase; nested objects as envelopes). */
  getConfig(): ConfigDict {
    return {
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.kernelInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.args.kernelRegularizer),
      biasRegularizer: serializeRegularizer(this.args.biasRegularizer),
      kernelConstraint: serializeConstraint(this.args.kernelConstraint),
      biasConstraint: serializeConstraint(this.args.biasConstraint),
    };
  }
}
