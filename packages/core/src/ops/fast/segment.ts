/**
 * Segment reductions (graph networks' message aggregation): rows of `data` combined per segment id.
 * tfjs 4.22 has `unsortedSegmentSum` but no wasm kernel for it, no segment max or mean, and its
 * cpu kernel runs one masked sum per segment; so the sums here are a scatter-add (`ScatterNd`, which
 * wasm has) chosen per backend as for gather's gradient (gather.ts `scatterRows`), the max a
 * segmented scan, and every gradient Stratum's own (a gather), so all of them train on every backend.
 *
 * Ids outside [0, numSegments) are dropped (their rows reach no segment and get a zero gradient), as
 * Keras's torch, jax and numpy backends do: internally they go to an extra "dump" segment that is cut
 * off at the end.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {scatterRows} from './gather.js';
import {recordingGradients, splitGradients} from './split-grad.js';

/** data as [n, rowSize] rows with their ids, out-of-range ids moved to the dump segment `numSegments`. */
interface Rows {
  rows: tf.Tensor2D;
  safe: tf.Tensor1D;
  n: number;
  rowShape: number[];
  rowSize: number;
}

function validate(op: string, data: tf.Tensor, ids: tf.Tensor, numSegments: number, dtypes: readonly string[]): void {
  if (!dtypes.includes(data.dtype)) throw new ValueError(`${op}: data must be ${dtypes.join(' or ')}, received dtype ${describe(data.dtype)}`);
  if (ids.dtype !== 'int32') throw new ValueError(`${op}: segmentIds must be int32, received dtype ${describe(ids.dtype)}`);
  if (ids.rank < 1 || ids.rank > data.rank || ids.shape.some((s, i) => s !== data.shape[i])) {
    throw new ShapeError(`${op}: segmentIds (shape [${ids.shape}]) must have rank >= 1 and match the leading axes of data (shape [${data.shape}])`);
  }
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new ValueError(`${op}: numSegments must be a non-negative integer, received ${describe(numSegments)}`);
  }
}

/** Call inside tf.tidy. */
function asRows(data: tf.Tensor, ids: tf.Tensor, numSegments: number): Rows {
  const n = ids.size;
  const rowShape = data.shape.slice(ids.rank);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const flat = tf.reshape(ids, [n]) as tf.Tensor1D;
  const valid = tf.logicalAnd(tf.greaterEqual(flat, 0), tf.less(flat, numSegments));
  const safe = tf.where(valid, flat, tf.fill([n], numSegments, 'int32')) as tf.Tensor1D;
  return {rows: tf.reshape(data, [n, rowSize]) as tf.Tensor2D, safe, n, rowShape, rowSize};
}

/** Σ of rows per segment, [numSegments, rowSize] (the dump segment cut off). */
function sumRows(rows: tf.Tensor2D, safe: tf.Tensor1D, numSegments: number): tf.Tensor2D {
  return tf.slice(scatterRows(safe, rows, numSegments + 1), [0, 0], [numSegments, rows.shape[1]]);
}

/** Each row's segment's row of `perSegment` [numSegments, rowSize]; rows of dropped ids get zeros. */
function spread(perSegment: tf.Tensor2D, safe: tf.Tensor1D): tf.Tensor2D {
  return tf.gather(tf.concat([perSegment, tf.zeros([1, perSegment.shape[1]])], 0), safe) as tf.Tensor2D;
}

function emptyResult(numSegments: number, rowShape: number[], dtype: tf.DataType, fillValue: number): tf.Tensor {
  return tf.fill([numSegments, ...rowShape], fillValue, dtype);
}

/**
 * Sum of the rows of `data` per segment: `out[s] = Σ data[i]` over the i with `segmentIds[i] = s`,
 * segments without rows giving 0. Ids may come in any order; ids outside [0, numSegments) are dropped.
 * The same as tfjs's `unsortedSegmentSum`, but with a gradient with respect to data on every backend
 * (wasm has no UnsortedSegmentSum kernel) and a forward pass that is fast on cpu too.
 *
 * @param data Values, [...segmentIds.shape, ...rowShape]; float32 (differentiable) or int32.
 * @param segmentIds The segment of each row, int32, the shape of data's leading axes (usually [n]).
 * @param numSegments How many segments the result has (a number: Stratum never reads tensors back).
 * @returns [numSegments, ...rowShape].
 * @throws ValueError or ShapeError naming the argument that does not fit.
 */
