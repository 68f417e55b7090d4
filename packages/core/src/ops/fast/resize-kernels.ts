/**
 * Image resampling by separable per-axis linear maps: bicubic, area, Lanczos, Gaussian, Mitchell-cubic
 * and antialiased bilinear, weighted as TensorFlow weighs them (resize-weights.ts).
 *
 * Each such resize is `y[b, o, p, c] = Σ_i Σ_j H[o, i] · W[p, j] · x[b, i, j, c]`, applied along height
 * and then width as matMuls, with H and W built in JavaScript from the sizes (no data is read back). Its
 * gradient is the same kind of map with the transposed weights (also built in JavaScript): again plain
 * matMuls, with no transposed operand (slow on wasm), so forward and backward run on every backend.
 *
 * H and W are banded (each output reads a span of a few pixels). Per backend (backend-choice.ts):
 * - `wasm`, `generic`: one dense matMul per axis (XNNPACK and GPU matMuls are fast, and one op beats
 *   many small ones);
 * - `cpu`: the pure-JS matMul costs in·out per pixel column when dense, so the outputs go in blocks of
 *   16, each a matMul with just the input rows its block reads: about out·(16·in/out + span).
 *   Bicubic on 8 RGB 224x224 images (tfjs 4.22, shared 2-core machine): to 112x112, 0.53 s dense and
 *   0.25-0.33 s in blocks; to 448x448, 3.3 s dense and 0.9 s in blocks (the transposes that bring each
 *   axis to the front are most of the rest). On wasm, dense: 20-40 ms and 0.2 s.
 */
import * as tf from '@tensorflow/tfjs-core';
import {perBackend} from './backend-choice.js';
import {isIdentity, resamplingRows, transposeRows} from './resize-weights.js';
import type {MatrixMethod, SpanRow} from './resize-weights.js';
import {splitGradients} from './split-grad.js';

export type {MatrixMethod} from './resize-weights.js';

/** Outputs `first .. first + count - 1` of a map read inputs `lo .. lo + range - 1` with weights m [count, range]. */
interface Block {
  lo: number;
  range: number;
  count: number;
  m: Float32Array;
}

/** One axis's map as blocks of consecutive outputs (null: the identity). */
type AxisMap = Block[] | null;

/** `rows` in blocks of `size` outputs. */
function blocksOf(rows: SpanRow[], size: number): Block[] {
  const blocks: Block[] = [];
  for (let first = 0; first < rows.length; first += size) {
    const group = rows.slice(first, first + size);
    const lo = Math.min(...group.map((r) => r.start));
    const hi = Math.max(...group.map((r) => r.start + r.weights.length));
    const m = new Float32Array(group.length * (hi - lo));
    group.forEach((r, o) => r.weights.forEach((v, k) => {
      m[o * (hi - lo) + r.start + k - lo] = v;
    }));
    blocks.push({lo, range: hi - lo, count: group.length, m});
  }
  return blocks;
}

/** y [out, rest] from x [in, rest] (the mapped axis leading). */
function mapLeading(x: tf.Tensor2D, blocks: Block[]): tf.Tensor2D {
  const [n, rest] = x.shape;
  const parts = blocks.map((b) => {
    const rows = b.lo === 0 && b.range === n ? x : tf.slice(x, [b.lo, 0], [b.range, rest]);
    return tf.matMul(tf.tensor2d(b.m, [b.count, b.range]), rows);
  });
  return (parts.length === 1 ? parts[0] : tf.concat(parts, 0)) as tf.Tensor2D;
}

/** The forward and backward maps of one axis. */
function axisMaps(inSize: number, outSize: number, method: MatrixMethod, antialias: boolean): {forward: AxisMap; backward: AxisMap} {
  const rows = resamplingRows(inSize, outSize, method, antialias);
  if (isIdentity(rows, inSize)) return {forward: null, backward: null};
  const adjoint = transposeRows(rows, inSize);
  const blockSize = perBackend({wasm: Infinity, generic: Infinity, cpu: 16});
  return {forward: blocksOf(rows, blockSize), backward: blocksOf(adjoint, blockSize)};
}

/** Maps axis 1 of x [b, h, w, c] by `h` and then axis 2 by `w` (each moved to the front for its matMuls). */
function separable(x: tf.Tensor4D, h: AxisMap, w: AxisMap): tf.Tensor4D {
  const [b, rows, cols, c] = x.shape;
  if (h === null && w === null) return tf.clone(x);
  // [h, b, w, c] with height mapped.
  let hbwc: tf.Tensor4D;
  if (h === null) {
    hbwc = tf.transpose(x, [1, 0, 2, 3]);
  } else {
    const lead = b === 1 ? tf.reshape(x, [rows, cols * c]) : tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [rows, b * cols * c]);
    const mapped = mapLeading(lead as tf.Tensor2D, h);
    hbwc = tf.reshape(mapped, [mapped.shape[0], b, cols, c]);
  }
  const oh = hbwc.shape[0];
  if (w === null) return tf.transpose(hbwc, [1, 0, 2, 3]);
  const lead = tf.reshape(tf.transpose(hbwc, [2, 1, 0, 3]), [cols, b * oh * c]) as tf.Tensor2D;
  const mapped = mapLeading(lead, w);
  return tf.transpose(tf.reshape(mapped, [mapped.shape[0], b, oh, c]), [1, 2, 0, 3]);
}

/**
 * Resizes float32 images [batch, height, width, channels] to `size` with `method`, differentiably on
 * every backend (forward and gradient are the same separable maps, the gradient's transposed).
 */
export function resample(images: tf.Tensor4D, size: readonly [number, number], method: MatrixMethod, antialias: boolean): tf.Tensor4D {
  const [, h, w] = images.shape;
  const mh = axisMaps(h, size[0], method, antialias);
  const mw = axisMaps(w, size[1], method, antialias);
  return tf.tidy(() => splitGradients(
    () => separable(images, mh.forward, mw.forward),
    [{inputs: [images], keep: [], backward: (g) => [separable(g as tf.Tensor4D, mh.backward, mw.backward)]}],
    null,
  )) as tf.Tensor4D;
}
