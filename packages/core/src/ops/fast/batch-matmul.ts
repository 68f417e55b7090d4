/**
 * Batched matMul ([batch, m, k] · [batch, k, n]) with a gradient that is fast on the active backend:
 * on wasm every product is a plain BatchMatMul after explicit transposes (the flagged kernel is
 * 10-20x slower there, as for 2-D matMul); elsewhere the flags.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {perBackend} from './backend-choice.js';
import {splitGradients} from './split-grad.js';

const swapLast = (t: tf.Tensor3D): tf.Tensor3D => tf.transpose(t, [0, 2, 1]);

/** `op(p) · op(q)` per batch entry, op transposing the last two axes when its flag is set. */
function batchedProduct(p: tf.Tensor3D, q: tf.Tensor3D, transposeP: boolean, transposeQ: boolean): tf.Tensor3D {
  const explicit = perBackend({wasm: true, cpu: false, generic: false});
  if (explicit && (transposeP || transposeQ)) return tf.matMul(transposeP ? swapLast(p) : p, transposeQ ? swapLast(q) : q);
  return tf.matMul(p, q, transposeP, transposeQ);
}

/**
 * Batched matrix product: for each batch entry i, `op(a[i]) · op(b[i])`, where op swaps the last two
 * axes when the flag is set. The gradient is Stratum's own (explicit transposes on wasm) and computes
 * each operand's gradient only when that operand leads from the tensors being differentiated.
 *
 * @param a Left operand, [batch, m, k] (or [batch, k, m] with `transposeA`).
 * @param b Right operand, [batch, k, n] (or [batch, n, k] with `transposeB`).
 * @returns The [batch, m, n] products.
 * @throws ShapeError when an operand is not rank 3, the batch sizes differ or the inner dimensions differ.
 */
export function batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeA = false, transposeB = false): tf.Tensor3D {
  if (a.rank !== 3 || b.rank !== 3) {
    throw new ShapeError(`batchMatMul: both operands must be rank 3 ([batch, rows, columns]), received shapes [${a.shape}] and [${b.shape}]`);
  }
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(`batchMatMul: batch sizes differ: [${a.shape}] and [${b.shape}]`);
  const inner = [transposeA ? a.shape[1] : a.shape[2], transposeB ? b.shape[2] : b.shape[1]];
  if (inner[0] !== inner[1]) {
    throw new ShapeError(`batchMatMul: inner dimensions differ: [${a.shape}]${transposeA ? 'ᵀ' : ''} · [${b.shape}]${transposeB ? 'ᵀ' : ''}`);
  }
  return tf.tidy(() => splitGradients(
    () => batchedProduct(a, b, transposeA, transposeB),
    [
      // Per batch entry, as for 2-D matMul: dA = G·Bᵀ | G·B | B·Gᵀ | Bᵀ·Gᵀ  for (tA, tB) = ff | ft | tf | tt.
      {inputs: [a], keep: [b], backward: (g, [bk]) => [transposeA
        ? batchedProduct(bk as tf.Tensor3D, g as tf.Tensor3D, transposeB, true)
        : batchedProduct(g as tf.Tensor3D, bk as tf.Tensor3D, false, !transposeB)]},
      // dB = Aᵀ·G | Gᵀ·A | A·G | Gᵀ·Aᵀ
      {inputs: [b], keep: [a], backward: (g, [ak]) => [transposeB
        ? batchedProduct(g as tf.Tensor3D, ak as tf.Tensor3D, true, transposeA)
        : batchedProduct(ak as tf.Tensor3D, g as tf.Tensor3D, !transposeA, false)]},
    ],
    null,
  ) as tf.Tensor3D);
}
