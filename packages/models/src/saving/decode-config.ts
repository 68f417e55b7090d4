/**
 * File → constructor arguments. One layer config as it appears in a Keras 3, Keras 2 or TF.js file
 * becomes the camelCase arguments Stratum's constructors take: markers decoded (code refused), DTypePolicy
 * envelopes turned into dtype names, camelCase enum values (`channelsLast`, `fanAvg`) normalised, and the
 * harmless Keras-only keys dropped.
 */
import {NotSupportedError, SerializationError, activations, describe, fromKerasKeys, toSnakeCase} from '@stratum/core';
import type {Activation, ConfigDict, ConfigValue, SerializableClass} from '@stratum/core';

/** Which Keras generation wrote the file: decides node numbering of nested models and `hard_sigmoid`. */
export type Flavor = 'keras3' | 'keras2';

export interface DecodeContext {
  flavor: Flavor;
  /** Names the file in error messages (`file://out/model.json`, `fromJSON`). */
  source: string;
  customObjects: Record<string, SerializableClass>;
}

/** Keys whose string values are enum-like identifiers: tfjs writes some of them camelCase. */
const ENUM_KEYS = new Set(['dataFormat', 'padding', 'mode', 'distribution', 'interpolation', 'mergeMode', 'reduction', 'fillMode']);

/** Keras-only keys with no effect on what Stratum builds: dropped. */
const IGNORED_KEYS = ['loraRank', 'loraAlpha', 'quantizationConfig', 'autocast'];

const UNSUPPORTED_MARKERS = new Set(['__bytes__', '__slice__', '__ellipsis__', '__typespec__', '__keras_tensor__']);

/** Keras 2 / tfjs `hard_sigmoid`: clip(0.2·x + 0.5, 0, 1) (Keras 3 changed the slope to 1/6). */
export const KERAS2_HARD_SIGMOID: Activation = activations.KERAS2_HARD_SIGMOID;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `out[k] = v`, except that a `__proto__` key from a file stays a plain key instead of replacing the prototype. */
function setOwn(out: ConfigDict, k: string, v: ConfigValue | undefined): void {
  Object.defineProperty(out, k, {value: v, enumerable: true, writable: true, configurable: true});
}

/** Refuses code wherever it appears in a file (never evaluated, never half-loaded). */
export function refuseCode(value: unknown, path: string, source: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseCode(v, `${path}/${i}`, source));
    return;
  }
  if (!isObject(value)) return;
  const cls = value['class_name'];
  if (cls === '__lambda__' || cls === 'Lambda' || 'function_type' in value || '__lambda__' in value) {
    throw new SerializationError(`${source}: ${path || '/'} contains Python code (${cls === 'Lambda' ? 'a Lambda layer' : '__lambda__'}); Stratum never evaluates code from a file. Replace it with a custom layer registered with registerSerializable (or passed in customObjects)`);
  }
  for (const [k, v] of Object.entries(value)) refuseCode(v, `${path}/${k}`, source);
}

/** Replaces Keras value markers (`__numpy__`, `__tensor__`, serialized functions) by plain values. */
function decodeMarkers(value: unknown, path: string, source: string): ConfigValue {
  if (Array.isArray(value)) return value.map((v, i) => decodeMarkers(v, `${path}/${i}`, source));
  if (!isObject(value)) return value as ConfigValue;
  const cls = value['class_name'];
  if (cls === '__numpy__' || cls === '__tensor__') {
    const cfg = value['config'];
    return (isObject(cfg) ? cfg['value'] : null) as ConfigValue;
  }
  if (typeof cls === 'string' && UNSUPPORTED_MARKERS.has(cls)) {
    throw new NotSupportedError(`${source}: the ${cls} value at ${path} is not supported in layer configs`);
  }
  if (cls === 'function' && typeof value['config'] === 'string') return value['config'];
  const out: ConfigDict = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, decodeMarkers(v, `${path}/${k}`, source));
  return out;
}

