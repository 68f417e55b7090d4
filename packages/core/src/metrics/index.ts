import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy} from './accuracy.js';
import {Mean, Metric} from './metric.js';

export {Metric, Mean, MeanMetricWrapper} from './metric.js';
export type {MetricArgs} from './metric.js';
export {Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy} from './accuracy.js';
export type {BinaryAccuracyArgs} from './accuracy.js';

export type MetricIdentifier = string | Metric | SerializedObject;

export function registerMetrics(): void {
  for (const cls of [Mean, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy]) {
    registerSerializable(cls, {category: 'metric', module: 'keras.metrics'});
  }
}

/**
 * Resolves a metric name (either spelling), envelope or instance. `'accuracy'`/`'acc'` give the exact
 * {@link Accuracy}; the models package picks the binary/categorical/sparse form from the loss first.
 */
export function getMetric(id: MetricIdentifier): Metric {
  if (id === 'acc') return new Accuracy();
  return resolveIdentifier<Metric>('metric', id);
}
