/**
 * Decoded weights → a model's variables. Matched by name (`dense/kernel`; `:0` suffixes and RNN cell
 * scopes ignored), by position only when the file's names are a consistent renaming of the model's; every
 * count, shape and dtype is checked before the first variable is written, so a bad file leaves the model's
 * weights as they were.
 */
import {SerializationError, ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {Tensor, Variable} from '@stratum/core';
import type {Model} from '../model.js';
import type {DecodedWeight} from './weights.js';

/** `dense/kernel:0` → `dense/kernel`; `lstm/lstm_cell/kernel` → `lstm/kernel`. */
export function normalizeWeightName(name: string): string {
  const parts = name.replace(/:\d+$/, '').split('/');
  return parts.filter((p, i) => i === 0 || i === parts.length - 1 || !/_cell(_\d+)?$/.test(p)).join('/');
}

/**
 * Weight names that older formats give a weight Keras 3 names otherwise: Keras 2 and TF.js call
 * DepthwiseConv2D's kernel `depthwise_kernel`, Keras 3 (and Stratum) `kernel`. Only consulted when
 * the model's own name is not in the file.
 */
const LEGACY_NAMES: Readonly<Record<string, string>> = {kernel: 'depthwise_kernel'};

/** Whether a file weight's own name `file` stands for the model weight's own name `own`. */
const sameWeight = (own: string, file: string): boolean => own === file || LEGACY_NAMES[own] === file;

/** `dense_1/kernel` → [`dense_1`, `kernel`]: the scope and the weight's own name. */
function split(name: string): [string, string] {
  const k = normalizeWeightName(name);
  const i = k.lastIndexOf('/');
  return i < 0 ? ['', k] : [k.slice(0, i), k.slice(i + 1)];
}

/** Every variable's weight by name (exact, or the only file name ending in `/<name>`), or null. */
function pairByName(vars: readonly Variable[], weights: readonly DecodedWeight[]): (DecodedWeight | null)[] {
  const byName = new Map<string, DecodedWeight | null>();
  for (const w of weights) {
    const k = normalizeWeightName(w.name);
    byName.set(k, byName.has(k) ? null : w);
  }
  const found = vars.map((v) => {
    const k = normalizeWeightName(v.path);
    const exact = byName.get(k);
    if (exact !== undefined) return exact;
    const suffix = weights.filter((w) => normalizeWeightName(w.name).endsWith(`/${k}`));
    if (suffix.length === 1) return suffix[0] as DecodedWeight;
    // Keras 2 builds a wrapped layer inside its wrapper's scope: `time_distributed/kernel` for the model's
    // `time_distributed/dense/kernel` (Keras 3 path). Only the outermost scope and the weight name are kept.
    const parts = k.split('/');
    const outer = parts.length > 2 ? byName.get(`${parts[0]}/${parts[parts.length - 1]}`) : undefined;
    if (outer !== undefined && outer !== null) return outer;
    const [scope, own] = split(k);
    const legacy = LEGACY_NAMES[own];
    return legacy === undefined ? null : byName.get(scope === '' ? legacy : `${scope}/${legacy}`) ?? null;
  });
  const seen = new Set<DecodedWeight>();
  return found.map((w) => (w === null || seen.has(w) ? null : (seen.add(w), w)));
}

/**
 * Whether the file's weights are the model's in order under a consistent renaming of layer scopes (the
 * TF.js converter's `dense_3` for the model's `dense`): same count, same weight names within each scope
 * (`kernel`, `bias`), same shapes and dtypes, and a one-to-one map between the file's and the model's scopes.
 */
function renamedInOrder(vars: readonly Variable[], weights: readonly DecodedWeight[]): boolean {
  if (vars.length !== weights.length) return false;
  const fileToModel = new Map<string, string>();
  const modelToFile = new Map<string, string>();
  return vars.every((v, i) => {
    const w = weights[i] as DecodedWeight;
    const [vs, vn] = split(v.path);
    const [ws, wn] = split(w.name);
    if (!sameWeight(vn, wn) || !sameShape(v.shape, w.shape) || v.dtype !== w.dtype) return false;
    if ((fileToModel.get(ws) ?? vs) !== vs || (modelToFile.get(vs) ?? ws) !== ws) return false;
    fileToModel.set(ws, vs);
    modelToFile.set(vs, ws);
    return true;
  });
}

function nameList(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => (n.length > 80 ? describe(n) : n));
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}

