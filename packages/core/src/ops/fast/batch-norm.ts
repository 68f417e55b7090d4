/**
 * Batch normalization over the last (channel) axis with per-channel statistics, whose forward and
 * backward passes Stratum owns: `(x - mean) · scale / sqrt(variance + epsilon) + offset`.
 *
 * Written the way tfjs's layers write it (a broadcast multiply and add), it is slow on the cpu and wasm
 * backends, and so is tfjs's own gradient of `tf.batchNorm` (sums over leading axes, broadcasts).
 * Measured for x [32, 32, 32, 96] (tfjs 4.22, 2026-12-02, fresh tensors, ms median):
 * | | broadcast mul + add | FusedBatchNorm kernel, x as [M, C] | Sum over rows | ones-matMul over rows |
 * | cpu | 700-800 | 20-33 | 90-100 | 7 (ones · X) |
 * | wasm | 45-60 | 16-18 | 33 | 5 (Xᵀ · ones, flagged; ones · X packs X: 10) |
 * Inside a whole training step on wasm, though, its broadcasting arithmetic runs at 2-6 ms a pass (a
 * MobileNet block's step: ~600 ms with it, ~700 ms with the kernel). So every full-size per-channel
 * affine map here, forward and backward, is one `FusedBatchNorm` kernel on x seen as [M, C] on cpu
 * (with variance 1 and epsilon 0 it computes `(x - m) · s + o`) and broadcasting arithmetic elsewhere;
 * every sum over rows is a matMul with a ones vector (channelSums).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {perBackend} from './backend-choice.js';
import {recordingGradients, splitGradients, type GradSide} from './split-grad.js';

/** Per-channel parameters of {@link batchNormalize}: 1-D tensors with one value per channel of x. */
export interface BatchNormalizeArgs {
  mean: tf.Tensor;
  variance: tf.Tensor;
  /** Added after scaling (beta); none: 0. */
  offset?: tf.Tensor | null;
  /** Multiplies the normalized value (gamma); none: 1. */
  scale?: tf.Tensor | null;
  /** Added to the variance; default 1e-3 (Keras's). */
  epsilon?: number;
}

/**
 * Σ over all rows of x seen as [M, C]: a matMul with a ones vector (a leading-axis Sum transposes
 * first on cpu and wasm). On wasm the ones are the right operand (its matMul packs the right operand;
 * a constant one is packed once), on cpu the left.
 */
export function channelSums(x: tf.Tensor): tf.Tensor1D {
  const channels = x.shape[x.rank - 1] as number;
  const x2 = tf.reshape(x, [-1, channels]) as tf.Tensor2D;
  const rows = x2.shape[0];
  return perBackend<() => tf.Tensor1D>({
    wasm: () => tf.reshape(tf.matMul(x2, tf.ones([rows, 1]) as tf.Tensor2D, true, false), [channels]),
    cpu: () => tf.reshape(tf.matMul(tf.ones([1, rows]) as tf.Tensor2D, x2), [channels]),
    generic: () => tf.sum(x2, 0),
  })();
}

/**
 * `(x - shift) · factor + add` per channel (last axis), each a [C] vector: on cpu one full-size pass
 * of the FusedBatchNorm kernel with variance 1 and epsilon 0 on x as [M, C]; elsewhere broadcasting
 * arithmetic (`x · factor + (add - shift · factor)` when there is a factor).
 */
export function channelAffine(x: tf.Tensor, shift: tf.Tensor1D | null, factor: tf.Tensor1D | null, add: tf.Tensor1D | null): tf.Tensor {
  const channels = x.shape[x.rank - 1] as number;
  const kernel = (): tf.Tensor => {
    const x2 = tf.reshape(x, [-1, channels]) as tf.Tensor2D;
    const mean = shift ?? tf.zeros([channels]);
    const y = tf.batchNorm(x2, mean, tf.ones([channels]), add ?? undefined, factor ?? undefined, 0);
    return tf.reshape(y, x.shape);
  };
  const arithmetic = (): tf.Tensor => {
    if (factor === null) {
      const y = shift === null ? x : tf.sub(x, shift);
      return add === null ? y : tf.add(y, add);
    }
    const bias = shift === null ? add : tf.sub(add ?? tf.zeros([channels]), tf.mul(shift, factor));
    const y = tf.mul(x, factor);
    return bias === null ? y : tf.add(y, bias);
  };
  return perBackend({wasm: arithmetic, cpu: kernel, generic: arithmetic})();
}

function validate(x: tf.Tensor, named: Record<string, tf.Tensor | null>, epsilon: number): void {
  if (x.rank < 2) throw new ShapeError(`batchNormalize: x must have rank >= 2 (a batch of channel vectors), received shape [${x.shape}]`);
  const channels = x.shape[x.rank - 1] as number;
  for (const [name, t] of Object.entries(named)) {
    if (t !== null && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(`batchNormalize: ${name} must have shape [${channels}] (x's last axis), received [${t.shape}]`);
    }
  }
  if (!(epsilon >= 0) || !Number.isFinite(epsilon)) throw new ValueError(`batchNormalize: epsilon must be a finite number >= 0, received ${describe(epsilon)}`);
}

/**
 * Batch normalization with per-channel statistics over x's last axis:
 * `(x - mean) · scale / sqrt(variance + epsilon) + offset`.
 *
 * The forward pass is one full-size kernel on cpu and wasm (instead of a broadcast multiply and add),
 * and the backward pass is Stratum's own: dx, and the per-channel gradients (mean, variance, offset,
 * scale: two shared row sums, as matMuls), each group computed only when it leads from what is
 * differentiated.
 *
 * @param x Input, [..., C] (channels last).
 * @param args mean, variance (and optional offset, scale): [C] each; epsilon.
 * @returns The normalized tensor, x's shape.
 * @throws ShapeError when a parameter is not [C]; ValueError for a negative or non-finite epsilon.
 */
