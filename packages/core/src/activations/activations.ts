/**
 * Activation functions, usable by name in any layer (`activation: 'relu'`). In Keras files built-in
 * activations are plain snake_case strings, so an activation is a named function rather than a class.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {FusedActivation} from '../ops/fast/types.js';
import {identifierKey, toSnakeCase} from '../serialization/keras-case.js';
import {glu, logSoftmax, softmax, sparsemax} from './axis-wise.js';
import * as fn from './elementwise.js';

export interface Activation {
  /** Keras name, snake_case (`relu`, `log_softmax`). */
  readonly name: string;
  /** Applies the function element-wise (softmax: over the last axis). */
  apply(x: tf.Tensor): tf.Tensor;
  /** The hot ops can fuse this activation into their forward and backward passes. */
  readonly fused: FusedActivation | null;
}

const table = new Map<string, Activation>();
/** Alias key → [alias name, canonical activation]. */
const aliases = new Map<string, [string, Activation]>();

/** Adds an activation to the table of names; custom activations may be registered the same way. */
export function registerActivation(activation: Activation): void {
  table.set(identifierKey(activation.name), activation);
}

function make(name: string, apply: (x: tf.Tensor) => tf.Tensor, fused: FusedActivation | null = null): Activation {
  return {name, apply, fused};
}

/**
 * Keras 2 / TF.js `hard_sigmoid`: `clip(0.2·x + 0.5, 0, 1)`. Keras 3 changed it to `relu6(x + 3) / 6`
 * (the one registered under the name); model loaders pick this one for Keras 2 and TF.js files.
 */
export const KERAS2_HARD_SIGMOID: Activation = make('hard_sigmoid', fn.hardSigmoidKeras2);

const silu = make('silu', fn.silu);
const hardSilu = make('hard_silu', fn.hardSilu);

const builtins: Activation[] = [
  make('linear', fn.linear, 'linear'),
  make('relu', (x) => fn.relu(x), 'relu'),
  make('relu6', fn.relu6, 'relu6'),
  make('sigmoid', fn.sigmoid, 'sigmoid'),
  make('tanh', fn.tanh, 'tanh'),
  make('elu', (x) => fn.elu(x), 'elu'),
  make('leaky_relu', (x) => fn.leakyRelu(x)),
  make('selu', fn.selu),
  make('celu', (x) => fn.celu(x)),
  make('gelu', (x) => fn.gelu(x)),
  // TF.js name of the tanh approximation of GELU
  make('gelu_new', (x) => fn.gelu(x, {approximate: true})),
  silu,
  hardSilu,
  make('softplus', fn.softplus),
  make('softsign', fn.softsign),
  make('hard_sigmoid', fn.hardSigmoid),
  make('hard_tanh', fn.hardTanh),
  make('log_sigmoid', fn.logSigmoid),
  make('mish', fn.mish),
  make('exponential', fn.exponential),
  make('thresholded_relu', (x) => fn.thresholdedRelu(x)),
  make('softmax', (x) => softmax(x)),
  make('log_softmax', (x) => logSoftmax(x)),
  make('glu', (x) => glu(x)),
  make('sparsemax', (x) => sparsemax(x)),
];
for (const a of builtins) registerActivation(a);
for (const [alias, target] of [['swish', silu], ['hard_swish', hardSilu]] as const) aliases.set(identifierKey(alias), [alias, target]);

/** Names of all registered activations and their aliases (snake_case). */
export function activationNames(): string[] {
  const names = new Set([...table.values()].map((a) => a.name));
  for (const [alias] of aliases.values()) names.add(alias);
  return [...names].sort();
}

function lookup(key: string): Activation | undefined {
  return table.get(key) ?? aliases.get(key)?.[1];
}

/**
 * Resolves `'relu'`, `'log_softmax'` / `'logSoftmax'`, an alias (`'swish'` → silu, `'hard_swish'` →
 * hard_silu), `null`/`undefined` (linear) or an activation object. Unknown names fail with the list of
 * valid ones. Parameterised activations (`leaky_relu`, `elu`, `gelu`, ...) use their Keras 3 defaults by name.
 */
export function getActivation(id: string | Activation | null | undefined): Activation {
  if (id === null || id === undefined) return table.get('linear') as Activation;
  if (typeof id !== 'string') {
    if (typeof id === 'object' && typeof (id as Partial<Activation>).apply === 'function' && typeof (id as Partial<Activation>).name === 'string') return id;
    throw new ValueError(`Invalid activation ${describe(id)}; expected a name (one of ${activationNames().join(', ')}) or an activation object`);
  }
  const found = lookup(identifierKey(id)) ?? lookup(identifierKey(toSnakeCase(id)));
  if (found === undefined) {
    throw new ValueError(`Unknown activation ${describe(id)}; expected one of ${activationNames().join(', ')}`);
  }
  return found;
}
