/**
 * 3-D convolution and 3-D transposed convolution as one 2-D (transposed) convolution over the depth
 * taps folded into channels (depth-taps.ts): forward XNNPACK on wasm, and the per-backend backward
 * passes of conv2d / convTranspose2d (tfjs 4.22's wasm Conv3D kernels are plain loops, and tfjs's conv3d
 * gradient supports no dilation).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {FUSED_ACTIVATIONS, activate} from './activation.js';
import {perBackend} from './backend-choice.js';
import {axis} from './conv-geometry.js';
import {conv2d} from './conv2d.js';
import {convTranspose2dChecked, transposeAxis, transposeSetup, tuple} from './conv-transpose.js';
import {gatherDepthTaps, scatterDepthTaps} from './depth-taps.js';
import {byGroups, checkGroups} from './grouped.js';
import type {Conv3DOptions, ConvTransposeOptions, FusedActivation} from './types.js';

function checkActivation(op: string, activation: FusedActivation): void {
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`${op}: unknown activation ${describe(activation)}; expected one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
}

/** [kD, kH, kW, C, F] → [kH, kW, kD·C, F], the depth taps folded tap-major into the input channels. */
function foldFilter(filter: tf.Tensor5D): tf.Tensor4D {
  const [kD, kH, kW, c, f] = filter.shape;
  return tf.reshape(tf.transpose(filter, [1, 2, 0, 3, 4]), [kH, kW, kD * c, f]);
}

function conv3dUngrouped(x: tf.Tensor5D, filter: tf.Tensor5D, o: Conv3DOptions, s: number[], d: number[]): tf.Tensor5D {
  const padding = o.padding ?? 'valid';
  const [n, inD, h, w] = x.shape;
  const [kD, kH, kW] = filter.shape;
  const [outD, before] = axis(inD, kD, s[0] as number, d[0] as number, padding);
  const [outH] = axis(h, kH, s[1] as number, d[1] as number, padding);
  const [outW] = axis(w, kW, s[2] as number, d[2] as number, padding);
  if (outD <= 0 || outH <= 0 || outW <= 0) {
    throw new ShapeError(`conv3d: a [${[kD, kH, kW]}] window (dilations [${d}]) does not fit in input [${x.shape}] with padding 'valid'`);
  }
  // tfjs's own Conv3D (and its gradient, which has no dilation) is 2-4x faster than the folded conv2d
  // on cpu; on wasm it is plain loops, 5-9x slower than the folded XNNPACK conv2d (8×8×16×16×8 input,
  // 3×3×3 kernel to 16 filters, 'same'; forward, forward+dW, forward+dX; tfjs 4.22, 2026-12-02).
  const undilated = d.every((e) => e === 1);
  if (perBackend({wasm: false, cpu: undilated, generic: undilated})) {
    let z: tf.Tensor5D = tf.conv3d(x, filter, s as [number, number, number], padding);
    if (o.bias !== undefined && o.bias !== null) z = tf.add(z, o.bias);
    return activate(z, o.activation ?? 'linear') as tf.Tensor5D;
  }
  const taps = gatherDepthTaps(x, {k: kD, s: s[0] as number, d: d[0] as number, before, inD, outD});
  const y = conv2d(taps, foldFilter(filter), {
    strides: [s[1] as number, s[2] as number], dilations: [d[1] as number, d[2] as number], padding,
    bias: o.bias ?? null, activation: o.activation ?? 'linear',
  });
  return tf.reshape(y, [n, outD, y.shape[1], y.shape[2], y.shape[3]]);
}

