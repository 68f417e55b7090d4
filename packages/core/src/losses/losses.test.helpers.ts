/** Shared helpers of the loss tests. */
import * as tf from '@tensorflow/tfjs-core';
import {expectClose, expectNoLeaks} from '../testing/index.js';
import type {Loss, Reduction} from './index.js';

/** `loss.call`, checking that only the result tensor is left behind. */
export async function lossValue(loss: Loss, yt: tf.Tensor, yp: tf.Tensor, w: tf.Tensor | null = null): Promise<tf.Tensor> {
  let out: tf.Tensor | null = null;
  await expectNoLeaks(() => {
    out = loss.call(yt, yp, w);
  }, 1);
  return out as unknown as tf.Tensor;
}

/** The value of a scalar tensor, which is then disposed. */
export async function valueOf(t: tf.Tensor): Promise<number> {
  const v = (await t.data())[0] as number;
  t.dispose();
  return v;
}

/**
 * Checks a loss against its expected per-sample values under every reduction, and with sample weights
 * 0, 1, 2, 0, 1, 2, … (Keras: weighted values summed, then divided by their number for the mean).
 */
export async function expectReductions(make: (reduction: Reduction) => Loss, yt: tf.Tensor, yp: tf.Tensor, perSample: number[], tol = 1e-5): Promise<void> {
  const n = perSample.length;
  const sum = perSample.reduce((a, b) => a + b, 0);
  const none = await lossValue(make('none'), yt, yp);
  await expectClose(none, perSample, tol, tol);
  const s = await lossValue(make('sum'), yt, yp);
  await expectClose(s, sum, tol, tol);
  const m = await lossValue(make('sum_over_batch_size'), yt, yp);
  if (m.shape.length !== 0) throw new Error(`expected a scalar loss, got shape [${m.shape.join(', ')}]`);
  await expectClose(m, sum / n, tol, tol);
  const weights = perSample.map((_, i) => i % 3);
  const w = tf.tensor1d(weights.slice(0, yt.shape[0]));
  const perRow = n / (yt.shape[0] as number);
  const weighted = perSample.reduce((acc, v, i) => acc + v * (weights[Math.floor(i / perRow)] as number), 0);
  const wm = await lossValue(make('sum_over_batch_size'), yt, yp, w);
  await expectClose(wm, weighted / n, tol, tol);
  tf.dispose([none, s, m, w, wm]);
}

/** Runs a test body with tensors it builds from arrays, freeing them afterwards. */
export async function withTensors(arrays: number[][][], body: (...ts: tf.Tensor2D[]) => Promise<unknown>): Promise<void> {
  const ts = arrays.map((a) => tf.tensor2d(a));
  try {
    await body(...ts);
  } finally {
    tf.dispose(ts);
  }
}
