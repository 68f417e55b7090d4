/**
 * Rebuilds a functional graph from a file: creates every layer, then calls each layer on the tensors its
 * nodes name (`keras_history` / `[layer, node, tensor]` references), in an order where inputs exist
 * before they are used, and finally collects the model's inputs and outputs in their structure.
 */
import {NotSupportedError, SerializationError, describe, flatten, toCamelCase} from '@stratum/core';
import type {ConfigDict, Nested} from '@stratum/core';
import {InputLayer, isSymbolic} from '@stratum/layers';
import type {AnyLayer, SymbolicTensor} from '@stratum/layers';
import {Functional} from '../functional.js';
import {withContext} from './decode-config.js';
import type {DecodeContext} from './decode-config.js';
import {isFunctionalLike, isModelLike, isSequentialLike} from './model-kind.js';
import {isObject} from './topology.js';
import type {JsonObject} from './topology.js';

/** What the builders share: the decode context, the layer builder, every layer created (for cleanup). */
export interface BuildContext extends DecodeContext {
  created: AnyLayer[];
  buildLayer(entry: JsonObject, ctx: BuildContext, path: string): AnyLayer;
}

/** A reference to one output of one node of a layer, as written in the file. */
class TensorRef {
  constructor(readonly layer: string, readonly node: number, readonly tensor: number, readonly path: string) {}
}
const isRef = (v: unknown): v is TensorRef => v instanceof TensorRef;

interface NodeSpec {
  input: Nested<TensorRef>;
  training?: boolean;
  /** Further call arguments: JSON values, and tensors by reference (camelCase names). */
  kwargs: ConfigDict;
  tensorArgs: Record<string, Nested<TensorRef>>;
  path: string;
}

interface LayerRecord {
  layer: AnyLayer;
  nodes: NodeSpec[];
  outputs: Nested<SymbolicTensor>[];
  /** File node index − offset = index into `outputs` (nested models have an internal node 0 in files). */
  offset: number;
  path: string;
}

function parseTriple(v: unknown, path: string, ctx: DecodeContext): TensorRef {
  if (!Array.isArray(v) || v.length < 3 || typeof v[0] !== 'string' || !Number.isInteger(v[1]) || !Number.isInteger(v[2])) {
    throw new SerializationError(`${ctx.source}: invalid tensor reference at ${path}: expected [layer_name, node_index, tensor_index], received ${describe(v)}`);
  }
  return new TensorRef(v[0], v[1] as number, v[2] as number, path);
}

/** A Keras 3 call argument: `__keras_tensor__` entries inside lists and dicts. */
function parseArg(v: unknown, path: string, ctx: DecodeContext): Nested<TensorRef> {
  if (isObject(v) && v['class_name'] === '__keras_tensor__') {
    const cfg = v['config'];
    return parseTriple(isObject(cfg) ? cfg['keras_history'] : undefined, `${path}/config/keras_history`, ctx);
  }
  if (Array.isArray(v)) return v.map((x, i) => parseArg(x, `${path}/${i}`, ctx));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, parseArg(x, `${path}/${k}`, ctx)]));
  throw new NotSupportedError(`${ctx.source}: the non-tensor call argument ${describe(v)} at ${path} is not supported`);
}

function hasTensor(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasTensor);
  return isObject(v) && (v['class_name'] === '__keras_tensor__' || Object.values(v).some(hasTensor));
}

/** A Keras 2 kwargs value: tensors are `[layer_name, node_index, tensor_index]` triples naming a model layer. */
function keras2Arg(v: unknown, path: string, ctx: DecodeContext, layers: ReadonlySet<string>): Nested<TensorRef> | null {
  if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'string' && layers.has(v[0]) && Number.isInteger(v[1]) && Number.isInteger(v[2])) return parseTriple(v, path, ctx);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => Array.isArray(x))) {
    const refs = v.map((x, i) => keras2Arg(x, `${path}/${i}`, ctx, layers));
    return refs.every((r) => r !== null) ? (refs as Nested<TensorRef>[]) : null;
  }
  return null;
}

/**
 * A node's keyword arguments: `training` (a boolean), tensors (Keras 3 `__keras_tensor__` entries, Keras
 * 2 triples) as graph edges, and JSON values, all kept under camelCase names.
 */
function parseKwargs(kwargs: unknown, path: string, ctx: DecodeContext, layers: ReadonlySet<string>): Pick<NodeSpec, 'training' | 'kwargs' | 'tensorArgs'> {
  const out: Pick<NodeSpec, 'training' | 'kwargs' | 'tensorArgs'> = {kwargs: {}, tensorArgs: {}};
  if (!isObject(kwargs)) return out;
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'training') {
      if (typeof v === 'boolean') out.training = v;
      continue;
    }
    const name = toCamelCase(k);
    if (hasTensor(v)) out.tensorArgs[name] = parseArg(v, `${path}/${k}`, ctx);
    else {
      const ref = ctx.flavor === 'keras2' ? keras2Arg(v, `${path}/${k}`, ctx, layers) : null;
      if (ref !== null) out.tensorArgs[name] = ref;
      else out.kwargs[name] = v as ConfigDict[string];
    }
  }
  return out;
}

