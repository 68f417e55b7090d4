/**
 * Reading a model document: parse, tell the formats apart (Keras 3 JSON, Keras 2 JSON, TF.js `model.json`
 * and its `modelTopology`, the converter's `model_config` wrapper), validate against the JSON Schemas, and
 * refuse code: all before anything is built.
 */
import {NotSupportedError, RuntimeError, SerializationError, ValueError, checkJsonDepth, describe, validateKerasModelJson, validateTfjsModelJson} from '@stratum/core';
import type {SerializableClass} from '@stratum/core';
import {refuseCode} from './decode-config.js';
import type {DecodeContext, Flavor} from './decode-config.js';

export type JsonObject = Record<string, unknown>;

/** One of Stratum's own errors (anything else reaching the loader's surface gets wrapped). */
export function isTyped(e: unknown): boolean {
  return e instanceof SerializationError || e instanceof ValueError || e instanceof NotSupportedError || e instanceof RuntimeError;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text (or passes an object through), failing with the source and the parser's message. */
export function parseJson(json: unknown, source: string): JsonObject {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      throw new SerializationError(`${source}: not valid JSON (${(e as Error).message}); expected a model JSON document`);
    }
  }
  if (!isObject(doc)) throw new SerializationError(`${source}: expected a model JSON object, received ${describe(doc)}`);
  return doc;
}

/** True for a TF.js `model.json` document (as opposed to a bare Keras model JSON). */
export function isTfjsModelJson(doc: JsonObject): boolean {
  return 'modelTopology' in doc || 'weightsManifest' in doc || 'format' in doc;
}

/** Checks the `format` of a TF.js model.json before the schema does, for a precise message. */
export function checkTfjsFormat(doc: JsonObject, source: string): void {
  checkJsonDepth(doc, source);
  const format = doc['format'];
  if (format !== undefined && format !== 'layers-model') {
    const hint = format === 'graph-model' ? ' (a graph model from the TF.js converter: convert the Keras model as a layers model instead)' : '';
    throw new SerializationError(`${source}: format ${describe(format)} is not supported${hint}; expected "layers-model"`);
  }
  if (!('modelTopology' in doc)) {
    throw new SerializationError(`${source}: a TF.js model.json needs "modelTopology"${'class_name' in doc ? ' (this looks like a Keras model JSON: load it with models.fromJSON)' : ''}`);
  }
}

export interface PreparedTopology {
  /** The model envelope (`{class_name: 'Sequential' | 'Functional' | 'Model', config, ...}`). */
  model: JsonObject;
  /** JSON path of `model` inside the document, for error messages. */
  path: string;
  ctx: DecodeContext;
}

/** Keras 3 files have no `keras_version` at the top; Keras 2 and tfjs files do (the converter keeps the source's). */
function detectFlavor(top: JsonObject, model: JsonObject): Flavor {
  const version = top['keras_version'];
  if (typeof version === 'string') return /^3\./.test(version) ? 'keras3' : 'keras2';
  if ('module' in model || 'registered_name' in model) return 'keras3';
  const cfg = model['config'];
  const layers = isObject(cfg) && Array.isArray(cfg['layers']) ? (cfg['layers'] as unknown[]) : [];
  const dictNodes = layers.some((l) => isObject(l) && Array.isArray(l['inbound_nodes']) && (l['inbound_nodes'] as unknown[]).some(isObject));
  return dictNodes ? 'keras3' : 'keras2';
}

/**
 * Validates a parsed document and finds the model envelope in it. Accepts a Keras 3 / Keras 2 model JSON,
 * a TF.js model.json, or a model.json's `modelTopology` (tfjs-layers form or the converter's wrapper).
 */
export function prepareTopology(doc: JsonObject, source: string, customObjects: Record<string, SerializableClass> = {}): PreparedTopology {
  checkJsonDepth(doc, source);
  let top = doc;
  let path = '';
  if (isTfjsModelJson(doc)) {
    checkTfjsFormat(doc, source);
    validateTfjsModelJson(doc, source);
    top = doc['modelTopology'] as JsonObject;
    path = '/modelTopology';
  } else {
    validateKerasModelJson(doc, source);
  }
  let model = top;
  if (isObject(top['model_config'])) {
    model = top['model_config'];
    path = `${path}/model_config`;
  }
  refuseCode(model, path, source);
  return {model, path, ctx: {flavor: detectFlavor(top, model), source, customObjects}};
}
