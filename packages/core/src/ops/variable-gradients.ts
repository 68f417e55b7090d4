/**
 * Gradients of a scalar loss with respect to a list of variables, for the training step. Unlike
 * tfjs's `variableGrads`, a variable the loss does not depend on gets `null` (the caller decides what
 * to do with it) instead of aborting, and a failure inside `f` or the backward pass frees the tensors
 * the gradient tape saved instead of leaving them for the next call.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';

export interface VariableGradients {
  /** The loss (the caller owns it). */
  value: tf.Scalar;
  /** One gradient per variable, in order; `null` where the loss does not depend on the variable. */
  grads: (tf.Tensor | null)[];
}

/** Frees what an interrupted gradient computation left on the engine's tape. */
function freeTape(): void {
  const state = tf.engine().state;
  if (state.gradientDepth !== 0 || state.activeTape === null) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null as unknown as typeof state.activeTape;
}

/** Runs `f` on a gradient tape and returns its value and the gradient of each of `variables`. */
export function variableGradients(f: () => tf.Scalar, variables: readonly tf.Variable[]): VariableGradients {
  if (variables.length === 0) throw new ValueError('variableGradients: expected at least one variable, received none');
  let result: {value: tf.Tensor; grads: tf.Tensor[]};
  try {
    result = tf.engine().gradients(f, [...variables], undefined, true);
  } catch (e) {
    freeTape();
    throw e;
  }
  const {value, grads} = result;
  if (value.rank !== 0) {
    tf.dispose([value, ...grads.filter((g) => g != null)]);
    throw new ValueError(`variableGradients: the loss must be a scalar, received a tensor of shape ${describe(value.shape)}`);
  }
  return {value: value as tf.Scalar, grads: grads.map((g) => g ?? null)};
}
