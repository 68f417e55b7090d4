/**
 * Numeric test helpers: compare tensors to independently derived values, and compute central
 * difference gradients to check analytic ones.
 */
import * as tf from '@tensorflow/tfjs-core';

export type NumArray = number | NumArray[];

function flat(v: NumArray): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

/**
 * Asserts that `actual` equals `expected` element-wise within `atol + rtol * |expected|`.
 * `expected` is a (nested) number array or another tensor; shapes must match when both are tensors.
 */
export async function expectClose(actual: tf.Tensor, expected: tf.Tensor | NumArray, atol = 1e-5, rtol = 1e-5): Promise<void> {
  const a = Array.from(await actual.data());
  let e: number[];
  if (expected instanceof tf.Tensor) {
    if (!tf.util.arraysEqual(actual.shape, expected.shape)) {
      throw new Error(`shape mismatch: actual [${actual.shape}] vs expected [${expected.shape}]`);
    }
    e = Array.from(await expected.data());
  } else {
    e = flat(expected);
  }
  if (a.length !== e.length) throw new Error(`size mismatch: actual has ${a.length} values, expected ${e.length}`);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs((a[i] as number) - (e[i] as number));
    const ok = err <= atol + rtol * Math.abs(e[i] as number) || (Number.isNaN(a[i]) && Number.isNaN(e[i]));
    if (!ok && err > worstErr) {
      worst = i;
      worstErr = err;
    }
  }
  if (worst >= 0) {
    throw new Error(`values differ at flat index ${worst}: actual ${a[worst]}, expected ${e[worst]} (|diff| ${worstErr}, atol ${atol}, rtol ${rtol})`);
  }
}

/**
 * Central-difference gradient of the scalar function `f` with respect to `x`, computed on the CPU in
 * float64 around float32 evaluations. `f` must return a scalar tensor; it is called 2·size times.
 */
export async function numericGradient(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, eps = 1e-2): Promise<Float64Array> {
  const base = Float64Array.from(await x.data());
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i] = (base[i] as number) + eps;
    minus[i] = (base[i] as number) - eps;
    const fp = tf.tidy(() => f(tf.tensor(plus, x.shape)));
    const fm = tf.tidy(() => f(tf.tensor(minus, x.shape)));
    const [vp, vm] = [(await fp.data())[0] as number, (await fm.data())[0] as number];
    fp.dispose();
    fm.dispose();
    out[i] = (vp - vm) / (2 * eps);
  }
  return out;
}
