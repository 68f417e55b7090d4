import {ValueError, describe, regularizers} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface ActivityRegularizationArgs extends Omit<LayerArgs, 'activityRegularizer'> {
  /** L1 factor (default 0). */
  l1?: number;
  /** L2 factor (default 0). */
  l2?: number;
}

function factor(what: string, v: unknown): number {
  const x = v ?? 0;
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new ValueError(`ActivityRegularization: ${what} must be a non-negative number, received ${describe(v)}`);
  return x;
}

/**
 * Passes its input through and adds `(l1·Σ|x| + l2·Σx²) / batchSize` to the loss of training and
 * evaluation steps (keras/src/layers/regularization/activity_regularization.py).
 *
 * Input shape: any. Output shape: the same.
 */
export class ActivityRegularization extends Layer {
  static override readonly className = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor(args: ActivityRegularizationArgs = {}) {
    const l1 = factor('l1', args.l1);
    const l2 = factor('l2', args.l2);
    super({...args, activityRegularizer: new regularizers.L1L2({l1, l2})});
    this.l1 = l1;
    this.l2 = l2;
    this.supportsMasking = true;
  }

  call(x: Tensor): Tensor {
    return x;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    const {activityRegularizer: _, ...base} = super.getConfig();
    return {...base, l1: this.l1, l2: this.l2};
  }
}
