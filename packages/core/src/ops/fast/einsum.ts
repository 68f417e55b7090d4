/**
 * Einstein summation built from transposes, reshapes, sums and Stratum's {@link batchMatMul}, so that
 * its gradient is those ops' gradients and it trains on every backend: tfjs 4.22's `einsum` supports
 * only some equations, and the wasm backend has no `Einsum` kernel at all.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../../errors.js';
import {batchMatMul} from './batch-matmul.js';
import {parseEinsum, type EinsumSpec} from './einsum-equation.js';

/** A tensor with one index letter per axis. */
interface Term {
  x: tf.Tensor;
  letters: string[];
}

const sizeOf = (spec: EinsumSpec, letters: string[]): number[] => letters.map((c) => spec.sizes.get(c) as number);
const product = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);
const isIdentity = (perm: number[]): boolean => perm.every((p, i) => p === i);

function transposeTo(t: Term, order: string[]): tf.Tensor {
  const perm = order.map((c) => t.letters.indexOf(c));
  return isIdentity(perm) ? t.x : tf.transpose(t.x, perm);
}

/**
 * Takes the diagonal of every letter repeated within the term (`ii` -> `i`: a product with an identity
 * mask, then a sum over the second axis), then sums out the letters not in `keep`.
 */
function reduceTerm(t: Term, keep: Set<string>, spec: EinsumSpec): Term {
  let {x} = t;
  const letters = [...t.letters];
  for (let q = 0; q < letters.length; q++) {
    const p = letters.indexOf(letters[q] as string);
    if (p === q) continue;
    const d = spec.sizes.get(letters[q] as string) as number;
    const maskShape = letters.map((_, axis) => (axis === p || axis === q ? d : 1));
    x = tf.sum(tf.mul(x, tf.reshape(tf.eye(d), maskShape)), q);
    letters.splice(q, 1);
    q--;
  }
  const drop = letters.map((c, axis) => (keep.has(c) ? -1 : axis)).filter((axis) => axis >= 0);
  if (drop.length > 0) x = tf.sum(x, drop);
  return {x, letters: letters.filter((c) => keep.has(c))};
}

/**
 * One operand in the [batch, free, contracted] layout of a batched matMul (or [batch, contracted,
 * free] when that is how its axes already lie: the product's transpose flag then replaces a transpose).
 */
function asMatrix(t: Term, batch: string[], free: string[], contracted: string[], freeFirst: boolean, spec: EinsumSpec): {m: tf.Tensor3D; transposed: boolean} {
  const rows = product(sizeOf(spec, free));
  const inner = product(sizeOf(spec, contracted));
  const nBatch = product(sizeOf(spec, batch));
  const natural = freeFirst ? [...batch, ...free, ...contracted] : [...batch, ...contracted, ...free];
  const flipped = freeFirst ? [...batch, ...contracted, ...free] : [...batch, ...free, ...contracted];
  const asIs = (order: string[]): boolean => order.every((c, i) => t.letters[i] === c);
  const useFlip = !asIs(natural) && asIs(flipped);
  const x = useFlip ? t.x : transposeTo(t, natural);
  const firstIsFree = freeFirst !== useFlip;
  const shape: [number, number, number] = firstIsFree ? [nBatch, rows, inner] : [nBatch, inner, rows];
  return {m: tf.reshape(x, shape) as tf.Tensor3D, transposed: useFlip};
}

const sameOrder = (p: string[], q: string[]): boolean => p.length === q.length && p.every((c, i) => q[i] === c);

/**
 * The product of two terms, keeping the letters in `keepAfter` (needed later or in the output). The
 * product comes out as [batch, a's free, b's free]; for the last contraction (`output` given) the
 * groups are ordered as in the output, and the operands swapped, when that makes the product the
 * output itself (no final transpose: for attention's 'aecd,abcd->acbe', say).
 */
