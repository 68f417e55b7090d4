/**
 * The serialization registry: maps Keras class names (and `package>Name` registered names) to
 * classes, per category, so configs written by Keras or by Stratum can be rebuilt.
 */
import {SerializationError, ValueError, describe} from '../errors.js';
import {isSerializedObject} from './config.js';
import type {ConfigDict, Serializable, SerializableClass, SerializedObject} from './config.js';
import {identifierKey, toSnakeCase} from './keras-case.js';

export type Category = 'layer' | 'initializer' | 'regularizer' | 'constraint' | 'activation' | 'loss' | 'metric' | 'optimizer' | 'schedule' | 'model';

interface Entry {
  cls: SerializableClass;
  module: string | null;
  registeredName: string | null;
  /** Every category the class is registered in (a class may be both a loss and a metric). */
  categories: Set<Category>;
}

const registries = new Map<Category, Map<string, Entry>>();
const byClass = new Map<SerializableClass, Entry>();

function table(category: Category): Map<string, Entry> {
  let t = registries.get(category);
  if (t === undefined) {
    t = new Map();
    registries.set(category, t);
  }
  return t;
}

export interface RegisterOptions {
  /** The registry category. */
  category: Category;
  /** Keras module for built-ins (e.g. `keras.layers`); custom classes leave it unset. */
  module?: string;
  /** For custom classes: the package part of `registered_name: "package>ClassName"`. */
  package?: string;
}

/**
 * Registers a class so that configs naming it can be rebuilt. Built-ins pass `module`; custom classes
 * pass `package` and are then written with `registered_name: "package>ClassName"`.
 */
export function registerSerializable(cls: SerializableClass, options: RegisterOptions): void {
  if (typeof cls.className !== 'string' || cls.className === '') {
    throw new ValueError(`registerSerializable: the class needs a static className, received ${describe(cls.className)}`);
  }
  const registeredName = options.package !== undefined ? `${options.package}>${cls.className}` : null;
  const categories = new Set(byClass.get(cls)?.categories ?? []).add(options.category);
  const entry: Entry = {cls, module: options.module ?? null, registeredName, categories};
  const t = table(options.category);
  t.set(cls.className, entry);
  if (registeredName !== null) t.set(registeredName, entry);
  byClass.set(cls, entry);
}

/** Names registered in a category (for error messages that list the valid ones). */
export function registeredNames(category: Category): string[] {
  return [...table(category).keys()].filter((k) => !k.includes('>')).sort();
}

/** Looks a class up by registered name first, then class name. `custom` objects win over the registry. */
export function lookupClass(category: Category, className: string, registeredName: string | null = null, custom: Record<string, SerializableClass> = {}): SerializableClass {
  const t = table(category);
  const candidates = [registeredName, className].filter((n): n is string => n !== null && n !== undefined);
  for (const name of candidates) {
    // Own properties only: 'constructor', 'toString', '__proto__' are names like any other, not classes.
    const own = typeof custom === 'object' && custom !== null && Object.hasOwn(custom, name) ? custom[name] : undefined;
    if (own !== undefined && typeof own !== 'function') {
      throw new ValueError(`customObjects[${describe(name)}] must be a class, received ${describe(own)}`);
    }
    const c = own ?? t.get(name)?.cls;
    if (c !== undefined) return c;
  }
  throw new SerializationError(`Unknown ${category} class ${describe(registeredName ?? className)}; registered: ${registeredNames(category).join(', ')}. Register custom classes with registerSerializable or pass them in customObjects.`);
}

/** Wraps an object's config in the Keras 3 envelope (TypeScript spelling). */
export function serializeObject(obj: Serializable): SerializedObject {
  const cls = obj.constructor as SerializableClass;
  const entry = byClass.get(cls);
  return {
    module: entry?.module ?? null,
    className: cls.className,
    config: obj.getConfig(),
    registeredName: entry?.registeredName ?? (entry?.module != null ? null : cls.className),
  };
}

/** Rebuilds an object from its envelope. */
export function deserializeObject<T extends Serializable>(category: Category, s: SerializedObject, custom: Record<string, SerializableClass> = {}): T {
  const cls = lookupClass(category, s.className, s.registeredName, custom);
  const config: ConfigDict = s.config;
  const obj = typeof cls.fromConfig === 'function' ? cls.fromConfig(config) : new cls(config as never);
  return checkKind<T>(category, obj);
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** An object used where a `category` object is expected: it must be serializable and not of another kind. */
function checkKind<T extends Serializable>(category: Category, obj: unknown): T {
  if (typeof obj !== 'object' || obj === null || typeof (obj as Partial<Serializable>).getConfig !== 'function') {
    throw new ValueError(`Invalid ${category} ${describe(obj)}: expected ${article(category)} name, a serialized {className, config} envelope or ${article(category)} instance`);
  }
  const entry = byClass.get(obj.constructor as SerializableClass);
  if (entry !== undefined && !entry.categories.has(category)) {
    const kinds = [...entry.categories].join(' / ');
    throw new ValueError(`Invalid ${category}: ${describe(entry.cls.className)} is ${article(kinds)}, not ${article(category)}`);
  }
  return obj as T;
}

function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}

/**
 * Resolves a Keras identifier to an instance: a string in either spelling (`'glorot_uniform'`,
 * `'glorotUniform'`, `'GlorotUniform'`), a serialized envelope, or an instance (returned as is).
 * Unknown names fail with the list of valid ones.
 */
export function resolveIdentifier<T extends Serializable>(category: Category, id: string | T | SerializedObject, custom: Record<string, SerializableClass> = {}): T {
  if (typeof id === 'string') {
    const wanted = lowerFirst(identifierKey(id));
    const t = table(category);
    for (const [name, entry] of [...Object.entries(custom).map(([n, c]) => [n, {cls: c}] as const), ...t.entries()]) {
      if (lowerFirst(name) === wanted || lowerFirst(entry.cls.className) === wanted) {
        return deserializeObject<T>(category, {module: null, className: entry.cls.className, config: {}, registeredName: null}, {[entry.cls.className]: entry.cls});
      }
    }
    const valid = registeredNames(category).map((n) => toSnakeCase(n));
    throw new ValueError(`Unknown ${category} ${describe(id)}; expected one of ${valid.join(', ')} (snake_case or camelCase)`);
  }
  if (isSerializedObject(id)) return deserializeObject<T>(category, id, custom);
  return checkKind<T>(category, id);
}
