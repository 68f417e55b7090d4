import {activations} from '@stratum/core';
import type {Activation as ActivationFn, ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface ActivationArgs extends LayerArgs {
  /** Name (either spelling) or activation object. */
  activation: string | ActivationFn;
}

/**
 * Applies an activation function to its input.
 *
 * Input shape: any. Output shape: same as input.
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';
  readonly activation: ActivationFn;
  constructor(args: ActivationArgs) {
    super(args);
    this.activation = activations.getActivation(args.activation);
    this.supportsMasking = true;
  }
  call(inputs: Tensor): Tensor {
    return this.activation.apply(inputs);
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), activation: this.activation.name};
  }
}
