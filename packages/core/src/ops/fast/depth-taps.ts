/**
 * The depth axis of 3-D convolutions folded into channels, so that a 3-D convolution is one 2-D
 * convolution (conv2d, with its per-backend backward pass) and a 3-D transposed convolution one 2-D
 * transposed convolution. Only pads, slices, reshapes, concatenations and sums, whose stock gradients
 * exist on every backend (tfjs 4.22's wasm backend has Conv3D kernels but they are plain loops, not
 * XNNPACK).
 */
import * as tf from '@tensorflow/tfjs-core';

/** One depth axis: kernel k, stride s, dilation d; output step o reads input o·s + i·d − before for tap i. */
export interface DepthAxis {
  k: number; s: number; d: number; before: number;
  /** Input and output depths. */
  inD: number; outD: number;
}

/** `t` ([N, L, R]) padded or cropped on axis 1 to rows [−before, −before + rows). */
function window(t: tf.Tensor3D, before: number, rows: number): tf.Tensor3D {
  const [n, len, r] = t.shape;
  const after = rows - len - before;
  let out = t;
  if (before > 0 || after > 0) out = tf.pad(out, [[0, 0], [Math.max(before, 0), Math.max(after, 0)], [0, 0]]);
  if (before < 0 || after < 0) out = tf.slice(out, [0, Math.max(-before, 0), 0], [n, rows, r]);
  return out;
}

/**
 * Every depth tap's input slices, channels tap-major: x [N, D, H, W, C] → [N·outD, H, W, k·C], channel
 * i·C + c holding x[n, o·s + i·d − before, h, w, c] (zero outside the input).
 */
export function gatherDepthTaps(x: tf.Tensor5D, a: DepthAxis): tf.Tensor4D {
  const [n, , h, w, c] = x.shape;
  const plane = h * w * c;
  if (a.k === 1 && a.s === 1 && a.before === 0 && a.outD === a.inD) return tf.reshape(x, [n * a.outD, h, w, c]);
  const image = window(tf.reshape(x, [n, a.inD, plane]), a.before, (a.k - 1) * a.d + a.outD * a.s);
  const taps: tf.Tensor2D[] = [];
  for (let i = 0; i < a.k; i++) {
    let t: tf.Tensor3D = tf.slice(image, [0, i * a.d, 0], [n, a.outD * a.s, plane]);
    if (a.s > 1) t = tf.slice(tf.reshape(t, [n, a.outD, a.s * plane]) as tf.Tensor3D, [0, 0, 0], [n, a.outD, plane]);
    taps.push(tf.reshape(t, [n * a.outD * h * w, c]));
  }
  return tf.reshape(a.k === 1 ? taps[0] as tf.Tensor2D : tf.concat(taps, 1), [n * a.outD, h, w, a.k * c]);
}

/**
 * The adjoint of gatherDepthTaps: y [N·inD, H, W, k·F] (tap-major channels) → [N, outD, H, W, F], where
 * tap i of input step j lands on output step j·s + i·d − before (contributions summed). For transposed
 * convolutions, whose input is the forward convolution's output.
 */
export function scatterDepthTaps(y: tf.Tensor4D, a: DepthAxis, n: number): tf.Tensor5D {
  const [, h, w, kf] = y.shape;
  const f = kf / a.k;
  const plane = h * w * f;
  const flat = tf.reshape(y, [n, a.inD, h * w, kf]);
  const rows = (a.k - 1) * a.d + a.inD * a.s;
  const placed: tf.Tensor3D[] = [];
  for (let i = 0; i < a.k; i++) {
    const tap = a.k === 1 ? flat : tf.slice(flat, [0, 0, 0, i * f], [n, a.inD, h * w, f]);
    let spread = tf.reshape(tap, [n, a.inD, plane]) as tf.Tensor3D;
    if (a.s > 1) spread = tf.reshape(tf.pad(tf.reshape(spread, [n, a.inD, 1, plane]), [[0, 0], [0, 0], [0, a.s - 1], [0, 0]]), [n, a.inD * a.s, plane]);
    placed.push(window(spread, i * a.d, rows));
  }
  const sum = placed.length === 1 ? placed[0] as tf.Tensor3D : tf.addN(placed);
  return tf.reshape(window(sum, -a.before, a.outD), [n, a.outD, h, w, f]);
}