/**
 * 3-D convolution, NDHWC input, filter [kD, kH, kW, inC / groups, outC], with optional fused bias and
 * activation and Keras `groups`. Padding follows TF ('same': the smaller half before); strides and
 * dilations cannot both exceed 1.
 *
 * On wasm the depth taps are folded into channels (k_D copies of the input), so the whole op is one
 * conv2d: its forward pass and per-backend backward pass (it trains on wasm), dX only when x leads from
 * the tensors being differentiated, dW and db only when the weights do. On cpu and other backends
 * without dilation, tfjs's own conv3d and its gradient (faster there).
 *
 * @param x Input, [batch, depth, height, width, inC].
 * @param filter Weights, [kD, kH, kW, inC / groups, outC].
 * @param options strides, padding, dilations, bias [outC], activation, groups.
 * @returns [batch, outD, outH, outW, outC].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function conv3d(x: tf.Tensor5D, filter: tf.Tensor5D, options: Conv3DOptions = {}): tf.Tensor5D {
  if (x.rank !== 5) throw new ShapeError(`conv3d: x must be rank 5 (NDHWC), received shape [${x.shape}]`);
  if (filter.rank !== 5) throw new ShapeError(`conv3d: filter must be rank 5 [kD, kH, kW, inC, outC], received shape [${filter.shape}]`);
  const activation = options.activation ?? 'linear';
  checkActivation('conv3d', activation);
  const bias = options.bias ?? null;
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== filter.shape[4])) {
    throw new ShapeError(`conv3d: bias must have shape [${filter.shape[4]}], received [${bias.shape}]`);
  }
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(`conv3d: padding must be 'valid' or 'same', received ${describe(padding)}`);
  const s = tuple(options.strides, 3, 1, 'strides', 'conv3d');
  const d = tuple(options.dilations, 3, 1, 'dilations', 'conv3d');
  if (s.some((e) => e > 1) && d.some((e) => e > 1)) {
    throw new ValueError(`conv3d: strides and dilations cannot both exceed 1, received strides [${s}] and dilations [${d}]`);
  }
  const groups = checkGroups('conv3d', options.groups, x.shape, filter.shape);
  return tf.tidy(() => (groups === 1
    ? conv3dUngrouped(x, filter, options, s, d)
    : byGroups(x, filter, bias, groups, (xg, fg, bg) => conv3dUngrouped(xg, fg as tf.Tensor5D, {...options, bias: bg}, s, d))));
}

/**
 * 3-D transposed convolution, NDHWC, filter [kD, kH, kW, filters, inC] (Keras's Conv3DTranspose
 * kernel), with optional bias and activation: the adjoint of conv3d. Output sizes per axis as
 * convTranspose2d's (Keras's rules, `outputPadding` each < its stride).
 *
 * One convTranspose2d over height and width with the depth taps folded into its output channels, then
 * each tap's slice placed at its depth and summed (depth-taps.ts): it trains on every backend.
 *
 * @param x Input, [batch, depth, height, width, inC].
 * @param filter Weights, [kD, kH, kW, filters, inC].
 * @param options strides, padding, dilations, outputPadding, bias [filters], activation.
 * @returns [batch, outD, outH, outW, filters].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function convTranspose3d(x: tf.Tensor5D, filter: tf.Tensor5D, options: ConvTransposeOptions<[number, number, number]> = {}): tf.Tensor5D {
  if (x.rank !== 5) throw new ShapeError(`convTranspose3d: x must be rank 5 (NDHWC), received shape [${x.shape}]`);
  if (filter.rank !== 5) throw new ShapeError(`convTranspose3d: filter must be rank 5 [kD, kH, kW, filters, inC], received shape [${filter.shape}]`);
  if (x.shape[4] !== filter.shape[4]) {
    throw new ShapeError(`convTranspose3d: x has ${x.shape[4]} channels ([${x.shape}]) but the filter expects ${filter.shape[4]} ([${filter.shape}])`);
  }
  const activation = options.activation ?? 'linear';
  checkActivation('convTranspose3d', activation);
  const bias = options.bias ?? null;
  const [kD, kH, kW, filters, inC] = filter.shape;
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== filters)) {
    throw new ShapeError(`convTranspose3d: bias must have shape [${filters}], received [${bias.shape}]`);
  }
  const t = transposeSetup('convTranspose3d', 3, options);
  const [n, inD, h, w] = x.shape;
  const [sD, sH, sW] = t.strides as [number, number, number];
  const [dD, dH, dW] = t.dilations as [number, number, number];
  const op = t.outputPadding;
  const depth = transposeAxis(inD, kD, sD, dD, t.padding, op === null ? null : op[0] as number);
  return tf.tidy(() => {
    const folded = tf.reshape(tf.transpose(filter, [1, 2, 0, 3, 4]), [kH, kW, kD * filters, inC]) as tf.Tensor4D;
    const plane: typeof t = {strides: [sH, sW], dilations: [dH, dW], padding: t.padding, outputPadding: op === null ? null : op.slice(1)};
    const y2 = convTranspose2dChecked(tf.reshape(x, [n * inD, h, w, inC]), folded, plane, null, 'linear');
    let y: tf.Tensor = scatterDepthTaps(y2, {k: kD, s: sD, d: dD, before: depth.before, inD, outD: depth.out}, n);
    if (bias !== null) y = tf.add(y, bias);
    return activate(y, activation) as tf.Tensor5D;
  });
}