/** Names of a layer class's positional call arguments after the inputs (e.g. attention's `value`, `key`). */
function positionalNames(layer: AnyLayer): readonly string[] {
  return (layer.constructor as {positionalCallArgs?: readonly string[]}).positionalCallArgs ?? [];
}

/** One `inbound_nodes` entry, Keras 3 (`{args, kwargs}`) or Keras 2 (`[[name, node, tensor, kwargs], ...]`). */
function parseNode(node: unknown, path: string, ctx: DecodeContext, layer: AnyLayer, layers: ReadonlySet<string>): NodeSpec {
  if (Array.isArray(node)) {
    const refs = node.map((e, i) => parseTriple(e, `${path}/${i}`, ctx));
    const first = node[0] as unknown[] | undefined;
    return {input: refs.length === 1 ? (refs[0] as TensorRef) : refs, ...parseKwargs(first?.[3], `${path}/0/3`, ctx, layers), path};
  }
  const n = node as JsonObject;
  const args = (n['args'] as unknown[]).map((a, i) => parseArg(a, `${path}/args/${i}`, ctx));
  if (args.length === 0) throw new SerializationError(`${ctx.source}: the node at ${path} has no arguments`);
  const spec: NodeSpec = {input: args[0] as Nested<TensorRef>, ...parseKwargs(n['kwargs'], `${path}/kwargs`, ctx, layers), path};
  // Keras 3 nodes keep the call's positional arguments (keras/src/models/functional.py calls layer(*args)):
  // the first is the inputs; the others are the call arguments the layer class names in order.
  const names = positionalNames(layer);
  if (args.length - 1 > names.length) {
    const cls = (layer.constructor as {className?: string}).className ?? 'layer';
    throw new NotSupportedError(`${ctx.source}: the node at ${path} passes ${args.length} positional arguments to ${cls} ${describe(layer.name)}, which takes ${names.length + 1} (the inputs${names.length > 0 ? `, ${names.join(', ')}` : ''})`);
  }
  args.slice(1).forEach((a, i) => (spec.tensorArgs[names[i] as string] = a));
  return spec;
}

/** `input_layers` / `output_layers`: a triple, or lists / dicts of them. */
function parseIo(v: unknown, path: string, ctx: DecodeContext): Nested<TensorRef> {
  if (Array.isArray(v) && typeof v[0] === 'string') return parseTriple(v, path, ctx);
  if (Array.isArray(v)) return v.map((x, i) => parseIo(x, `${path}/${i}`, ctx));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, parseIo(x, `${path}/${k}`, ctx)]));
  throw new SerializationError(`${ctx.source}: invalid input/output layers at ${path}: expected [layer_name, node_index, tensor_index] or a list or dict of them, received ${describe(v)}`);
}

function nodeOffset(layer: AnyLayer, ctx: DecodeContext): number {
  if (!isModelLike(layer)) return 0;
  if (isFunctionalLike(layer)) return 1;
  return ctx.flavor === 'keras2' && isSequentialLike(layer) && layer.inputLayer !== null ? 1 : 0;
}

/** The tensor a reference names, or null when its node has not been called yet. */
function resolve(ref: TensorRef, records: Map<string, LayerRecord>, ctx: DecodeContext): SymbolicTensor | null {
  const rec = records.get(ref.layer);
  if (rec === undefined) throw new SerializationError(`${ctx.source}: ${ref.path} refers to layer ${describe(ref.layer)}, which is not among the model's layers (${[...records.keys()].join(', ')})`);
  const count = rec.layer instanceof InputLayer ? 1 : rec.nodes.length;
  let k = ref.node - rec.offset;
  if ((k < 0 || k >= count) && rec.offset > 0 && ref.node < count) k = ref.node;
  if (k < 0 || k >= count) throw new SerializationError(`${ctx.source}: ${ref.path} refers to node ${ref.node} of layer ${describe(ref.layer)}, which has ${count} node(s) in this model`);
  const outs = rec.outputs[k];
  if (outs === undefined) return null;
  const flat = flatten(outs, isSymbolic);
  const t = flat[ref.tensor];
  if (t === undefined) throw new SerializationError(`${ctx.source}: ${ref.path} refers to output ${ref.tensor} of layer ${describe(ref.layer)} node ${ref.node}, which has ${flat.length} output(s)`);
  return t;
}

