import type {SerializableClass, SerializedObject} from '../serialization/config.js';
import {registerSerializable, registeredNames, resolveIdentifier} from '../serialization/registry.js';
import {BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy} from './crossentropy.js';
import {BinaryFocalCrossentropy, CategoricalFocalCrossentropy} from './focal.js';
import {Loss} from './loss.js';
import {CategoricalHinge, ExponentialLoss, Hinge, LogisticLoss, MulticlassHinge, SquaredHinge} from './margin.js';
import {KLDivergence, Poisson} from './probabilistic.js';
import {CosineSimilarity, Huber, LogCosh, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError} from './regression.js';

export {Loss, reduce, alignWeights, alignMask, maskSampleWeight, EPSILON, toSignedLabels} from './loss.js';
export type {LossArgs, Reduction} from './loss.js';
export {MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh, CosineSimilarity, l2Normalize} from './regression.js';
export type {HuberArgs, CosineSimilarityArgs} from './regression.js';
export {CategoricalCrossentropy, SparseCategoricalCrossentropy, BinaryCrossentropy} from './crossentropy.js';
export type {CrossentropyArgs, SparseCategoricalCrossentropyArgs} from './crossentropy.js';
export {BinaryFocalCrossentropy, CategoricalFocalCrossentropy} from './focal.js';
export type {BinaryFocalCrossentropyArgs, CategoricalFocalCrossentropyArgs} from './focal.js';
export {Hinge, SquaredHinge, CategoricalHinge, MulticlassHinge, LogisticLoss, ExponentialLoss} from './margin.js';
export type {MulticlassHingeArgs} from './margin.js';
export {KLDivergence, Poisson} from './probabilistic.js';

/** A loss name (either spelling, or a Keras alias such as `mse`), an envelope, or an instance. */
export type LossIdentifier = string | Loss | SerializedObject;

/** Keras's built-in losses, written with `module: "keras.losses"`. */
const KERAS_LOSSES: SerializableClass[] = [
  MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Huber, LogCosh,
  CosineSimilarity, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
  BinaryFocalCrossentropy, CategoricalFocalCrossentropy, Hinge, SquaredHinge, CategoricalHinge, KLDivergence, Poisson,
];

/** Stratum's own losses (no Keras equivalent), written as `registered_name: "stratum>Name"`. */
const STRATUM_LOSSES: SerializableClass[] = [MulticlassHinge, LogisticLoss, ExponentialLoss];

/** Keras aliases and historic names, keyed by {@link canonicalName}. */
const ALIASES: Record<string, string> = {
  mse: 'MeanSquaredError',
  mae: 'MeanAbsoluteError',
  mape: 'MeanAbsolutePercentageError',
  msle: 'MeanSquaredLogarithmicError',
  kld: 'KLDivergence',
  kullbackleiblerdivergence: 'KLDivergence',
  bce: 'BinaryCrossentropy',
  huberloss: 'Huber',
  logistic: 'LogisticLoss',
  exponential: 'ExponentialLoss',
  multiclasssvm: 'MulticlassHinge',
  westonwatkins: 'MulticlassHinge',
};

export function registerLosses(): void {
  for (const cls of KERAS_LOSSES) registerSerializable(cls, {category: 'loss', module: 'keras.losses'});
  for (const cls of STRATUM_LOSSES) registerSerializable(cls, {category: 'loss', package: 'stratum'});
}

/** `mean_squared_error`, `meanSquaredError`, `MeanSquaredError` and `MEAN_SQUARED_ERROR` all become `meansquarederror`. */
export function canonicalName(name: string): string {
  return name.trim().replace(/_/g, '').toLowerCase();
}

/** The registered loss class a string names (either spelling, or an alias), or null if none does. */
export function lossClassName(id: string): string | null {
  const key = canonicalName(id);
  if (ALIASES[key] !== undefined) return ALIASES[key];
  return registeredNames('loss').find((n) => canonicalName(n) === key) ?? null;
}

/** Resolves `'categorical_crossentropy'`, `'categoricalCrossentropy'`, `'mse'`, `'logcosh'`, an envelope or an instance. */
export function getLoss(id: LossIdentifier): Loss {
  if (typeof id === 'string') {
    const cls = lossClassName(id);
    if (cls !== null) return resolveIdentifier<Loss>('loss', cls);
  }
  return resolveIdentifier<Loss>('loss', id);
}
