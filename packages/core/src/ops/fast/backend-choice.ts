/**
 * Which formulation of the hot ops' forward and backward passes to use, decided per call from the
 * backend that is active then (`tf.getBackend()`), from measurements on tfjs 4.22 (PERFORMANCE.md):
 *
 * - `wasm`: matMul with `transposeA`/`transposeB` is 10-20x slower than an explicit `transpose` and a
 *   plain matMul; `Conv2DBackpropFilter` does not exist; `Conv2DBackpropInput`, `MaxPoolGrad` and
 *   `AvgPoolGrad` are slow (and MaxPoolGrad wrong for all-negative windows). So gradients use explicit
 *   transposes, forward XNNPACK convolutions (dX, and dW with batch and channels swapped) and
 *   broadcasting arithmetic (pooling).
 * - `cpu`: the flags cost nothing; `Conv2DBackpropFilter` is catastrophically slow (a minute per
 *   batch) and the pooling gradients are slow. So dW is an im2col (cropAndResize) matMul, max-pool
 *   gradients an argmax scatter, avg-pool gradients a resize or a depthwise conv.
 * - `generic` (webgl, webgpu, tensorflow, anything else): mostly tfjs's own backprop kernels.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A family of formulations: one per backend kind. */
export type FastPath = 'wasm' | 'cpu' | 'generic';

let forced: FastPath | null = null;

/** The formulation for the backend active now. */
export function fastPath(): FastPath {
  if (forced !== null) return forced;
  const name = tf.getBackend();
  if (name === 'wasm') return 'wasm';
  if (name === 'cpu') return 'cpu';
  return 'generic';
}

/**
 * Forces one formulation whatever the backend (`null` restores the automatic choice). For tests and
 * benchmarks only: every formulation is correct on every backend, but only fast on its own.
 */
export function forceFastPath(path: FastPath | null): void {
  forced = path;
}