export function batchNormalize(x: tf.Tensor, args: BatchNormalizeArgs): tf.Tensor {
  const offset = args.offset ?? null;
  const scale = args.scale ?? null;
  const epsilon = args.epsilon ?? 1e-3;
  validate(x, {mean: args.mean, variance: args.variance, offset, scale}, epsilon);
  const mean = args.mean as tf.Tensor1D;
  const variance = args.variance as tf.Tensor1D;
  return tf.tidy(() => {
    // 1 / sqrt(variance + epsilon), and the per-channel factor scale / sqrt(variance + epsilon).
    const invStd = (v: tf.Tensor): tf.Tensor1D => tf.rsqrt(tf.add(v, epsilon)) as tf.Tensor1D;
    const factorOf = (v: tf.Tensor, s: tf.Tensor | null): tf.Tensor1D => (s === null ? invStd(v) : tf.mul(invStd(v), s as tf.Tensor1D));
    const input: GradSide = {
      inputs: [x],
      keep: scale === null ? [variance] : [variance, scale],
      backward: (g, [v, s]) => [channelAffine(g, null, factorOf(v as tf.Tensor, s ?? null), null)],
    };
    // One side for the per-channel parameters: in training mean and variance come from x and offset and
    // scale are weights, so all are asked for together, and they share the two row sums.
    const params = [mean, variance, offset, scale].filter((p): p is tf.Tensor1D => p !== null);
    const perChannel: GradSide = {
      inputs: params,
      keep: scale === null ? [x, mean, variance] : [x, mean, variance, scale],
      backward: (g, [xk, m, v, s]) => {
        const r = invStd(v as tf.Tensor);
        const sc = s ?? null;
        const sumG = channelSums(g);
        const sumGCentred = channelSums(tf.mul(g, channelAffine(xk as tf.Tensor, m as tf.Tensor1D, null, null)));
        const dMean = tf.neg(tf.mul(sumG, factorOf(v as tf.Tensor, sc)));
        // d/dv of (x - m) · s · (v + eps)^(-1/2) = -(x - m) · s · r³ / 2
        let dVar = tf.mul(sumGCentred, tf.mul(tf.pow(r, 3), -0.5));
        if (sc !== null) dVar = tf.mul(dVar, sc);
        const grads: tf.Tensor[] = [dMean, dVar];
        if (offset !== null) grads.push(sumG);
        if (scale !== null) grads.push(tf.mul(sumGCentred, r));
        return grads;
      },
    };
    const forward = (): tf.Tensor => perBackend<() => tf.Tensor>({
      wasm: () => channelAffine(x, mean, factorOf(variance, scale), offset as tf.Tensor1D | null),
      cpu: () => channelAffine(x, mean, factorOf(variance, scale), offset as tf.Tensor1D | null),
      generic: () => tf.batchNorm(x, mean, variance, offset ?? undefined, scale ?? undefined, epsilon),
    })();
    return splitGradients(forward, [input, perChannel], null);
  });
}

/**
 * Mean and (biased) variance of each channel (last axis) over all other axes, as Keras's
 * BatchNormalization computes them in training, with an own gradient:
 * `dx = dmean / M + dvariance · 2 (x - mean) / M` in one full-size pass (channelAffine). The
 * variance is two-pass (the mean of the squared centred values), sums over rows are matMuls.
 *
 * @param x Input, [..., C] (rank >= 2).
 * @returns mean and variance, [C] each.
 * @throws ShapeError for a rank below 2.
 */
export function channelMoments(x: tf.Tensor): {mean: tf.Tensor1D; variance: tf.Tensor1D} {
  if (x.rank < 2) throw new ShapeError(`channelMoments: x must have rank >= 2 (a batch of channel vectors), received shape [${x.shape}]`);
  const channels = x.shape[x.rank - 1] as number;
  const rows = x.size / channels;
  const forward = (xt: tf.Tensor): tf.Tensor2D => {
    const mean = tf.div(channelSums(xt), rows) as tf.Tensor1D;
    const centred = channelAffine(xt, mean, null, null);
    const variance = tf.div(channelSums(tf.square(centred)), rows) as tf.Tensor1D;
    return tf.stack([mean, variance]) as tf.Tensor2D;
  };
  const withGradient = (): tf.Tensor2D => {
    const node = tf.customGrad((...args: Array<tf.Tensor | ((ts: tf.Tensor[]) => void)>) => {
      const xt = args[0] as tf.Tensor;
      const save = args[args.length - 1] as (ts: tf.Tensor[]) => void;
      const value = forward(xt);
      save([xt, value]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, v] = saved as [tf.Tensor, tf.Tensor2D];
          const [dMean, dVar] = tf.unstack(dy) as [tf.Tensor1D, tf.Tensor1D];
          const mean = tf.reshape(tf.slice(v, [0, 0], [1, channels]), [channels]) as tf.Tensor1D;
          return [channelAffine(xs, mean, tf.mul(dVar, 2 / rows) as tf.Tensor1D, tf.div(dMean, rows) as tf.Tensor1D)];
        },
      };
    });
    return node(x) as tf.Tensor2D;
  };
  return tf.tidy(() => {
    const [mean, variance] = tf.unstack(recordingGradients() ? withGradient() : forward(x)) as [tf.Tensor1D, tf.Tensor1D];
    return {mean, variance};
  });
}
