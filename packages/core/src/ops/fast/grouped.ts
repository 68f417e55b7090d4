/**
 * Grouped convolution (Keras `groups`): input channels and filters split into g consecutive groups,
 * group j's filters convolving only group j's channels, outputs concatenated in group order. Each group
 * is one ungrouped convolution of the op itself, so every group trains with the op's own backward
 * pass; the splits and the concatenation differentiate with stock slices.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';

/**
 * The number of groups, checked against the channels: `inC` = filterInC · groups and `outC` divisible
 * by groups. Throws naming `op` and the values that do not fit.
 */
export function checkGroups(op: string, groups: number | undefined, xShape: readonly number[], filterShape: readonly number[]): number {
  const g = groups ?? 1;
  if (!Number.isInteger(g) || g <= 0) throw new ValueError(`${op}: groups must be a positive integer, received ${describe(groups)}`);
  const inC = xShape[xShape.length - 1] as number;
  const filterInC = filterShape[filterShape.length - 2] as number;
  const outC = filterShape[filterShape.length - 1] as number;
  if (inC !== filterInC * g) {
    throw new ShapeError(`${op}: x has ${inC} channels ([${xShape}]) but the filter ([${filterShape}]) with groups ${g} expects ${filterInC * g}`);
  }
  if (outC % g !== 0) throw new ShapeError(`${op}: the filter's ${outC} output channels ([${filterShape}]) do not split into groups ${g}`);
  return g;
}

/**
 * `run` once per group on channel-last slices of x, the filter's output channels and the bias, the
 * results concatenated on the last axis. Call inside `tf.tidy`.
 */
export function byGroups<T extends tf.Tensor>(
  x: T, filter: tf.Tensor, bias: tf.Tensor1D | null, groups: number,
  run: (x: T, filter: tf.Tensor, bias: tf.Tensor1D | null) => T,
): T {
  const xs = tf.split(x, groups, x.rank - 1) as T[];
  const fs = tf.split(filter, groups, filter.rank - 1);
  const bs = bias === null ? null : tf.split(bias, groups, 0) as tf.Tensor1D[];
  const ys = xs.map((xg, j) => run(xg, fs[j] as tf.Tensor, bs === null ? null : bs[j] as tf.Tensor1D));
  return tf.concat(ys, x.rank - 1) as T;
}
