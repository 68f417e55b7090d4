/**
 * Losses a forward pass adds (Keras `layer.add_loss`, activity regularization): collected while a
 * training or test step runs its model inside `collectLosses`, and added to that step's total loss.
 * Outside such a scope (prediction, a plain `apply`) they are not computed into anything and are freed.
 */
import {ValueError, describe, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {isTensor} from './shape.js';

const scopes: Tensor[][] = [];

/** Whether a step is collecting losses now (layers can skip computing a loss nobody reads). */
export function collectingLosses(): boolean {
  return scopes.length > 0;
}

/** Adds a scalar loss to the step running now (kept alive until the step frees it); ignored outside one. */
export function addLoss(owner: string, loss: Tensor): void {
  if (!isTensor(loss) || loss.size !== 1) throw new ValueError(`Layer "${owner}": addLoss takes a scalar tensor, received ${describe(loss)}`);
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) return;
  scope.push(ops.keep(ops.reshape(loss, [])));
}

/**
 * Runs `fn` and gives its result with the losses its layers added. The caller owns the loss tensors
 * (dispose them after use); if `fn` throws, they are freed.
 */
export function collectLosses<T>(fn: () => T): {result: T; losses: Tensor[]} {
  const scope: Tensor[] = [];
  scopes.push(scope);
  try {
    return {result: fn(), losses: scope};
  } catch (e) {
    ops.dispose(scope);
    throw e;
  } finally {
    scopes.pop();
  }
}
