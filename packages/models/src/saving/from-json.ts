/**
 * Keras JSON → model. Builds Sequential and Functional models (nested ones too) from Keras 3, Keras 2 and
 * TF.js topologies. Everything is validated first; if building still fails, every layer created so far
 * is disposed and nothing is returned.
 */
import {SerializationError, ValueError, describe, lookupClass, toSnakeCase} from '@stratum/core';
import type {SerializableClass, Variable} from '@stratum/core';
import {InputLayer, Layer, withCustomObjects, withWeightGuard} from '@stratum/layers';
import type {AnyLayer, Shape} from '@stratum/layers';
import type {Model} from '../model.js';
import {Sequential} from '../sequential.js';
import {decodeInputLayerConfig, decodeLayerConfig, withContext} from './decode-config.js';
import {isModelLike, isSequentialLike} from './model-kind.js';
import type {DecodeContext} from './decode-config.js';
import {buildFunctional} from './graph-builder.js';
import type {BuildContext} from './graph-builder.js';
import {manifestGuard} from './size-guard.js';
import type {SizedWeight} from './size-guard.js';
import {isObject, isTyped, parseJson, prepareTopology} from './topology.js';
import type {JsonObject} from './topology.js';

export interface FromJSONOptions {
  /** Classes for names the registry does not know (`{MyLayer}` or `{'pkg>MyLayer': MyLayer}`). */
  customObjects?: Record<string, SerializableClass>;
  /**
   * `fromJSON` only: most weight elements the model may have in all (default MAX_FRESH_WEIGHT_ELEMENTS,
   * 2^26). Fresh weights are drawn for every one of them, so a small file cannot make it allocate gigabytes.
   */
  maxWeightElements?: number;
}


const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

function entryName(entry: JsonObject): string | undefined {
  const cfg = entry['config'];
  const n = entry['name'] ?? (isObject(cfg) ? cfg['name'] : undefined);
  return typeof n === 'string' ? n : undefined;
}

/** `Dense: units must be …` → ` (at <path>/config/units)`, when the config has that key. */
function badKeyPath(e: unknown, entry: JsonObject, path: string): string {
  const key = e instanceof Error ? /^\w+: (\w+) must\b/.exec(e.message)?.[1] : undefined;
  const cfg = entry['config'];
  if (key === undefined || !isObject(cfg)) return '';
  const found = [toSnakeCase(key), key].find((k) => Object.hasOwn(cfg, k));
  return found === undefined ? '' : ` (at ${path}/config/${found})`;
}

/** One entry of a model's `layers` (a layer or a nested model) → the layer. */
export function buildLayer(entry: JsonObject, ctx: BuildContext, path: string): AnyLayer {
  const className = entry['class_name'] as string;
  if (MODEL_CLASSES.has(className)) return buildModel(entry, ctx, path);
  // Any other class (a registered Model subclass too) is constructed from its config below; inside a graph it
  // builds when the graph calls it.
  const registeredName = typeof entry['registered_name'] === 'string' ? entry['registered_name'] : null;
  const label = `layer ${describe(entryName(entry) ?? className)} (${/^[\w>.-]{1,80}$/.test(className) ? className : describe(className)}) at ${path}`;
  let layer: AnyLayer;
  try {
    if (className === 'InputLayer') {
      layer = new InputLayer(decodeInputLayerConfig(entry['config'], ctx, `${path}/config`) as never);
    } else {
      const cls = lookupClass('layer', className, registeredName, ctx.customObjects);
      const args = decodeLayerConfig(entry['config'], ctx, `${path}/config`);
      const made: unknown = withCustomObjects(ctx.customObjects, () => (typeof cls.fromConfig === 'function' ? cls.fromConfig(args) : new cls(args as never)));
      if (!(made instanceof Layer)) {
        disposeIfPossible(made);
        throw new SerializationError(`class ${describe(className)} did not make a layer (received ${describe(made)})`);
      }
      layer = made as unknown as AnyLayer;
    }
  } catch (e) {
    throw withContext(e, ctx, `cannot build ${label}${badKeyPath(e, entry, path)}`);
  }
  ctx.created.push(layer);
  return layer;
}