export function unsortedSegmentSum(data: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  validate('unsortedSegmentSum', data, segmentIds, numSegments, ['float32', 'int32']);
  return tf.tidy(() => {
    const r = asRows(data, segmentIds, numSegments);
    if (r.n === 0 || r.rowSize === 0) return emptyResult(numSegments, r.rowShape, data.dtype, 0);
    const outShape = [numSegments, ...r.rowShape];
    if (data.dtype !== 'float32') return tf.reshape(sumRows(r.rows, r.safe, numSegments), outShape);
    return splitGradients(
      () => tf.reshape(sumRows(tf.reshape(data, [r.n, r.rowSize]) as tf.Tensor2D, r.safe, numSegments), outShape),
      [{
        inputs: [data],
        keep: [r.safe],
        backward: (g, [safe]) => [tf.reshape(spread(tf.reshape(g, [numSegments, r.rowSize]) as tf.Tensor2D, safe as tf.Tensor1D), data.shape)],
      }],
      null,
    );
  });
}

/**
 * Keras's `keras.ops.segment_sum`: the sum of the rows of `data` per segment (see
 * {@link unsortedSegmentSum}; empty segments give 0, ids outside [0, numSegments) are dropped).
 * `sorted` states that the ids are non-decreasing; a sum does not depend on the order, so it only
 * mirrors Keras's signature here. `numSegments` is required (Keras can infer it by reading the ids back).
 *
 * @param data Values, [n, ...rowShape] (or [...segmentIds.shape, ...rowShape]); float32 or int32.
 * @param segmentIds int32 ids, [n].
 * @param numSegments The number of segments.
 * @param sorted Whether the ids are sorted (accepted for Keras compatibility).
 * @returns [numSegments, ...rowShape].
 */
export function segmentSum(data: tf.Tensor, segmentIds: tf.Tensor, numSegments: number, sorted = false): tf.Tensor {
  void sorted;
  return unsortedSegmentSum(data, segmentIds, numSegments);
}

/**
 * The mean of the rows of `data` per segment (TF's `unsorted_segment_mean`): the segment sum divided
 * by the number of rows in the segment; empty segments give 0, ids outside [0, numSegments) are
 * dropped. Differentiable with respect to data on every backend.
 *
 * @param data Values, [n, ...rowShape] (or [...segmentIds.shape, ...rowShape]); float32.
 * @param segmentIds int32 ids, [n].
 * @param numSegments The number of segments.
 * @param sorted Whether the ids are sorted (accepted for Keras compatibility; a mean does not depend on it).
 * @returns [numSegments, ...rowShape].
 */
export function segmentMean(data: tf.Tensor, segmentIds: tf.Tensor, numSegments: number, sorted = false): tf.Tensor {
  void sorted;
  validate('segmentMean', data, segmentIds, numSegments, ['float32']);
  return tf.tidy(() => {
    const r = asRows(data, segmentIds, numSegments);
    if (r.n === 0 || r.rowSize === 0) return emptyResult(numSegments, r.rowShape, 'float32', 0);
    const counts = sumRows(tf.ones([r.n, 1]) as tf.Tensor2D, r.safe, numSegments);
    const sums = tf.reshape(unsortedSegmentSum(data, segmentIds, numSegments), [numSegments, r.rowSize]);
    return tf.reshape(tf.div(sums, tf.maximum(counts, 1)), [numSegments, ...r.rowShape]);
  });
}

/** Row order that sorts the ids ascending (topk of the negated ids; ids are exact in float32 below 2^24). */
function ascendingOrder(ids: tf.Tensor1D): tf.Tensor1D {
  return tf.topk(tf.neg(tf.cast(ids, 'float32')), ids.shape[0]).indices as tf.Tensor1D;
}

/**
 * [n, d]: +Infinity in the rows where `mask` [n] is true, -Infinity elsewhere. Built full-size as the
 * outer product of a ±Infinity column with a row of ones (a k = 1 matMul), because the ops that use it
 * are then same-shape: measured on [4096, 64] (2026-12), a `minimum` broadcasting an [n, 1] column
 * costs ~20 ms on wasm and ~50 ms on cpu, tf.where tiles its condition (~25 ms on wasm), and the
 * Select kernel's row-mask form is wrong on cpu.
 */
function infRows(mask: tf.Tensor1D, d: number): tf.Tensor2D {
  const n = mask.shape[0];
  const column = tf.reshape(tf.where(mask, tf.fill([n], Infinity), tf.fill([n], -Infinity)), [n, 1]) as tf.Tensor2D;
  return tf.matMul(column, tf.ones([1, d]));
}

/**
 * Max per segment of rows grouped by (non-decreasing) ids. A segmented Hillis-Steele scan leaves each
 * segment's max at its last row: log2(n) steps of "shift by s rows, and take the max with the shifted
 * row where it has the same id". The shifted rows are masked by a `minimum` with ±Infinity rows
 * ({@link infRows}). Then the last row of each segment is scattered to its segment and
 * every other row to the dump segment. Empty segments get -Infinity.
 */