/**
 * Pairs each model variable with a decoded weight: by name; by position only when the file is the model's
 * weights under a consistent renaming of scopes (see `renamedInOrder`). Otherwise refuses, listing the
 * model weights the file lacks and the file weights the model does not have.
 */
function pair(model: Model, vars: readonly Variable[], weights: readonly DecodedWeight[], source: string): DecodedWeight[] {
  const found = pairByName(vars, weights);
  if (found.every((w) => w !== null)) return found as DecodedWeight[];
  if (renamedInOrder(vars, weights)) return [...weights];
  const used = new Set(found);
  const missing = vars.filter((_v, i) => found[i] === null).map((v) => v.path);
  const unexpected = weights.filter((w) => !used.has(w)).map((w) => w.name);
  throw new SerializationError(`${source}: the file's weight names do not match model "${model.name}" and are not a consistent renaming of its weights: missing ${nameList(missing)}; unexpected ${nameList(unexpected)}`);
}

/**
 * Manifest dtypes accepted for each model weight dtype: the same kind, widened without changing any value
 * (float16 → float32, int8/uint8/int16/uint16 → int32). Anything else (int32 bytes for a float32 weight)
 * would reinterpret bytes, and is refused.
 */
const COMPATIBLE: Record<string, readonly string[]> = {
  float32: ['float32', 'float16'],
  int32: ['int32', 'int16', 'uint16', 'int8', 'uint8'],
  bool: ['bool'],
};

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Writes decoded weights into `model`. Checks the count and every shape first; on any mismatch it throws
 * a SerializationError naming `source` and the weight, and the model keeps its weights.
 */
export function assignWeights(model: Model, decoded: readonly DecodedWeight[], source: string): void {
  const vars = model.weights;
  const weights = decoded.filter((w) => w.group !== 'optimizer');
  if (weights.length !== vars.length) {
    throw new SerializationError(`${source}: the file has ${weights.length} weights (${nameList(weights.map((w) => w.name)) || 'none'}) but model "${model.name}" has ${vars.length} (${nameList(vars.map((v) => v.path)) || 'none'})`);
  }
  const paired = pair(model, vars, weights, source);
  vars.forEach((v, i) => {
    const w = paired[i] as DecodedWeight;
    if (!sameShape(v.shape, w.shape)) {
      throw new SerializationError(`${source}: weight ${describe(w.name)} has shape [${w.shape.join(', ')}], but model weight ${v.path} expects [${v.shape.join(', ')}]`);
    }
    const declared = w.manifestDtype ?? w.dtype;
    if (v.dtype !== w.dtype || !(COMPATIBLE[v.dtype] ?? [v.dtype]).includes(declared)) {
      throw new SerializationError(`${source}: weight ${describe(w.name)} is ${describe(declared)} in the weights manifest, but model weight ${v.path} is ${v.dtype}; its bytes are not reinterpreted`);
    }
  });
  const tensors: Tensor[] = [];
  try {
    for (const w of paired) tensors.push(ops.tensor(w.values, w.shape, w.dtype));
    model.setWeights(tensors);
  } catch (e) {
    if (e instanceof ShapeError || !(e instanceof ValueError)) throw new SerializationError(`${source}: cannot assign the weights: ${e instanceof Error ? e.message.slice(0, 500) : describe(e)}`);
    throw e;
  } finally {
    ops.dispose(tensors);
  }
}
