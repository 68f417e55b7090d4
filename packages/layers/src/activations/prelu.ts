import {ValueError, describe, initializers, ops, serializeObject} from '@stratum/core';
import type {ConfigDict, ConstraintIdentifier, InitializerIdentifier, RegularizerIdentifier, Tensor, Variable} from '@stratum/core';
import {serializeConstraint, serializeRegularizer} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import {isShape} from '../engine/shape.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface PReLUArgs extends LayerArgs {
  /** Default 'zeros' (the layer starts as a ReLU). */
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier | null;
  alphaConstraint?: ConstraintIdentifier | null;
  /** Axes (1-based, the batch is 0) along which one alpha is shared, e.g. `[1, 2]` after a Conv2D. */
  sharedAxes?: number | number[] | null;
}

/**
 * Parametric ReLU: `x` for `x >= 0`, `alpha * x` otherwise, with `alpha` learned per input feature
 * (keras/src/layers/activations/prelu.py).
 *
 * Input shape: `[batch, ...features]`, all known. Output shape: same as input.
 * Weights: `alpha`, the input shape without the batch, with 1 on the shared axes.
 */
export class PReLU extends Layer {
  static override readonly className = 'PReLU';
  readonly alphaInitializer: initializers.Initializer;
  readonly sharedAxes: number[] | null;
  alpha: Variable | null = null;

  private readonly alphaOptions: Pick<PReLUArgs, 'alphaRegularizer' | 'alphaConstraint'>;

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaOptions = {alphaRegularizer: args.alphaRegularizer, alphaConstraint: args.alphaConstraint};
    this.alphaInitializer = initializers.getInitializer(args.alphaInitializer ?? 'zeros');
    const axes = args.sharedAxes;
    this.sharedAxes = axes === undefined || axes === null ? null : typeof axes === 'number' ? [axes] : [...axes];
    if (this.sharedAxes !== null && !this.sharedAxes.every((a) => Number.isInteger(a) && a >= 1)) {
      throw new ValueError(`PReLU: sharedAxes must be axes >= 1 (the batch axis 0 is always shared), received ${describe(axes)}`);
    }
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    if (!isShape(inputShape) || inputShape.length < 2 || inputShape.slice(1).some((d) => d === null)) {
      throw new ValueError(`PReLU "${this.name}": expected one input of rank >= 2 with known feature sizes, received shape ${JSON.stringify(inputShape)}`);
    }
    const shape = inputShape.slice(1) as number[];
    for (const a of this.sharedAxes ?? []) {
      if (a >= inputShape.length) throw new ValueError(`PReLU "${this.name}": shared axis ${a} is out of range for input shape ${JSON.stringify(inputShape)}`);
      shape[a - 1] = 1;
    }
    this.alpha = this.addWeight({name: 'alpha', shape, initializer: this.alphaInitializer, regularizer: this.alphaOptions.alphaRegularizer, constraint: this.alphaOptions.alphaConstraint});
    const axes: Record<number, number> = {};
    inputShape.forEach((d, i) => {
      if (i > 0 && !(this.sharedAxes ?? []).includes(i)) axes[i] = d as number;
    });
    this.inputSpec = new InputSpec({ndim: inputShape.length, axes});
    super.build(inputShape);
  }

  call(x: Tensor): Tensor {
    const alpha = (this.alpha as Variable).value;
    return ops.sub(ops.relu(x), ops.mul(alpha, ops.relu(ops.neg(x))));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      alphaInitializer: serializeObject(this.alphaInitializer),
      alphaRegularizer: serializeRegularizer(this.alphaOptions.alphaRegularizer),
      alphaConstraint: serializeConstraint(this.alphaOptions.alphaConstraint),
      sharedAxes: this.sharedAxes,
    };
  }
}
