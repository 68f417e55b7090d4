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

type Hook<A extends unknown[]> = (...args: A) => void | Promise<void>;

/**
 * Base class: define the hooks you need (as methods or arrow properties); each may be async. Hooks
 * are declared, not defined, here so that a subclass's methods are never shadowed.
 */
export class Callback {
  model: TrainingModel | null = null;
  params: CallbackParams | null = null;

  setModel(model: TrainingModel): void {
    this.model = model;
  }
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  declare onTrainBegin?: Hook<[logs: Logs]>;
  declare onTrainEnd?: Hook<[logs: Logs]>;
  declare onEpochBegin?: Hook<[epoch: number, logs: Logs]>;
  declare onEpochEnd?: Hook<[epoch: number, logs: Logs]>;
  declare onTrainBatchBegin?: Hook<[batch: number, logs: Logs]>;
  declare onTrainBatchEnd?: Hook<[batch: number, logs: Logs]>;
  declare onTestBegin?: Hook<[logs: Logs]>;
  declare onTestEnd?: Hook<[logs: Logs]>;
  declare onTestBatchBegin?: Hook<[batch: number, logs: Logs]>;
  declare onTestBatchEnd?: Hook<[batch: number, logs: Logs]>;
  declare onPredictBegin?: Hook<[logs: Logs]>;
  declare onPredictEnd?: Hook<[logs: Logs]>;
  declare onPredictBatchBegin?: Hook<[batch: number, logs: Logs]>;
  declare onPredictBatchEnd?: Hook<[batch: number, logs: Logs]>;
}
