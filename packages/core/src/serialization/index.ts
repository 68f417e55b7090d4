export * from './config.js';
export {toSnakeCase, toCamelCase, toKerasKeys, fromKerasKeys, identifierKey} from './keras-case.js';
export {registerSerializable, registeredNames, lookupClass, serializeObject, deserializeObject, resolveIdentifier} from './registry.js';
export type {Category, RegisterOptions} from './registry.js';
export {validateKerasModelJson, validateTfjsModelJson, formatSchemaErrors, valueAt} from './schema/validate.js';
export {kerasModelSchema, tfjsModelJsonSchema, LAYER_CONFIG_SCHEMAS} from './schema/model-schemas.js';
export {checkJsonDepth, MAX_FRESH_WEIGHT_ELEMENTS, MAX_JSON_DEPTH, MAX_WEIGHT_ELEMENTS} from './json-limits.js';
