import {ValueError, describe} from '../errors.js';
import {canonicalName, lossClassName} from '../losses/index.js';
import {Loss} from '../losses/loss.js';
import {isSerializedObject} from '../serialization/config.js';
import type {SerializableClass, SerializedObject} from '../serialization/config.js';
import {toSnakeCase} from '../serialization/keras-case.js';
import {registerSerializable, registeredNames, resolveIdentifier} from '../serialization/registry.js';
import {Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy} from './accuracy.js';
import {AUC} from './auc.js';
import {Precision, Recall} from './confusion.js';
import {F1Score, FBetaScore} from './fbeta.js';
import {MeanIoU} from './iou.js';
import {LossMetric} from './loss-metric.js';
import {Mean, Metric} from './metric.js';
import {R2Score} from './r2.js';
import {CosineSimilarity, MeanAbsoluteError, MeanSquaredError, RootMeanSquaredError} from './regression.js';

export {Metric, Mean, MeanMetricWrapper, zerosVariable, zeroVariables, alignRanks} from './metric.js';
export type {MetricArgs} from './metric.js';
export {Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, inTopK} from './accuracy.js';
export type {BinaryAccuracyArgs, TopKArgs, SparseTopKArgs} from './accuracy.js';
export {Precision, Recall, confusionCounts} from './confusion.js';
export type {PrecisionRecallArgs, ConfusionOptions, ConfusionCounts} from './confusion.js';
export {AUC} from './auc.js';
export type {AUCArgs, AUCCurve, AUCSummationMethod} from './auc.js';
export {FBetaScore, F1Score} from './fbeta.js';
export type {FBetaScoreArgs, F1ScoreArgs, FBetaAverage} from './fbeta.js';
export {MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError, CosineSimilarity} from './regression.js';
export type {CosineSimilarityMetricArgs} from './regression.js';
export {R2Score} from './r2.js';
export type {R2ScoreArgs, R2Aggregation} from './r2.js';
export {MeanIoU} from './iou.js';
export type {MeanIoUArgs} from './iou.js';
export {LossMetric} from './loss-metric.js';
export type {LossMetricArgs} from './loss-metric.js';

/** A metric name (either spelling, a Keras alias, or any loss name), an envelope, a metric, or a loss (its mean). */
export type MetricIdentifier = string | Metric | Loss | SerializedObject;

const KERAS_METRICS: SerializableClass[] = [
  Mean, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy, Precision, Recall, AUC, FBetaScore, F1Score, MeanSquaredError, MeanAbsoluteError,
  RootMeanSquaredError, CosineSimilarity, R2Score, MeanIoU,
];

/** Metric aliases, keyed by `canonicalName` (lower case, no underscores). */
const ALIASES: Record<string, string> = {
  acc: 'Accuracy',
  mse: 'MeanSquaredError',
  mae: 'MeanAbsoluteError',
  rmse: 'RootMeanSquaredError',
};

export function registerMetrics(): void {
  for (const cls of KERAS_METRICS) registerSerializable(cls, {category: 'metric', module: 'keras.metrics'});
  registerSerializable(LossMetric, {category: 'metric', package: 'stratum'});
}

/** The registered metric class a string names (either spelling, or an alias), or null if none does. */
export function metricClassName(id: string): string | null {
  const key = canonicalName(id);
  if (ALIASES[key] !== undefined) return ALIASES[key];
  return registeredNames('metric').find((n) => canonicalName(n) === key) ?? null;
}

/** A serialized loss (by module, or by a class name only the loss registry knows). */
function isLossEnvelope(s: SerializedObject): boolean {
  if (lossClassName(s.className) === null) return false;
  return s.module === 'keras.losses' || !registeredNames('metric').includes(s.className);
}

/**
 * Resolves a metric: a metric name in either spelling (`'categorical_accuracy'`, `'categoricalAccuracy'`)
 * or a Keras alias (`'mse'`, `'mae'`, `'acc'`) gives that metric; any other loss name (`'huber'`,
 * `'mape'`, `'kld'`, …), a loss instance or a loss envelope gives a {@link LossMetric} (the mean of that
 * loss). `'accuracy'`/`'acc'` give the exact {@link Accuracy}; the models package picks the
 * binary/categorical/sparse form from the loss first.
 */
export function getMetric(id: MetricIdentifier): Metric {
  if (id instanceof Loss) return new LossMetric({loss: id});
  if (typeof id === 'string') {
    const cls = metricClassName(id);
    if (cls !== null) return resolveIdentifier<Metric>('metric', cls);
    if (lossClassName(id) !== null) return new LossMetric({loss: id});
    const metricNames = registeredNames('metric').map((n) => toSnakeCase(n));
    const lossNames = registeredNames('loss').map((n) => toSnakeCase(n));
    throw new ValueError(`Unknown metric ${describe(id)}; expected one of ${metricNames.join(', ')} (snake_case or camelCase), or a loss name (${lossNames.join(', ')})`);
  }
  if (isSerializedObject(id) && isLossEnvelope(id)) return new LossMetric({loss: id});
  return resolveIdentifier<Metric>('metric', id);
}
