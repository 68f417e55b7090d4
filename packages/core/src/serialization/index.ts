export * from './config.js';
export {toSnakeCase, toCamelCase, toKerasKeys, fromKerasKeys, identifierKey} from './keras-case.js';
export {registerSerializable, registeredNames, lookupClass, serializeObject, deserializeObject, resolveIdentifier} from './registry.js';
export type {Category, RegisterOptions} from './registry.js';
