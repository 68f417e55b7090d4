/**
 * The one place where TypeScript's camelCase meets Keras's snake_case (DESIGN §5).
 */
import type {ConfigValue} from './config.js';

/**
 * `kernelInitializer` → `kernel_initializer`, `MaxPooling2D` → `max_pooling2d`, `Conv2D` → `conv2d`
 * (the same rule Keras uses to derive layer names from class names).
 */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `kernel_initializer` → `kernelInitializer`; leaves camelCase as it is. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Keys whose values are maps keyed by user data (layer or input names): their own keys are kept. */
const DATA_KEYED = new Set(['shapes_dict', 'shapesDict', 'class_weight', 'classWeight', 'input_layers', 'inputLayers', 'output_layers', 'outputLayers', 'kwargs']);

function convertKeys(value: ConfigValue | undefined, fn: (k: string) => string, keepKeys: boolean): ConfigValue | undefined {
  if (Array.isArray(value)) return value.map((v) => convertKeys(v, fn, false) as ConfigValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, ConfigValue> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const key = keepKeys ? k : fn(k);
      // defineProperty: a `__proto__` key from a file stays a plain key instead of replacing the prototype
      Object.defineProperty(out, key, {value: convertKeys(v, fn, DATA_KEYED.has(k)), enumerable: true, writable: true, configurable: true});
    }
    return out;
  }
  return value;
}

/** Converts every object key of a TS config tree to snake_case (data-keyed maps excepted). */
export function toKerasKeys(value: ConfigValue): ConfigValue {
  return convertKeys(value, toSnakeCase, false) as ConfigValue;
}

/** Converts every object key of a Keras config tree to camelCase (data-keyed maps excepted). */
export function fromKerasKeys(value: ConfigValue): ConfigValue {
  return convertKeys(value, toCamelCase, false) as ConfigValue;
}

/** Normalises a Keras string identifier to camelCase: `glorot_uniform` and `glorotUniform` → `glorotUniform`. */
export function identifierKey(name: string): string {
  return toCamelCase(name.trim());
}
