/**
 * Config values: what `getConfig()` returns and constructors accept. JSON-compatible, camelCase keys on
 * the TypeScript side; `keras-case.ts` converts to Keras's snake_case at the file boundary.
 */
export type ConfigValue = number | string | boolean | null | ConfigValue[] | ConfigDict;
export interface ConfigDict {
  [key: string]: ConfigValue | undefined;
}

/**
 * The Keras 3 envelope of a serialized object, TypeScript spelling:
 * `{module, className, config, registeredName}` (Keras: `module`, `class_name`, `config`, `registered_name`).
 */
export interface SerializedObject extends ConfigDict {
  module: string | null;
  className: string;
  config: ConfigDict;
  registeredName: string | null;
}

export function isConfigDict(v: unknown): v is ConfigDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isSerializedObject(v: unknown): v is SerializedObject {
  return isConfigDict(v) && typeof v['className'] === 'string' && isConfigDict(v['config']);
}

/** Anything with a Keras-style config. */
export interface Serializable {
  getConfig(): ConfigDict;
}

/** A class that can be rebuilt from its config (`fromConfig` defaults to `new Cls(config)`). */
export interface SerializableClass<T extends Serializable = Serializable> {
  readonly className: string;
  fromConfig?(config: ConfigDict): T;
  new (config: never): T;
}