function resolveAll(input: Nested<TensorRef>, records: Map<string, LayerRecord>, ctx: DecodeContext): Nested<SymbolicTensor> | null {
  const refs = flatten(input, isRef);
  const tensors = refs.map((r) => resolve(r, records, ctx));
  if (tensors.some((t) => t === null)) return null;
  const map = (v: Nested<TensorRef>): Nested<SymbolicTensor> => {
    if (isRef(v)) return tensors[refs.indexOf(v)] as SymbolicTensor;
    if (Array.isArray(v)) return v.map(map);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x as Nested<TensorRef>)]));
  };
  return map(input);
}

function createRecords(entries: JsonObject[], ctx: BuildContext, path: string): Map<string, LayerRecord> {
  const records = new Map<string, LayerRecord>();
  const names = new Set(entries.map((e) => (isObject(e['config']) && typeof e['config']['name'] === 'string' ? e['config']['name'] : e['name'])).filter((n): n is string => typeof n === 'string'));
  entries.forEach((entry, i) => {
    const p = `${path}/config/layers/${i}`;
    const layer = ctx.buildLayer(entry, ctx, p);
    const name = typeof entry['name'] === 'string' ? entry['name'] : layer.name;
    if (records.has(name)) throw new SerializationError(`${ctx.source}: layer name ${describe(name)} appears twice (at ${records.get(name)?.path} and ${p}); names must be unique`);
    const nodes = ((entry['inbound_nodes'] ?? []) as unknown[]).map((n, j) => parseNode(n, `${p}/inbound_nodes/${j}`, ctx, layer, names));
    const outputs = layer instanceof InputLayer ? [layer.output] : [];
    records.set(name, {layer, nodes: layer instanceof InputLayer ? [] : nodes, outputs, offset: nodeOffset(layer, ctx), path: p});
  });
  return records;
}

/** Calls layers until every node exists; a node waits until all of its inputs do. */
function connect(records: Map<string, LayerRecord>, ctx: DecodeContext): void {
  let progress = true;
  while (progress) {
    progress = false;
    for (const [name, rec] of records) {
      while (rec.outputs.length < rec.nodes.length) {
        const spec = rec.nodes[rec.outputs.length] as NodeSpec;
        const input = resolveAll(spec.input, records, ctx);
        const tensorArgs = Object.entries(spec.tensorArgs).map(([k, v]) => [k, resolveAll(v, records, ctx)] as const);
        if (input === null || tensorArgs.some(([, v]) => v === null)) break;
        try {
          const {mask, ...callArgs} = {...spec.kwargs, ...Object.fromEntries(tensorArgs)} as Record<string, unknown>;
          const options = {...(spec.training === undefined ? {} : {training: spec.training}), ...(mask === undefined ? {} : {mask: mask as Nested<SymbolicTensor>}), ...(Object.keys(callArgs).length > 0 ? {callArgs} : {})};
          const out = rec.layer.apply(input as never, options);
          rec.outputs.push(out as Nested<SymbolicTensor>);
        } catch (e) {
          throw withContext(e, ctx, `cannot call layer ${describe(name)} for the node at ${spec.path}`);
        }
        progress = true;
      }
    }
  }
  for (const [name, rec] of records) {
    if (rec.outputs.length < rec.nodes.length) {
      const spec = rec.nodes[rec.outputs.length] as NodeSpec;
      const refs = [...flatten(spec.input, isRef), ...Object.values(spec.tensorArgs).flatMap((v) => flatten(v, isRef))];
      const missing = refs.filter((r) => resolve(r, records, ctx) === null).map((r) => `${r.layer}[${r.node}]`);
      throw new SerializationError(`${ctx.source}: cannot connect layer ${describe(name)} (node at ${spec.path}): its inputs ${missing.join(', ')} are never produced; the graph has a cycle`);
    }
  }
}

/** A Functional (Keras 3 `Functional`, Keras 2 `Model`/`Functional`) envelope → the model. */
export function buildFunctional(env: JsonObject, ctx: BuildContext, path: string): Functional {
  const cfg = env['config'] as JsonObject;
  const records = createRecords(cfg['layers'] as JsonObject[], ctx, path);
  connect(records, ctx);
  const io = (key: string): Nested<SymbolicTensor> => {
    const structure = parseIo(cfg[key], `${path}/config/${key}`, ctx);
    const tensors = resolveAll(structure, records, ctx);
    if (tensors === null) throw new SerializationError(`${ctx.source}: ${path}/config/${key} names tensors that the graph never produces`);
    return tensors;
  };
  try {
    return new Functional({inputs: io('input_layers'), outputs: io('output_layers'), name: cfg['name'] as string | undefined, trainable: cfg['trainable'] as boolean | undefined});
  } catch (e) {
    throw withContext(e, ctx, `cannot build Functional model at ${path || '/'}`);
  }
}
