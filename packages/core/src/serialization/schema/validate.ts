/**
 * Validation of model files against the JSON Schemas in `model-schemas.ts` (ajv). Run before anything is
 * built: a bad file fails with a `SerializationError` that names the file, the JSON path of the problem
 * (e.g. `/config/layers/2/config/units`), what was expected and the value received.
 */
import {Ajv} from 'ajv';
import type {ErrorObject, ValidateFunction} from 'ajv';
import {SerializationError, describe} from '../../errors.js';
import {kerasModelSchema, tfjsModelJsonSchema} from './model-schemas.js';

let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

function validator(schema: Record<string, unknown>): ValidateFunction {
  const id = schema['$id'] as string;
  let fn = compiled.get(id);
  if (fn === undefined) {
    if (ajv === null) {
      ajv = new Ajv({allErrors: false, strict: false, allowUnionTypes: true});
      ajv.addSchema(kerasModelSchema);
      ajv.addSchema(tfjsModelJsonSchema);
    }
    fn = ajv.getSchema(id) as ValidateFunction;
    compiled.set(id, fn);
  }
  return fn;
}

/** The value at a JSON pointer (`/config/layers/2`), or undefined. */
export function valueAt(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let v: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const COMPOSITE = new Set(['if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', '$ref', 'not']);

function describeError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'enum') return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => describe(v)).join(', ')}`;
  if (e.keyword === 'const') return `must be ${describe(p['allowedValue'])}`;
  return e.message ?? e.keyword;
}

/** Turns ajv's errors into one message: the deepest failing path and every expectation failing there. */
export function formatSchemaErrors(errors: readonly ErrorObject[], doc: unknown, source: string, what: string): string {
  const leaves = errors.filter((e) => !COMPOSITE.has(e.keyword));
  const pool = leaves.length > 0 ? leaves : [...errors];
  const depth = (e: ErrorObject): number => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const deepest = Math.max(...pool.map(depth));
  const at = pool.filter((e) => depth(e) === deepest);
  const path = at[0]?.instancePath ?? '';
  const messages = [...new Set(at.filter((e) => e.instancePath === path).map(describeError))];
  const received = valueAt(doc, path);
  const shownPath = path === '' ? '/' : path.length > 300 ? `${path.slice(0, 300)}… (${path.length} chars)` : path;
  return `${source}: invalid ${what} at ${shownPath}: ${messages.join(', or ').slice(0, 500)} (received ${describe(received)})`;
}

function run(schema: Record<string, unknown>, doc: unknown, source: string, what: string): void {
  const fn = validator(schema);
  if (!fn(doc)) throw new SerializationError(formatSchemaErrors(fn.errors ?? [], doc, source, what));
}

/**
 * Checks a Keras model JSON document (Keras 3, Keras 2, or the converter's `{model_config, ...}` wrapper).
 * Throws a `SerializationError` naming `source` and the JSON path of the first problem.
 */
export function validateKerasModelJson(doc: unknown, source = 'model JSON'): void {
  run(kerasModelSchema, doc, source, 'Keras model JSON');
}

/** Checks a TF.js layers `model.json` document (including its `modelTopology` and `weightsManifest`). */
export function validateTfjsModelJson(doc: unknown, source = 'model.json'): void {
  run(tfjsModelJsonSchema, doc, source, 'TF.js model.json');
}
