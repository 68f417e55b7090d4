/**
 * The callback protocol (DESIGN §1): hooks are async, logs are lazy, and callbacks see the model only
 * through the narrow {@link TrainingModel} interface, so `@stratum/callbacks` depends on core alone.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type {Optimizer} from '../optimizers/optimizer.js';
import type {Logs} from './logs.js';

/** What callbacks may do to the model being trained. */
export interface TrainingModel {
  /** Set to true to stop `fit` after the current batch/epoch. */
  stopTraining: boolean;
  /** The compiled optimizer (its `learningRate` is readable and writable). */
  readonly optimizer: Optimizer | null;
  /** Copies of every weight, in Keras order (the caller owns them). */
  getWeights(): tf.Tensor[];
  /** Writes every weight, in Keras order. */
  setWeights(weights: readonly tf.Tensor[]): void;
}

/** What `fit`/`evaluate`/`predict` tell callbacks before they start. */
export interface CallbackParams {
  epochs: number;
  /** Steps per epoch, when known. */
  steps: number | null;
  verbose: number;
  /** Metric names that will appear in epoch logs (e.g. loss, accuracy, val_loss, val_accuracy). */
  metrics: string[];
}

/** The hooks: every one optional, each may return a promise. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Callback {
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onTrainBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onTrainBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
  onTestBegin?(logs: Logs): void | Promise<void>;
  onTestEnd?(logs: Logs): void | Promise<void>;
  onTestBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onTestBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
  onPredictBegin?(logs: Logs): void | Promise<void>;
  onPredictEnd?(logs: Logs): void | Promise<void>;
  onPredictBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onPredictBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/**
 * Base class: define the hooks you need as methods (`override onEpochEnd(epoch, logs) {...}`); each
 * may be async. The hooks are declared in the merged interface above, never defined, so a
 * subclass's methods are never shadowed.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Callback {
  model: TrainingModel | null = null;
  params: CallbackParams | null = null;

  setModel(model: TrainingModel): void {
    this.model = model;
  }
  setParams(params: CallbackParams): void {
    this.params = params;
  }
}
