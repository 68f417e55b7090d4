/**
 * 2-D matMul with a gradient that is fast on the active backend: on wasm every product is a plain
 * matMul after explicit transposes (the flagged kernel is 10-20x slower there); elsewhere the flags.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {fastPath} from './backend-choice.js';
import {splitGradients} from './split-grad.js';

/**
 * `op(p) · op(q)` where op transposes when the flag is set, written the way the active backend runs
 * fastest (explicit transposes on wasm, kernel flags elsewhere).
 */
export function product(p: tf.Tensor2D, q: tf.Tensor2D, transposeP: boolean, transposeQ: boolean): tf.Tensor2D {
  if (fastPath() === 'wasm' && (transposeP || transposeQ)) {
    return tf.matMul(transposeP ? tf.transpose(p) : p, transposeQ ? tf.transpose(q) : q);
  }
  return tf.matMul(p, q, transposeP, transposeQ);
}

/**
 * Σ g over all but the last axis (a bias gradient). On cpu as a ones·g matMul: its Sum over a leading
 * axis transposes first, ~10x slower. (Not on wasm: its matMul packs the fresh [M, C] operand, which
 * costs more than Sum there.)
 */
export function biasGrad(g: tf.Tensor): tf.Tensor1D {
  const channels = g.shape[g.rank - 1] as number;
  const g2 = tf.reshape(g, [-1, channels]) as tf.Tensor2D;
  if (fastPath() !== 'cpu') return tf.sum(g2, 0);
  return tf.reshape(tf.matMul(tf.ones([1, g2.shape[0]]) as tf.Tensor2D, g2), [channels]);
}

/**
 * 2-D matrix product `op(a) · op(b)`, where op transposes its operand when the flag is set. Its
 * gradient is Stratum's own (explicit transposes on wasm) and computes each operand's gradient only
 * when that operand leads from the tensors being differentiated.
 *
 * @param a Left operand, [m, k] (or [k, m] with `transposeA`).
 * @param b Right operand, [k, n] (or [n, k] with `transposeB`).
 * @returns The [m, n] product.
 * @throws ShapeError when an operand is not rank 2 or the inner dimensions differ.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(`matMul: both operands must be rank 2, received shapes [${a.shape}] and [${b.shape}]`);
  }
  const inner = [transposeA ? a.shape[0] : a.shape[1], transposeB ? b.shape[1] : b.shape[0]];
  if (inner[0] !== inner[1]) {
    throw new ShapeError(`matMul: inner dimensions differ: [${a.shape}]${transposeA ? 'ᵀ' : ''} · [${b.shape}]${transposeB ? 'ᵀ' : ''}`);
  }
  return tf.tidy(() => splitGradients(
    () => product(a, b, transposeA, transposeB),
    [
      // C = op(A)·op(B) with G = dC:  dA = G·Bᵀ | G·B | B·Gᵀ | Bᵀ·Gᵀ  for (tA, tB) = ff | ft | tf | tt.
      {inputs: [a], keep: [b], backward: (g, [bk]) => [transposeA
        ? product(bk as tf.Tensor2D, g as tf.Tensor2D, transposeB, true)
        : product(g as tf.Tensor2D, bk as tf.Tensor2D, false, !transposeB)]},
      // dB = Aᵀ·G | Gᵀ·A | A·G | Gᵀ·Aᵀ
      {inputs: [b], keep: [a], backward: (g, [ak]) => [transposeB
        ? product(g as tf.Tensor2D, ak as tf.Tensor2D, true, transposeA)
        : product(ak as tf.Tensor2D, g as tf.Tensor2D, !transposeA, false)]},
    ],
    null,
  ) as tf.Tensor2D);
}
