/**
 * Decoded weights → a model's variables. Matched by name (`dense/kernel`; `:0` suffixes and RNN cell
 * scopes ignored) when the names line up, otherwise by position; every count and shape is checked before
 * the first variable is written, so a bad file leaves the model's weights as they were.
 */
import {SerializationError, ShapeError, describe, ops} from '@stratum/core';
import type {Tensor, Variable} from '@stratum/core';
import type {Model} from '../model.js';
import type {DecodedWeight} from './weights.js';

/** `dense/kernel:0` → `dense/kernel`; `lstm/lstm_cell/kernel` → `lstm/kernel`. */
export function normalizeWeightName(name: string): string {
  const parts = name.replace(/:\d+$/, '').split('/');
  return parts.filter((p, i) => i === 0 || i === parts.length - 1 || !/_cell(_\d+)?$/.test(p)).join('/');
}

/** Pairs each model variable with a decoded weight: by name when every name resolves uniquely, else in order. */
function pair(vars: readonly Variable[], weights: readonly DecodedWeight[]): DecodedWeight[] {
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
    return suffix.length === 1 ? (suffix[0] as DecodedWeight) : null;
  });
  const unique = new Set(found).size === found.length;
  if (found.every((w) => w !== null) && unique) return found as DecodedWeight[];
  return [...weights];
}

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
    throw new SerializationError(`${source}: the file has ${weights.length} weights (${weights.map((w) => w.name).join(', ') || 'none'}) but model "${model.name}" has ${vars.length} (${vars.map((v) => v.path).join(', ') || 'none'})`);
  }
  const paired = pair(vars, weights);
  vars.forEach((v, i) => {
    const w = paired[i] as DecodedWeight;
    if (!sameShape(v.shape, w.shape)) {
      throw new SerializationError(`${source}: weight ${describe(w.name)} has shape [${w.shape.join(', ')}], but model weight ${v.path} expects [${v.shape.join(', ')}]`);
    }
  });
  const tensors: Tensor[] = paired.map((w) => ops.tensor(w.values, w.shape, w.dtype));
  try {
    model.setWeights(tensors);
  } catch (e) {
    if (e instanceof ShapeError) throw new SerializationError(`${source}: ${e.message}`);
    throw e;
  } finally {
    ops.dispose(tensors);
  }
}
