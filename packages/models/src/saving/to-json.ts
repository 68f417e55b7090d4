/**
 * Model → Keras JSON. The native flavour is Keras 3 (FORMATS.md §1): envelopes with `module` and
 * `registered_name`, DTypePolicy envelopes, `build_config`, nodes as `{args, kwargs}` of
 * `__keras_tensor__` entries. The `keras2` flavour (FORMATS.md §2) is what the TF.js `model.json` carries
 * so that tfjs-layers' `loadLayersModel` reads our files: plain `{class_name, config}` objects, string
 * dtypes, `batch_input_shape`, list-form nodes.
 */
import {NotSupportedError, flatten, lookupClass, mapStructure, serializeObject, toKerasKeys, toSnakeCase} from '@stratum/core';
import type {ConfigDict, ConfigValue, Nested, Serializable} from '@stratum/core';
import {InputLayer, isSymbolic} from '@stratum/layers';
import type {AnyLayer, Node, SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import type {Model} from '../model.js';
import type {Sequential} from '../sequential.js';
import {classNameOf, isFunctionalLike, isModelLike, isSequentialLike} from './model-kind.js';

/** `keras3`: the native format (`toJSON`). `keras2`: the layout inside TF.js `model.json` files we write. */
export type JsonFlavor = 'keras3' | 'keras2';

export const STRATUM_VERSION = '0.1.0';

/** The Keras 3 DTypePolicy envelope of a dtype name. */
export function dtypePolicy(name: string): ConfigDict {
  return {module: 'keras', class_name: 'DTypePolicy', config: {name}, registered_name: null};
}

/** Model → Keras 3 JSON string (`model.toJSON()`). */
export function modelToJSON(model: Model): string {
  return JSON.stringify(modelToConfig(model, 'keras3'));
}

/** Model → the top-level JSON object in the requested flavour (Keras 2 adds `keras_version`, `backend`). */
export function modelToConfig(model: Model, flavor: JsonFlavor): ConfigDict {
  const env = modelEnvelope(model, flavor);
  if (flavor === 'keras2') return {...env, keras_version: `stratum ${STRATUM_VERSION}`, backend: 'tensor_flow.js'};
  const compile = compileConfig(model);
  return compile === null ? env : {...env, compile_config: compile};
}

function modelEnvelope(model: Model, flavor: JsonFlavor): ConfigDict {
  if (isFunctionalLike(model)) return functionalEnvelope(model, flavor);
  if (isSequentialLike(model)) return sequentialEnvelope(model, flavor);
  return subclassedEnvelope(model, flavor);
}

/**
 * A subclassed model, as Keras 3 writes one (keras/src/saving/serialization_lib.py): its class (which
 * must be registered, so a loader can find it), its `getConfig()` and the input shape it was built for.
 * Its layers are its code: the loader rebuilds them by constructing the class and building it.
 */
function subclassedEnvelope(model: Model, flavor: JsonFlavor): ConfigDict {
  const s = serializeObject(model);
  let registered = false;
  try {
    registered = lookupClass('layer', s.className, s.registeredName) === model.constructor;
  } catch {
    registered = false;
  }
  if (!registered) {
    throw new NotSupportedError(
      `toJSON: model "${model.name}" is a subclassed model (${classNameOf(model)}) whose class is not registered; register it with registerSerializable(${classNameOf(model)}, {category: 'layer', module: '...'}) so a loader can rebuild it`,
    );
  }
  const config = layerConfig(model, flavor);
  const env: ConfigDict = flavor === 'keras2' ? {class_name: s.className, config} : {module: s.module, class_name: s.className, config, registered_name: s.registeredName};
  // The input shape is what lets a loader create the weights (Keras 3 `build_config`; kept in every flavour).
  if (model.built && model.buildInputShape !== null) env['build_config'] = {input_shape: model.buildInputShape as ConfigValue};
  return env;
}

/** Strips what the Keras 2 layout does not have (module, registered_name, build_config) from nested envelopes. */
function keras2Value(v: ConfigValue | undefined): ConfigValue | undefined {
  if (Array.isArray(v)) return v.map((x) => keras2Value(x) as ConfigValue);
  if (v === null || typeof v !== 'object') return v;
  const isEnvelope = typeof v['class_name'] === 'string' && 'config' in v;
  const out: ConfigDict = {};
  for (const [k, x] of Object.entries(v)) {
    if (isEnvelope && (k === 'module' || k === 'registered_name' || k === 'build_config')) continue;
    out[k] = keras2Value(x);
  }
  return out;
}

function layerConfig(layer: AnyLayer, flavor: JsonFlavor): ConfigDict {
  const cfg = toKerasKeys(serializeObject(layer).config) as ConfigDict;
  delete cfg['batch_input_shape'];
  if (layer instanceof InputLayer) {
    if (flavor === 'keras3') return cfg;
    const {batch_shape: shape, ...rest} = cfg;
    return {batch_input_shape: shape, ...rest};
  }
  if (flavor === 'keras3') return withDtypePolicies(cfg);
  return keras2Value(cfg) as ConfigDict;
}

function isDict(v: unknown): v is ConfigDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keras 3 writes a layer's dtype as a `DTypePolicy` envelope, also for sub-layers nested in the config
 * (a wrapper's `layer`, a list of layers): every nested envelope whose config has a string dtype gets one.
 */
function withDtypePolicies(cfg: ConfigDict): ConfigDict {
  const out: ConfigDict = {};
  for (const [k, v] of Object.entries(cfg)) out[k] = k === 'dtype' && typeof v === 'string' ? dtypePolicy(v) : nestedPolicies(v);
  return out;
}

function nestedPolicies(v: ConfigValue | undefined): ConfigValue | undefined {
  if (Array.isArray(v)) return v.map((x) => nestedPolicies(x) as ConfigValue);
  const isLayerEnvelope = isDict(v) && typeof v['class_name'] === 'string' && isDict(v['config']) && typeof v['config']['dtype'] === 'string';
  return isLayerEnvelope ? {...v, config: withDtypePolicies(v['config'] as ConfigDict)} : v;
}

/** The envelope of a layer (or nested model) as an entry of a model's `layers`. */
function layerEnvelope(layer: AnyLayer, flavor: JsonFlavor): ConfigDict {
  if (isModelLike(layer)) return modelEnvelope(layer, flavor);
  const s = serializeObject(layer);
  const config = layerConfig(layer, flavor);
  if (flavor === 'keras2') return {class_name: s.className, config};
  const env: ConfigDict = {module: s.module, class_name: s.className, config, registered_name: s.registeredName};
  if (layer.built && layer.weights.length > 0 && layer.buildInputShape !== null) env['build_config'] = {input_shape: layer.buildInputShape as ConfigValue};
  return env;
}

function sequentialEnvelope(model: Sequential, flavor: JsonFlavor): ConfigDict {
  const input = model.inputLayer;
  // Keras 3 and tf.keras 2.x both list the InputLayer (Keras 2 with `batch_input_shape`); tfjs reads it too.
  const layers = [...(input === null ? [] : [layerEnvelope(input, flavor)]), ...model.layers.map((l) => layerEnvelope(l, flavor))];
  if (flavor === 'keras2') return {class_name: 'Sequential', config: {name: model.name, layers}};
  const config: ConfigDict = {name: model.name, trainable: model.trainable, dtype: dtypePolicy('float32'), layers};
  if (input !== null) config['build_input_shape'] = input.batchShape;
  const env: ConfigDict = {module: 'keras', class_name: 'Sequential', config, registered_name: null};
  if (input !== null) env['build_config'] = {input_shape: input.batchShape};
  return env;
}

/** Which nodes of each layer belong to the model, in creation order (Keras re-indexes node references). */
function keptNodes(model: Functional): Map<AnyLayer, Node[]> {
  const inModel = new Set<Node>(model.graphNodes);
  for (const t of model.inputs) inModel.add((t.sourceLayer as AnyLayer).inboundNodes[t.nodeIndex] as Node);
  const kept = new Map<AnyLayer, Node[]>();
  for (const l of model.layers) kept.set(l, l.inboundNodes.filter((n) => inModel.has(n)));
  return kept;
}

/**
 * The node index a file uses for `t`. Keras 3 counts an extra leading node for nested Functional models;
 * Keras 2 and tfjs for every nested model (their node 0 is internal).
 */
function nodeIndexInFile(t: SymbolicTensor, kept: Map<AnyLayer, Node[]>, flavor: JsonFlavor): number {
  const layer = t.sourceLayer as AnyLayer;
  const node = layer.inboundNodes[t.nodeIndex] as Node;
  const idx = (kept.get(layer) ?? []).indexOf(node);
  const leading = flavor === 'keras3' ? isFunctionalLike(layer) : isModelLike(layer);
  return Math.max(idx, 0) + (leading ? 1 : 0);
}

function tensorRef(t: SymbolicTensor, kept: Map<AnyLayer, Node[]>, flavor: JsonFlavor): [string, number, number] {
  return [t.sourceLayer.name, nodeIndexInFile(t, kept, flavor), t.tensorIndex];
}

/**
 * A node as Keras writes it. Keras 3: `{args: [inputs, ...positional call arguments], kwargs}` with tensors
 * as `__keras_tensor__` entries; Keras 2: one `[layer, node, tensor, kwargs]` entry per input, every call
 * argument in kwargs by name, tensors as `[layer, node, tensor]` triples. Call-argument names are snake_case, as in Keras.
 */
function serializeNode(node: Node, kept: Map<AnyLayer, Node[]>, flavor: JsonFlavor): ConfigValue {
  const kerasTensor = (t: SymbolicTensor): ConfigValue =>
    flavor === 'keras2' ? tensorRef(t, kept, flavor) : {class_name: '__keras_tensor__', config: {shape: [...t.shape], dtype: t.dtype, keras_history: tensorRef(t, kept, flavor)}};
  const positional = (node.layer.constructor as {positionalCallArgs?: readonly string[]}).positionalCallArgs ?? [];
  const kwargs: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(node.kwargs)) if (v !== undefined) kwargs[k === 'training' ? k : toSnakeCase(k)] = v;
  // Keras 2 keeps positional call arguments in kwargs by name (e.g. attention's `value`).
  for (const [k, v] of Object.entries(node.tensorArgs)) if (flavor === 'keras2' || !positional.includes(k)) kwargs[toSnakeCase(k)] = mapStructure<SymbolicTensor, ConfigValue>(v, isSymbolic, kerasTensor) as ConfigValue;
  if (flavor === 'keras2') return node.inputTensors.map((t) => [...tensorRef(t, kept, flavor), {...kwargs}] as ConfigValue);
  const args: ConfigValue[] = [mapStructure<SymbolicTensor, ConfigValue>(node.inputs, isSymbolic, kerasTensor) as ConfigValue];
  for (const k of positional) {
    const v = node.tensorArgs[k];
    if (v === undefined) break;
    args.push(mapStructure<SymbolicTensor, ConfigValue>(v, isSymbolic, kerasTensor) as ConfigValue);
  }
  return {args, kwargs};
}

function ioLayers(structure: Nested<SymbolicTensor>, kept: Map<AnyLayer, Node[]>, flavor: JsonFlavor): ConfigValue {
  if (flavor === 'keras2') return flatten(structure, isSymbolic).map((t) => tensorRef(t, kept, flavor));
  return mapStructure(structure, isSymbolic, (t) => tensorRef(t, kept, flavor)) as ConfigValue;
}

function functionalEnvelope(model: Functional, flavor: JsonFlavor): ConfigDict {
  const kept = keptNodes(model);
  const layers = model.layers.map((l) => {
    const nodes = l instanceof InputLayer ? [] : (kept.get(l) ?? []).map((n) => serializeNode(n, kept, flavor));
    return {...layerEnvelope(l, flavor), name: l.name, inbound_nodes: nodes};
  });
  const config: ConfigDict = {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: ioLayers(model.inputStructure, kept, flavor),
    output_layers: ioLayers(model.outputStructure, kept, flavor),
  };
  if (flavor === 'keras2') return {class_name: 'Functional', config};
  return {module: 'keras.src.models.functional', class_name: 'Functional', config, registered_name: 'Functional'};
}

/** The optimizer envelope with Keras's argument names (Stratum's `beta1` is Keras's `beta_1`). */
function kerasOptimizer(optimizer: Serializable): ConfigDict {
  const env = toKerasKeys(serializeObject(optimizer)) as ConfigDict;
  const cfg = env['config'] as ConfigDict;
  env['config'] = Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k.replace(/^beta(\d)$/, 'beta_$1'), v]));
  return env;
}

/** Keras 3 `compile_config` when the model is compiled and its pieces serialize; otherwise null. */
function compileConfig(model: Model): ConfigDict | null {
  const state = model.compiled;
  if (state === null) return null;
  const id = (v: unknown): ConfigValue => {
    if (typeof v === 'string') return toSnakeCase(v);
    if (Array.isArray(v)) return v.map(id);
    if (typeof v === 'object' && v !== null && typeof (v as {getConfig?: unknown}).getConfig === 'function') {
      return toKerasKeys(serializeObject(v as never));
    }
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, id(x)]));
    return (v ?? null) as ConfigValue;
  };
  try {
    const args = state.args;
    return {
      optimizer: kerasOptimizer(state.optimizer),
      loss: id(args.loss),
      loss_weights: (args.lossWeights ?? null) as ConfigValue,
      metrics: id(args.metrics ?? null),
    };
  } catch {
    return null;
  }
}
