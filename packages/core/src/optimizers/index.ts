import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {Adam} from './adam.js';
import {Optimizer} from './optimizer.js';
import {SGD} from './sgd.js';

export {Optimizer} from './optimizer.js';
export type {OptimizerArgs, LearningRate, GradientPair} from './optimizer.js';
export {SGD} from './sgd.js';
export type {SGDArgs} from './sgd.js';
export {Adam} from './adam.js';
export type {AdamArgs} from './adam.js';
export {LearningRateSchedule} from './schedules/schedule.js';

export type OptimizerIdentifier = string | Optimizer | SerializedObject;

export function registerOptimizers(): void {
  registerSerializable(SGD, {category: 'optimizer', module: 'keras.optimizers'});
  registerSerializable(Adam, {category: 'optimizer', module: 'keras.optimizers'});
}

/** Resolves `'sgd'`, `'adam'` (any case), an envelope or an instance. */
export function getOptimizer(id: OptimizerIdentifier): Optimizer {
  return resolveIdentifier<Optimizer>('optimizer', typeof id === 'string' ? id.toLowerCase() === 'sgd' ? 'SGD' : id : id);
}
