/** Sample statistics for the stochastic-layer tests (float64). */
import type {Tensor} from '@stratum/core';

/** Mean and (population) standard deviation of a list of numbers. */
export function meanStd(values: ArrayLike<number>): {mean: number; std: number} {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i] as number;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] as number) - mean) ** 2;
  return {mean, std: Math.sqrt(ss / n)};
}

/** Reads a tensor's values and frees it. */
export async function take(t: Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}