function buildSequential(env: JsonObject, ctx: BuildContext, path: string): Sequential {
  const cfg = env['config'];
  const list = (Array.isArray(cfg) ? cfg : (cfg as JsonObject)['layers']) as JsonObject[];
  const meta: JsonObject = Array.isArray(cfg) ? {} : (cfg as JsonObject);
  const layersPath = Array.isArray(cfg) ? `${path}/config` : `${path}/config/layers`;
  const model = new Sequential({name: meta['name'] as string | undefined, trainable: meta['trainable'] as boolean | undefined});
  list.forEach((entry, i) => {
    const layer = buildLayer(entry, ctx, `${layersPath}/${i}`);
    try {
      model.add(layer);
    } catch (e) {
      throw withContext(e, ctx, `cannot add layer "${layer.name}" at ${layersPath}/${i} to Sequential "${model.name}"`);
    }
  });
  const buildConfig = env['build_config'];
  const shape = meta['build_input_shape'] ?? (isObject(buildConfig) ? buildConfig['input_shape'] : undefined);
  if (!model.built && Array.isArray(shape) && shape.every((d) => d === null || typeof d === 'number')) {
    try {
      model.build(shape as Shape);
    } catch (e) {
      throw withContext(e, ctx, `cannot build Sequential "${model.name}" at ${path} for input shape ${describe(shape)}`);
    }
  }
  return model;
}

/** A model envelope → the model (Sequential, Functional, or a registered custom model class). */
export function buildModel(env: JsonObject, ctx: BuildContext, path: string): Model {
  const className = env['class_name'] as string;
  if (className === 'Sequential') return buildSequential(env, ctx, path);
  if (className === 'Functional' || className === 'Model') return buildFunctional(env, ctx, path);
  return buildSubclassed(env, ctx, path);
}

/**
 * A registered subclassed model: constructed from its config, then built for the `build_config` input
 * shape (running its `call` once), so its weights exist and can be loaded.
 */
function buildSubclassed(env: JsonObject, ctx: BuildContext, path: string): Model {
  const made = buildLayer(env, ctx, path);
  if (!isModelLike(made)) {
    throw new SerializationError(`${ctx.source}: ${path || '/'} is a ${describe(env['class_name'])}, a layer; expected a model (Sequential, Functional or a registered Model subclass)`);
  }
  const build = env['build_config'];
  const shape = typeof build === 'object' && build !== null && !Array.isArray(build) ? (build as JsonObject)['input_shape'] : undefined;
  if (shape !== undefined && shape !== null) {
    try {
      made.build(shape as never);
    } catch (e) {
      throw withContext(e, ctx, `cannot build model ${describe(made.name)} at ${path || '/'} for input shape ${describe(shape)}`);
    }
  }
  return made;
}

function disposeIfPossible(v: unknown): void {
  try {
    (v as {dispose?: () => void} | null)?.dispose?.();
  } catch {
    // nothing more can be done for an object that cannot dispose itself
  }
}

/** Disposes every layer created by a failed build. */
export function disposeCreated(ctx: BuildContext): void {
  for (const l of ctx.created) {
    try {
      l.dispose();
    } catch {
      // already disposed or never built: nothing to free
    }
  }
}

/**
 * Builds the model of an already validated topology; on failure nothing survives. `manifest` (the file's
 * model weights, when loading) bounds every weight the config implies before it is allocated; without it
 * the model's weights are capped at MAX_WEIGHT_ELEMENTS elements in all.
 */
export function buildPrepared(model: JsonObject, path: string, ctx: DecodeContext, manifest: readonly SizedWeight[] | null = null, freshLimit?: number): Model {
  const bctx: BuildContext = {...ctx, created: [], buildLayer};
  const variables: Variable[] = [];
  try {
    const built = withWeightGuard(manifestGuard(ctx.source, manifest, freshLimit), () => buildModel(model, bctx, path), (v) => variables.push(v));
    // Layers listed in the file but not connected to the outputs are not part of the model: free them.
    const used = new Set<AnyLayer>();
    const visit = (l: AnyLayer): void => {
      used.add(l);
      if (isModelLike(l)) l.layers.forEach(visit);
      const input = isSequentialLike(l) ? l.inputLayer : null;
      if (input !== null) used.add(input);
    };
    visit(built);
    disposeCreated({...bctx, created: bctx.created.filter((l) => !used.has(l))});
    return built;
  } catch (e) {
    disposeCreated(bctx);
    for (const v of variables) v.dispose(); // also those of layers that never finished construction
    throw isTyped(e) && !(e instanceof ValueError) ? e : withContext(e, ctx, 'cannot build the model');
  }
}

/**
 * Builds a model from Keras 3 JSON, Keras 2 JSON, or a TF.js `model.json` (topology only: weights are
 * initialised fresh; use `loadModel` to read them). The document is validated before anything is built.
 */
export function fromJSON(json: string | object, options: FromJSONOptions = {}): Model {
  const doc = parseJson(json, 'fromJSON');
  const limit = options.maxWeightElements;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new ValueError(`fromJSON: maxWeightElements must be a positive integer, received ${describe(limit)}`);
  }
  const {model, path, ctx} = prepareTopology(doc, 'fromJSON', options.customObjects ?? {});
  return buildPrepared(model, path, ctx, null, limit);
}