function maxOfGrouped(rows: tf.Tensor2D, ids: tf.Tensor1D, numSegments: number): tf.Tensor2D {
  const [n, d] = rows.shape;
  let v = rows;
  for (let shift = 1; shift < n; shift *= 2) {
    const prevV = tf.concat([tf.fill([shift, d], -Infinity), tf.slice(v, [0, 0], [n - shift, d])], 0);
    const prevId = tf.concat([tf.fill([shift], -1, 'int32'), tf.slice(ids, [0], [n - shift])], 0);
    v = tf.maximum(v, tf.minimum(prevV, infRows(tf.equal(ids, prevId) as tf.Tensor1D, d))) as tf.Tensor2D;
  }
  const nextId = tf.concat([tf.slice(ids, [1], [n - 1]), tf.fill([1], -1, 'int32')], 0);
  const lastIds = tf.where(tf.notEqual(ids, nextId), ids, tf.fill([n], numSegments, 'int32')) as tf.Tensor1D;
  // Column d counts the rows placed in each segment: 1 where the segment has rows, 0 where it is empty.
  const placed = sumRows(tf.concat([v, tf.ones([n, 1])], 1) as tf.Tensor2D, lastIds, numSegments);
  const nonEmpty = tf.greater(tf.reshape(tf.slice(placed, [0, d], [numSegments, 1]), [numSegments]), 0) as tf.Tensor1D;
  return tf.minimum(tf.slice(placed, [0, 0], [numSegments, d]), infRows(nonEmpty, d)) as tf.Tensor2D;
}

/**
 * TF's gradient of a segment max: each segment's output gradient is shared equally among the rows
 * that attain the max (ties split it), other rows get 0.
 */
function maxGrad(dy: tf.Tensor2D, rows: tf.Tensor2D, y: tf.Tensor2D, safe: tf.Tensor1D, numSegments: number): tf.Tensor2D {
  const selected = tf.cast(tf.equal(rows, spread(y, safe)), 'float32') as tf.Tensor2D;
  const ties = sumRows(selected, safe, numSegments);
  return tf.mul(selected, spread(tf.div(dy, tf.maximum(ties, 1)) as tf.Tensor2D, safe)) as tf.Tensor2D;
}

/**
 * Keras's `keras.ops.segment_max`: the element-wise max of the rows of `data` per segment. Empty
 * segments give -Infinity (as Keras's jax, torch and numpy backends do; TF's gives the lowest float),
 * ids outside [0, numSegments) are dropped. The gradient with respect to data goes to the rows that
 * attain their segment's max, shared equally among ties (TF's rule), on every backend.
 *
 * @param data Values, [n, ...rowShape] (or [...segmentIds.shape, ...rowShape]); float32.
 * @param segmentIds int32 ids, [n].
 * @param numSegments The number of segments.
 * @param sorted Promises that the ids are non-decreasing, which skips a sort of the rows; with ids
 *   that are not sorted the result is then wrong (as in Keras, where it is a hint).
 * @returns [numSegments, ...rowShape].
 */
export function segmentMax(data: tf.Tensor, segmentIds: tf.Tensor, numSegments: number, sorted = false): tf.Tensor {
  validate('segmentMax', data, segmentIds, numSegments, ['float32']);
  return tf.tidy(() => {
    const r = asRows(data, segmentIds, numSegments);
    if (r.n === 0 || r.rowSize === 0) return emptyResult(numSegments, r.rowShape, 'float32', -Infinity);
    const outShape = [numSegments, ...r.rowShape];
    const forward = (rows: tf.Tensor2D): tf.Tensor2D => {
      if (sorted) return maxOfGrouped(rows, r.safe, numSegments);
      const order = ascendingOrder(r.safe);
      return maxOfGrouped(tf.gather(rows, order) as tf.Tensor2D, tf.gather(r.safe, order) as tf.Tensor1D, numSegments);
    };
    if (!recordingGradients()) return tf.reshape(forward(r.rows), outShape);
    const op = tf.customGrad((...args: Array<tf.Tensor | ((t: tf.Tensor[]) => void)>) => {
      const x = args[0] as tf.Tensor;
      const save = args[args.length - 1] as (t: tf.Tensor[]) => void;
      const rows = tf.reshape(x, [r.n, r.rowSize]) as tf.Tensor2D;
      const y = forward(rows);
      save([rows, y, r.safe]);
      return {
        value: tf.reshape(y, outShape),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [rowsK, yK, safeK] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
          return [tf.reshape(maxGrad(tf.reshape(dy, [numSegments, r.rowSize]) as tf.Tensor2D, rowsK, yK, safeK, numSegments), x.shape)];
        },
      };
    });
    return op(data);
  });
}
