/**
 * Row lookup (an embedding table's forward pass) whose backward pass Stratum owns: the stock gradient
 * of `gather` is `UnsortedSegmentSum`, which the wasm backend of tfjs 4.22 lacks.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {perBackend} from './backend-choice.js';
import {splitGradients} from './split-grad.js';

/**
 * The table gradient: the rows of g [n, d] summed into [vocab, d] at `indices` [n] (a scatter-add).
 * Measured for n = 4096, d = 64 (tfjs 4.22, 2026-12-02), ms for vocab 1k / 5k / 20k:
 * - wasm: `ScatterNd` (which sums duplicates): 0.5 / 16 / 41. UnsortedSegmentSum is missing; a one-hot
 *   matMul does n·vocab·d work.
 * - cpu: `ScatterNd` 2 / 8 / 43; tfjs's cpu UnsortedSegmentSum runs one masked sum per row: 70 s at 1k.
 * - generic: `UnsortedSegmentSum`, tfjs's own gradient (webgl, webgpu and tensorflow have the kernel).
 */
export function scatterRows(indices: tf.Tensor1D, g: tf.Tensor2D, vocab: number): tf.Tensor2D {
  const n = indices.shape[0];
  const d = g.shape[1];
  return perBackend<() => tf.Tensor2D>({
    wasm: () => tf.scatterND(tf.reshape(indices, [n, 1]), g, [vocab, d]),
    cpu: () => tf.scatterND(tf.reshape(indices, [n, 1]), g, [vocab, d]),
    generic: () => tf.unsortedSegmentSum(g, indices, vocab),
  })();
}

/**
 * The forward lookup. Measured for a [5000, 32] table and [256, 100] indices (tfjs 4.22, 2026-12-02,
 * ms median): wasm `GatherV2` 40-57, `GatherNd` 0.7-1; cpu `GatherV2` 80 with the indices as given,
 * 60 with them flattened, `GatherNd` 210-230.
 */
function lookup(table: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  return perBackend<() => tf.Tensor>({
    wasm: () => tf.gatherND(table, tf.expandDims(indices, -1)),
    cpu: () => tf.reshape(tf.gather(table, tf.reshape(indices, [-1]), 0), [...indices.shape, ...table.shape.slice(1)]),
    generic: () => tf.gather(table, indices, 0),
  })();
}

/**
 * Rows of `table` picked by `indices`: an embedding lookup, `out[i..., :] = table[indices[i...], :]`.
 *
 * The gradient flows to the table only (a scatter-add of the output gradient into the looked-up rows,
 * duplicates summed); indices are integers and get none. It trains on every backend, wasm included.
 * Indices outside [0, vocab) are not checked here (that would need a read-back): on cpu tfjs throws,
 * on other backends the rows are undefined.
 *
 * @param table The table, [vocab, ...rowShape] (rank >= 1); any dtype, differentiable when float32.
 * @param indices Row numbers, any shape, int32.
 * @returns [...indices.shape, ...rowShape].
 * @throws ShapeError for a scalar table, ValueError for indices that are not int32.
 */
export function gather(table: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  if (table.rank < 1) throw new ShapeError(`gather: table must have rank >= 1 ([vocab, ...]), received shape [${table.shape}]`);
  if (indices.dtype !== 'int32') throw new ValueError(`gather: indices must be int32, received dtype ${describe(indices.dtype)}`);
  // Only a float table can be differentiated: other dtypes (labels, say) are plain lookups.
  if (table.dtype !== 'float32') return tf.gather(table, indices, 0);
  const vocab = table.shape[0] as number;
  const rowShape = table.shape.slice(1);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => splitGradients(
    () => lookup(table, indices),
    [{
      inputs: [table],
      keep: [indices],
      backward: (g, [idx]) => {
        const flat = tf.reshape(idx as tf.Tensor, [-1]) as tf.Tensor1D;
        const rows = tf.reshape(g, [flat.shape[0], rowSize]) as tf.Tensor2D;
        return [tf.reshape(scatterRows(flat, rows, vocab), table.shape)];
      },
    }],
    null,
  ));
}
