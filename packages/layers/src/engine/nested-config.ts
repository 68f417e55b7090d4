/**
 * Sub-layers inside a layer's config, as Keras 3 writes them: the nested `{module, className, config,
 * registeredName}` envelope (`serialize_keras_object`), rebuilt through the layer registry.
 */
import {SerializationError, describe, isConfigDict, isSerializedObject, lookupClass, serializeObject} from '@stratum/core';
import type {ConfigDict, ConfigValue, SerializableClass, SerializedObject} from '@stratum/core';
import {Layer} from './layer.js';
import type {AnyLayer} from './layer.js';

/** The `customObjects` of the model being loaded, so that nested layers resolve through them too. */
let scopedCustom: Record<string, SerializableClass> = {};

/**
 * Runs `build` with `custom` consulted (before the registry) by `deserializeLayer`: model loaders wrap each
 * layer's `fromConfig` in it so a custom class nested in a wrapper resolves like a top-level one.
 */
export function withCustomObjects<T>(custom: Record<string, SerializableClass>, build: () => T): T {
  const saved = scopedCustom;
  scopedCustom = custom;
  try {
    return build();
  } finally {
    scopedCustom = saved;
  }
}

/** A sub-layer's envelope, for the parent's `getConfig`. */
export function serializeLayer(layer: AnyLayer): SerializedObject {
  return serializeObject(layer);
}

/**
 * A sub-layer from a parent's config: a layer instance (returned as is) or its envelope (rebuilt from the
 * registry). `owner` and `key` name the parent and the config key in errors.
 */
export function deserializeLayer(value: ConfigValue | AnyLayer | undefined, owner: string, key: string): AnyLayer {
  if (value instanceof Layer) return value as AnyLayer;
  if (!isSerializedObject(value)) {
    throw new SerializationError(`${owner}: ${key} must be a layer or its serialized {className, config} envelope, received ${describe(value)}`);
  }
  const cls = lookupClass('layer', value.className, value.registeredName ?? null, scopedCustom);
  const config = withPlainDtype(value.config);
  const made: unknown = typeof cls.fromConfig === 'function' ? cls.fromConfig(config) : new cls(config as never);
  if (!(made instanceof Layer)) {
    throw new SerializationError(`${owner}: ${key} names class ${describe(value.className)}, which did not make a layer (received ${describe(made)})`);
  }
  return made as AnyLayer;
}

/** Keras 3 writes a nested layer's dtype as a `DTypePolicy` envelope; layers take its name (`float32`). */
function withPlainDtype(config: ConfigDict): ConfigDict {
  const dtype = config['dtype'];
  if (!isSerializedObject(dtype)) return config;
  const inner: ConfigValue | undefined = isConfigDict(dtype.config) ? dtype.config['name'] : undefined;
  const {dtype: _policy, ...rest} = config;
  return typeof inner === 'string' ? {...rest, dtype: inner} : rest;
}
