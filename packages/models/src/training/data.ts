/**
 * Data adapters: whatever the user passes to fit/evaluate/predict (tensors, nested number arrays, lists
 * of them for multi-input models, records keyed by input name) becomes lists of tensors aligned with the
 * model's inputs/outputs, and then batches. One batching path serves fit, evaluate and predict.
 */
import {ShapeError, Tensor, ValueError, describe, ops, tensor} from '@stratum/core';
import type {TensorLike} from '@stratum/core';

/** A tensor, or a (nested) number array that becomes one. */
export type ArrayLike = Tensor | TensorLike;
/** One input/output, a list (one per model input/output), or a record keyed by input/output name. */
export type DataInput = ArrayLike | ArrayLike[] | Record<string, ArrayLike>;

/** One batch: one tensor per model input and per output, and optional per-sample weights. */
export interface Batch {
  xs: Tensor[];
  ys: Tensor[];
  sampleWeight: Tensor | null;
  size: number;
}

/** Tensors built from user data; `owned` are the ones we created (and must dispose). */
export interface Converted {
  tensors: Tensor[];
  owned: Tensor[];
}

/**
 * Aligns user data with the model's `names` (inputs or outputs). `what` names the argument in errors.
 */
export function toTensors(data: DataInput, names: readonly string[], what: string): Converted {
  const owned: Tensor[] = [];
  const conv = (v: ArrayLike, label: string): Tensor => {
    if (v instanceof Tensor) return v;
    try {
      const t = tensor(v as TensorLike);
      owned.push(t);
      return t;
    } catch (e) {
      ops.dispose(owned);
      throw new ValueError(`${label} could not be turned into a tensor (${(e as Error).message}); received ${describe(v)}`);
    }
  };
  const kind = what === 'x' ? 'inputs' : 'outputs';
  let tensors: Tensor[];
  if (data instanceof Tensor || typeof data === 'number') {
    if (names.length > 1) throw new ValueError(`${what}: the model has ${names.length} ${kind} (${names.join(', ')}); pass a list or a record keyed by name, received ${describe(data)}`);
    tensors = [conv(data, what)];
  } else if (Array.isArray(data)) {
    if (names.length <= 1) {
      // one input: a tensor in a list of one, or a (nested) number array
      tensors = data.length === 1 && data[0] instanceof Tensor ? [data[0]] : [conv(data as ArrayLike, what)];
    } else {
      if (data.length !== names.length) throw new ValueError(`${what}: the model has ${names.length} ${kind} (${names.join(', ')}), received a list of ${data.length} arrays`);
      tensors = (data as ArrayLike[]).map((v, i) => conv(v, `${what}[${i}]`));
    }
  } else if (typeof data === 'object' && data !== null) {
    const rec = data as Record<string, ArrayLike>;
    const missing = names.filter((n) => !(n in rec));
    if (missing.length > 0) throw new ValueError(`${what}: missing data for ${missing.join(', ')}; received keys ${describe(Object.keys(rec))}, expected ${describe(names)}`);
    tensors = names.map((n) => conv(rec[n] as ArrayLike, `${what}.${n}`));
  } else {
    throw new ValueError(`${what}: expected a tensor, a number array, a list or a record of them, received ${describe(data)}`);
  }
  tensors.forEach((t, i) => {
    if (t.dtype === 'string') {
      ops.dispose(owned);
      const label = tensors.length > 1 ? `${what} (${kind.slice(0, -1)} ${describe(names[i])})` : what;
      throw new ValueError(`${label}: string data cannot be fed to a model; convert it to numbers first (e.g. with a lookup table), received ${describe(data)}`);
    }
  });
  return {tensors, owned};
}

/** Checks every array has the same number of samples; returns it. */
export function sampleCount(groups: Record<string, Tensor[]>): number {
  let n: number | null = null;
  let first = '';
  for (const [label, ts] of Object.entries(groups)) {
    ts.forEach((t, i) => {
      if (t.rank === 0) throw new ShapeError(`${label}[${i}] is a scalar; expected one row per sample`);
      const m = t.shape[0] as number;
      if (n === null) {
        n = m;
        first = `${label}[${i}]`;
      } else if (m !== n) {
        throw new ValueError(`${label}[${i}] has ${m} samples but ${first} has ${n}: inputs, targets and weights must have the same number of samples`);
      }
    });
  }
  return n ?? 0;
}

/** Rows [start, end) of every tensor. */
export function sliceRows(ts: readonly Tensor[], start: number, end: number): Tensor[] {
  return ts.map((t) => ops.slice(t, [start], [end - start]));
}

/** Batches over `n` samples; with `shuffle`, a fresh permutation each call. */
export function* batches(xs: Tensor[], ys: Tensor[], sampleWeight: Tensor | null, n: number, batchSize: number, shuffle: boolean): Generator<Batch> {
  const order = shuffle ? ops.tensor(permutation(n), [n], 'int32') : null;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      if (order === null) {
        yield {xs: sliceRows(xs, start, end), ys: sliceRows(ys, start, end), sampleWeight: sampleWeight === null ? null : ops.slice(sampleWeight, [start], [end - start]), size: end - start};
      } else {
        const idx = ops.slice(order, [start], [end - start]);
        const take = (t: Tensor): Tensor => ops.gather(t, idx);
        const batch = {xs: xs.map(take), ys: ys.map(take), sampleWeight: sampleWeight === null ? null : take(sampleWeight), size: end - start};
        // Freed before yielding: a consumer that stops early (error, stopTraining) never resumes us.
        idx.dispose();
        yield batch;
      }
    }
  } finally {
    order?.dispose();
  }
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const tmp = p[i] as number;
    p[i] = p[j] as number;
    p[j] = tmp;
  }
  return p;
}

/** Frees the tensors of a batch that were created for it. */
export function disposeBatch(b: Batch): void {
  ops.dispose([...b.xs, ...b.ys]);
  b.sampleWeight?.dispose();
}
