import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy} from './crossentropy.js';
import {Loss} from './loss.js';
import {MeanSquaredError} from './regression.js';

export {Loss, reduce, alignWeights, EPSILON} from './loss.js';
export type {LossArgs, Reduction} from './loss.js';
export {MeanSquaredError} from './regression.js';
export {CategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryCrossentropy} from './crossentropy.js';
export type {CrossentropyArgs} from './crossentropy.js';

/** A loss name (either spelling, or a Keras alias such as `mse`), an envelope, or an instance. */
export type LossIdentifier = string | Loss | SerializedObject;

const ALIASES: Record<string, string> = {mse: 'MeanSquaredError', MSE: 'MeanSquaredError'};

export function registerLosses(): void {
  for (const cls of [MeanSquaredError, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy]) {
    registerSerializable(cls, {category: 'loss', module: 'keras.losses'});
  }
}

/** Resolves `'categorical_crossentropy'`, `'categoricalCrossentropy'`, `'mse'`, an envelope or an instance. */
export function getLoss(id: LossIdentifier): Loss {
  if (typeof id === 'string' && ALIASES[id] !== undefined) return resolveIdentifier<Loss>('loss', ALIASES[id]);
  return resolveIdentifier<Loss>('loss', id);
}
