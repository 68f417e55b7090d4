/**
 * Activation functions, usable by name in any layer (`activation: 'relu'`). In Keras files built-in
 * activations are plain snake_case strings, so an activation is a named function rather than a class.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {FusedActivation} from '../ops/fast/types.js';
import {identifierKey, toSnakeCase} from '../serialization/keras-case.js';

export interface Activation {
  /** Keras name, snake_case (`relu`, `log_softmax`). */
  readonly name: string;
  /** Applies the function element-wise (softmax: over the last axis). */
  apply(x: tf.Tensor): tf.Tensor;
  /** The hot ops can fuse this activation into their forward and backward passes. */
  readonly fused: FusedActivation | null;
}

const table = new Map<string, Activation>();

/** Adds an activation to the table of names; custom activations may be registered the same way. */
export function registerActivation(activation: Activation): void {
  table.set(identifierKey(activation.name), activation);
}

const builtins: Activation[] = [
  {name: 'linear', apply: (x) => x, fused: 'linear'},
  {name: 'relu', apply: (x) => tf.relu(x), fused: 'relu'},
  {name: 'relu6', apply: (x) => tf.relu6(x), fused: 'relu6'},
  {name: 'sigmoid', apply: (x) => tf.sigmoid(x), fused: 'sigmoid'},
  {name: 'tanh', apply: (x) => tf.tanh(x), fused: 'tanh'},
  {name: 'elu', apply: (x) => tf.elu(x), fused: 'elu'},
  {name: 'softmax', apply: (x) => tf.softmax(x, -1), fused: null},
];
for (const a of builtins) registerActivation(a);

/** Names of all registered activations (snake_case). */
export function activationNames(): string[] {
  return [...table.values()].map((a) => a.name).sort();
}

/**
 * Resolves `'relu'`, `'log_softmax'` / `'logSoftmax'`, `null`/`undefined` (linear) or an activation object.
 * Unknown names fail with the list of valid ones.
 */
export function getActivation(id: string | Activation | null | undefined): Activation {
  if (id === null || id === undefined) return table.get('linear') as Activation;
  if (typeof id !== 'string') return id;
  const found = table.get(identifierKey(id)) ?? table.get(identifierKey(toSnakeCase(id)));
  if (found === undefined) {
    throw new ValueError(`Unknown activation ${describe(id)}; expected one of ${activationNames().join(', ')}`);
  }
  return found;
}