/** A dtype from a file (string or DTypePolicy envelope) → the dtype Stratum uses for the layer. */
export function decodeDtype(value: unknown, path: string, source: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  let name: unknown = value;
  if (isObject(value)) {
    const cls = String(value['class_name'] ?? value['className'] ?? '');
    const cfg = value['config'];
    if (cls.startsWith('Quantized')) throw new NotSupportedError(`${source}: quantized layers (${cls} at ${path}) are not supported`);
    name = isObject(cfg) ? cfg['name'] : undefined;
  }
  if (typeof name !== 'string') throw new SerializationError(`${source}: invalid dtype at ${path}: expected a dtype name or a DTypePolicy envelope, received ${describe(value)}`);
  // Float policies (including mixed precision, whose variables are float32) compute in float32 here.
  if (/^(mixed_)?(b?float(16|32|64)|half|float)$/.test(name)) return 'float32';
  if (/^u?int(8|16|32|64)$/.test(name)) return 'int32';
  if (name === 'bool') return 'bool';
  throw new NotSupportedError(`${source}: dtype ${describe(name)} at ${path} is not supported; expected a float, int or bool dtype`);
}

function normalizeValues(value: ConfigValue | undefined, key: string, ctx: DecodeContext): ConfigValue | undefined {
  if (Array.isArray(value)) return value.map((v) => normalizeValues(v, key, ctx) as ConfigValue);
  if (typeof value === 'string') {
    if (ENUM_KEYS.has(key)) {
      const snake = toSnakeCase(value);
      return key === 'distribution' && snake === 'normal' ? 'truncated_normal' : snake;
    }
    if (ctx.flavor === 'keras2' && /activation$/i.test(key) && toSnakeCase(value) === 'hard_sigmoid') return KERAS2_HARD_SIGMOID as never;
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: ConfigDict = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, normalizeValues(v, k, ctx));
  return out;
}

/**
 * A layer's `config` from a file → the camelCase arguments of its constructor. `path` is the JSON path of
 * the config, for error messages.
 */
export function decodeLayerConfig(raw: unknown, ctx: DecodeContext, path: string): ConfigDict {
  if (!isObject(raw)) throw new SerializationError(`${ctx.source}: invalid layer config at ${path}: expected an object, received ${describe(raw)}`);
  const decoded = fromKerasKeys(decodeMarkers(raw, path, ctx.source)) as ConfigDict;
  const cfg = normalizeValues(decoded, '', ctx) as ConfigDict;
  for (const k of IGNORED_KEYS) delete cfg[k];
  if (cfg['activityRegularizer'] === null) delete cfg['activityRegularizer'];
  if ('dtype' in cfg) {
    const dtype = decodeDtype(raw['dtype'], `${path}/dtype`, ctx.source);
    if (dtype === undefined) delete cfg['dtype'];
    else cfg['dtype'] = dtype;
  }
  return cfg;
}

/** InputLayer arguments from any of the spellings files use (`batch_shape`, `batch_input_shape`, `batchInputShape`). */
export function decodeInputLayerConfig(raw: unknown, ctx: DecodeContext, path: string): ConfigDict {
  const cfg = decodeLayerConfig(raw, ctx, path);
  const batchShape = cfg['batchShape'] ?? cfg['batchInputShape'];
  if (cfg['sparse'] === true || cfg['ragged'] === true) {
    throw new NotSupportedError(`${ctx.source}: sparse or ragged inputs (InputLayer at ${path}) are not supported`);
  }
  const args: ConfigDict = {name: cfg['name'], dtype: cfg['dtype']};
  if (batchShape !== undefined) args['batchShape'] = batchShape;
  else {
    args['shape'] = cfg['shape'] ?? cfg['inputShape'];
    if (cfg['batchSize'] !== undefined) args['batchSize'] = cfg['batchSize'];
  }
  return args;
}

const MAX_MESSAGE = 1000;

/**
 * Re-throws `e` with the file and JSON path in front; anything but a NotSupportedError becomes a
 * SerializationError, and a raw JavaScript error (a bug or a resource limit) is named as such rather than
 * passed on as if it were Stratum's own message.
 */
export function withContext(e: unknown, ctx: DecodeContext, what: string): Error {
  const own = e instanceof Error && /^(ValueError|ShapeError|SerializationError|NotSupportedError|RuntimeError)$/.test(e.name);
  const raw = e instanceof Error ? e.message : String(e);
  const msg = own ? raw : `unexpected ${e instanceof Error ? e.name : 'exception'} ${describe(raw)}`;
  let text = msg.startsWith(ctx.source) ? msg : `${ctx.source}: ${what}: ${msg}`;
  if (text.length > MAX_MESSAGE) text = `${text.slice(0, MAX_MESSAGE)}… (${text.length} chars)`;
  if (e instanceof NotSupportedError) return new NotSupportedError(text);
  return new SerializationError(text);
}
