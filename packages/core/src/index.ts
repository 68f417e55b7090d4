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