function contract(a0: Term, b0: Term, keepAfter: Set<string>, spec: EinsumSpec, output: string[] | null): Term {
  const a = reduceTerm(a0, new Set([...b0.letters, ...keepAfter]), spec);
  const b = reduceTerm(b0, new Set([...a.letters, ...keepAfter]), spec);
  const shared = a.letters.filter((c) => b.letters.includes(c));
  let batch = shared.filter((c) => keepAfter.has(c));
  const contracted = shared.filter((c) => !keepAfter.has(c));
  let aFree = a.letters.filter((c) => !shared.includes(c));
  let bFree = b.letters.filter((c) => !shared.includes(c));
  let [left, right] = [a, b];
  if (output !== null) {
    const byOutput = (g: string[]): string[] => [...g].sort((p, q) => output.indexOf(p) - output.indexOf(q));
    const [bo, ao, fo] = [byOutput(batch), byOutput(aFree), byOutput(bFree)];
    if (sameOrder([...bo, ...ao, ...fo], output)) {
      [batch, aFree, bFree] = [bo, ao, fo];
    } else if (sameOrder([...bo, ...fo, ...ao], output)) {
      [batch, aFree, bFree, left, right] = [bo, fo, ao, b, a];
    }
  }
  const l = asMatrix(left, batch, aFree, contracted, true, spec);
  const r = asMatrix(right, batch, bFree, contracted, false, spec);
  const y = batchMatMul(l.m, r.m, l.transposed, r.transposed);
  const letters = [...batch, ...aFree, ...bFree];
  return {x: tf.reshape(y, sizeOf(spec, letters)), letters};
}

/**
 * Einstein summation over index letters, with numpy's and Keras's (`keras.ops.einsum`) semantics:
 * `'ij,jk->ik'` is a matrix product, `'bij,bjk->bik'` a batched one, `'ij->ji'` a transpose,
 * `'ii->i'` a diagonal, `'ii->'` a trace, `'ij->i'` a row sum, and multi-head attention's
 * `'abc,cde->abde'`, `'aecd,abcd->acbe'` and `'acbe,aecd->abcd'` projections and products. Letters in
 * several operands but not in the output are summed over; without `->` the output is the letters that
 * occur exactly once, in alphabetical order. More than two operands are contracted left to right.
 *
 * It is computed with transposes, reshapes, sums and {@link batchMatMul} (which owns a gradient that
 * is fast on the active backend), so its gradient with respect to every operand exists on every
 * backend, wasm included. Ellipsis (`...`) is not supported: name every axis.
 *
 * @param equation The subscripts, e.g. `'abc,cde->abde'`.
 * @param operands One float32 tensor per comma-separated term, each with one axis per letter; a
 *   letter has the same size wherever it occurs.
 * @returns The tensor whose axes are the output letters.
 * @throws ValueError for a malformed equation or a non-float32 operand; ShapeError when an operand's
 *   rank differs from its term's length or a letter has two sizes.
 */
export function einsum(equation: string, ...operands: tf.Tensor[]): tf.Tensor {
  if (operands.length === 0) throw new ValueError(`einsum: no operands for equation ${describe(equation)}`);
  operands.forEach((o, i) => {
    if (o.dtype !== 'float32') throw new ValueError(`einsum: operand ${i} must be float32, received dtype ${describe(o.dtype)}`);
  });
  const spec = parseEinsum(equation, operands.map((o) => o.shape));
  const terms: Term[] = operands.map((x, i) => ({x, letters: spec.inputs[i] as string[]}));
  return tf.tidy(() => {
    let acc = terms[0] as Term;
    for (let i = 1; i < terms.length; i++) {
      const later = new Set([...terms.slice(i + 1).flatMap((t) => t.letters), ...spec.output]);
      acc = contract(acc, terms[i] as Term, later, spec, i === terms.length - 1 ? spec.output : null);
    }
    const final = reduceTerm(acc, new Set(spec.output), spec);
    const y = transposeTo(final, spec.output);
    // A bare operand (say 'ij->ij') must come back as a new tensor: tidy keeps and returns the input.
    return y === operands[0] ? tf.clone(y) : y;
  });
}
