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
import type {BackendName} from '../../backend/backend.js';

/** A family of formulations: one per backend kind. */
export type FastPath = 'wasm' | 'cpu' | 'generic';

/**
 * The formulation family of every backend Stratum can select. A `Record` over `BackendName`, so adding
 * a backend name there fails to compile until it is given a family here. A backend registered outside
 * Stratum (by name unknown here) gets `generic`: tfjs's own kernels, correct wherever they exist.
 */
const PATH_OF: Record<Exclude<BackendName, 'auto'>, FastPath> = {
  wasm: 'wasm',
  cpu: 'cpu',
  webgl: 'generic',
  webgpu: 'generic',
  tensorflow: 'generic',
};

const isKnown = (name: string): name is keyof typeof PATH_OF => Object.prototype.hasOwnProperty.call(PATH_OF, name);

let forced: FastPath | null = null;

/** The formulation for the backend active now. */
export function fastPath(): FastPath {
  if (forced !== null) return forced;
  const name = tf.getBackend();
  return isKnown(name) ? PATH_OF[name] : 'generic';
}

/**
 * The entry of `choices` for the backend active now. A `Record` over every family, so an op that picks
 * its formulation this way cannot leave a family out.
 */
export function perBackend<T>(choices: Record<FastPath, T>): T {
  return choices[fastPath()];
}

/**
 * Forces one formulation whatever the backend (`null` restores the automatic choice). For tests and
 * benchmarks only: every formulation is correct on every backend, but only fast on its own.
 */
export function forceFastPath(path: FastPath | null): void {
  forced = path;
}
