/**
 * Any loss as a metric: the running (weighted) mean of its per-sample values.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import {getLoss} from '../losses/index.js';
import type {LossIdentifier} from '../losses/index.js';
import {Loss, alignWeights} from '../losses/loss.js';
import type {ConfigDict} from '../serialization/config.js';
import {isSerializedObject} from '../serialization/config.js';
import {serializeObject} from '../serialization/registry.js';
import {Mean} from './metric.js';
import type {MetricArgs} from './metric.js';

export interface LossMetricArgs extends MetricArgs {
  /** The loss: an instance, a name (`'huber'`, `'mape'`, …) or a serialized envelope. */
  loss: LossIdentifier;
}

/**
 * The mean of a loss's per-sample values over everything seen, weighted by sample weights: what Keras
 * reports when a loss is listed as a metric. The loss's own reduction is not used; values it masks
 * (e.g. `ignoreClass`) are left out of the mean. The name defaults to the loss's name.
 */
export class LossMetric extends Mean {
  static override readonly className: string = 'LossMetric';
  readonly loss: Loss;

  constructor(args: LossMetricArgs) {
    const loss = LossMetric.resolve(args?.loss);
    super({name: args.name ?? loss.name});
    this.loss = loss;
  }

  override updateState(yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight: tf.Tensor | null = null): void {
    tf.tidy(() => {
      const values = this.loss.compute(yTrue, yPred);
      const mask = this.loss.computeMask(yTrue, yPred);
      let weights = sampleWeight === null ? null : tf.mul(tf.onesLike(values), alignWeights(sampleWeight, values));
      if (mask !== null) weights = weights === null ? mask : tf.mul(weights, mask);
      this.updateValues(values, weights);
    });
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), loss: serializeObject(this.loss)};
  }

  private static resolve(id: unknown): Loss {
    if (id instanceof Loss || typeof id === 'string' || isSerializedObject(id)) return getLoss(id);
    throw new ValueError(`LossMetric: loss must be a loss instance, name or serialized envelope, received ${describe(id)}`);
  }
}
