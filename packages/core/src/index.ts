/**
 * @stratum/core: the backend seam, ops, tensors, variables, serialization and the building blocks
 * (initializers, activations, losses, metrics, optimizers, callback protocol).
 */
export * from './errors.js';
export * from './backend/index.js';
export * from './tensor/index.js';
export * as ops from './ops/index.js';
export * from './tree/index.js';
export {Variable} from './variable.js';
export type {VariableArgs, WeightConstraint} from './variable.js';
export * from './serialization/index.js';
export * as initializers from './initializers/index.js';
export type {InitializerIdentifier} from './initializers/index.js';
export {Initializer} from './initializers/index.js';
export * as activations from './activations/index.js';
export type {Activation} from './activations/index.js';
export * as losses from './losses/index.js';
export {Loss} from './losses/index.js';
export type {LossIdentifier, Reduction} from './losses/index.js';
export * as metrics from './metrics/index.js';
export {Metric} from './metrics/index.js';
export type {MetricIdentifier} from './metrics/index.js';
export * as optimizers from './optimizers/index.js';
export {Optimizer} from './optimizers/index.js';
export type {OptimizerIdentifier, LearningRate} from './optimizers/index.js';
export * as regularizers from './regularizers/index.js';
export {Regularizer} from './regularizers/index.js';
export type {RegularizerIdentifier} from './regularizers/index.js';
export * as constraints from './constraints/index.js';
export {Constraint} from './constraints/index.js';
export type {ConstraintIdentifier} from './constraints/index.js';
export * from './callbacks/index.js';

import {registerCoreBuiltins} from './register.js';
registerCoreBuiltins();
