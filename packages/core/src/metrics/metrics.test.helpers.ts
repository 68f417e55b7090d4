/** Shared helpers of the metric tests. */
import * as tf from '@tensorflow/tfjs-core';
import {expectNoLeaks} from '../testing/index.js';
import type {Metric} from './index.js';

/** `result()` as numbers (one for a scalar), freeing the tensor and checking nothing else is left. */
export async function resultValues(m: Metric): Promise<number[]> {
  let values: number[] = [];
  await expectNoLeaks(async () => {
    const r = m.result();
    values = Array.from(await r.data());
    r.dispose();
  });
  return values;
}

/** `result()` of a scalar metric. */
export async function resultOf(m: Metric): Promise<number> {
  const v = await resultValues(m);
  if (v.length !== 1) throw new Error(`expected a scalar result, got ${v.length} values`);
  return v[0] as number;
}

type Data = number[] | number[][] | number[][][];

function toTensor(d: Data | tf.Tensor): tf.Tensor {
  return d instanceof tf.Tensor ? d : tf.tensor(d);
}

/**
 * `updateState` on tensors built from arrays (or given), then frees them. Fails if the update leaves
 * tensors behind, other than state variables it creates (on a metric's first batch).
 */
export async function update(m: Metric, yt: Data | tf.Tensor, yp: Data | tf.Tensor, w: Data | tf.Tensor | null = null): Promise<void> {
  const [t, p] = [toTensor(yt), toTensor(yp)];
  const wt = w === null ? null : toTensor(w);
  try {
    const variables = (): number => Object.keys(tf.engine().registeredVariables).length;
    const [vars0, tensors0] = [variables(), tf.memory().numTensors];
    m.updateState(t, p, wt);
    const leaked = tf.memory().numTensors - tensors0 - (variables() - vars0);
    if (leaked > 0) throw new Error(`${m.name}: updateState left ${leaked} tensors behind`);
  } finally {
    tf.dispose([t, p]);
    if (wt !== null) wt.dispose();
  }
  await Promise.resolve();
}
