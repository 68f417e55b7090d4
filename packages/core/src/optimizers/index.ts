/**
 * Optimizers (Keras 3 catalogue and semantics) and, as `optimizers.schedules`, learning-rate schedules.
 */
import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, registeredNames, resolveIdentifier} from '../serialization/registry.js';
import {Adadelta} from './adadelta.js';
import {Adagrad} from './adagrad.js';
import {Adam} from './adam.js';
import {Adamax} from './adamax.js';
import {AdamW} from './adamw.js';
import {Ftrl} from './ftrl.js';
import {Lamb} from './lamb.js';
import {Lion} from './lion.js';
import {Nadam} from './nadam.js';
import {Optimizer} from './optimizer.js';
import {RMSprop} from './rmsprop.js';
import {SGD} from './sgd.js';

export {Optimizer} from './optimizer.js';
export type {OptimizerArgs, LearningRate, GradientPair, NamedWeight} from './optimizer.js';
export {SGD} from './sgd.js';
export type {SGDArgs} from './sgd.js';
export {Adam} from './adam.js';
export type {AdamArgs} from './adam.js';
export {AdamW} from './adamw.js';
export type {AdamWArgs} from './adamw.js';
export {Adagrad} from './adagrad.js';
export type {AdagradArgs} from './adagrad.js';
export {Adadelta} from './adadelta.js';
export type {AdadeltaArgs} from './adadelta.js';
export {RMSprop} from './rmsprop.js';
export type {RMSpropArgs} from './rmsprop.js';
export {Adamax} from './adamax.js';
export type {AdamaxArgs} from './adamax.js';
export {Nadam} from './nadam.js';
export type {NadamArgs} from './nadam.js';
export {Lion} from './lion.js';
export type {LionArgs} from './lion.js';
export {Ftrl} from './ftrl.js';
export type {FtrlArgs} from './ftrl.js';
export {Lamb} from './lamb.js';
export type {LambArgs} from './lamb.js';
export {LearningRateSchedule} from './schedules/schedule.js';
export * as schedules from './schedules/index.js';
export {registerSchedules} from './schedules/index.js';

export type OptimizerIdentifier = string | Optimizer | SerializedObject;

/** Registers the built-in optimizers (called once from core's registration). */
export function registerOptimizers(): void {
  for (const cls of [SGD, Adam, AdamW, Adagrad, Adadelta, RMSprop, Adamax, Nadam, Lion, Ftrl, Lamb]) {
    registerSerializable(cls, {category: 'optimizer', module: 'keras.optimizers'});
  }
}

/**
 * Resolves an optimizer name in any case or spelling (`'sgd'`, `'adam'`, `'adamw'`, `'rmsprop'`,
 * `'RMSprop'`, `'adam_w'`...), an envelope or an instance. Names give the Keras defaults.
 */
export function getOptimizer(id: OptimizerIdentifier): Optimizer {
  if (typeof id === 'string') {
    const key = id.replace(/[_\s-]/g, '').toLowerCase();
    const match = registeredNames('optimizer').find((n) => n.toLowerCase() === key);
    return resolveIdentifier<Optimizer>('optimizer', match ?? id);
  }
  return resolveIdentifier<Optimizer>('optimizer', id);
}
