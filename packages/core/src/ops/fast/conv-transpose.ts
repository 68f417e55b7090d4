/**
 * Transposed 1-D and 2-D convolutions ("deconvolutions"), as the adjoint of a forward convolution:
 * the forward pass is conv2d's dX formulation (one forward conv of the stride-dilated input with the
 * rotated filter, adjointByConv), the backward pass a forward conv (dX) and conv2d's per-backend dW
 * formulations (dW), so they train on wasm, which has no Conv2DBackpropFilter kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../../errors.js';
import {FUSED_ACTIVATIONS, activate, activationGrad, fusable} from './activation.js';
import {perBackend} from './backend-choice.js';
import {adjointByConv, filterGradBySwappedConv, filterGradByTaps} from './conv2d-grad.js';
import type {Geometry} from './conv-geometry.js';
import {windowImage} from './depthwise-grad.js';
import {fusedConv2dKernel} from './fused-kernels.js';
import {biasGrad} from './matmul.js';
import {splitGradients, type GradSide} from './split-grad.js';
import type {ConvTransposeOptions, FusedActivation, Padding} from './types.js';

/**
 * One axis of a transposed convolution as Keras computes it (keras/src/backend/common/backend_utils.py,
 * the JAX padding conversion, which every backend matches): the output length, and where input step j's
 * window starts (j·stride − before). `outputPadding` null is Keras's default: `valid` gives
 * (in−1)·s + max(span, s), `same` gives in·s.
 */
export function transposeAxis(inSize: number, k: number, s: number, d: number, padding: Padding, outputPadding: number | null): {out: number; before: number} {
  const span = (k - 1) * d + 1;
  let left: number, right: number;
  if (padding === 'valid') {
    left = span - 1;
    right = span - 1 + (outputPadding ?? Math.max(span, s) - span);
  } else {
    const total = outputPadding === null ? s + span - 2 : span + (span % 2) - 2 + outputPadding;
    left = Math.min(Math.ceil(total / 2), span - 1);
    right = total - left;
  }
  return {out: (inSize - 1) * s + left + right - span + 2, before: span - 1 - left};
}

/** `v` as `n` positive integers (or non-negative ones with `zero`), from one number or a list. */
export function tuple(v: number | readonly number[] | undefined, n: number, dflt: number, what: string, op: string, zero = false): number[] {
  const t = v === undefined ? Array<number>(n).fill(dflt) : typeof v === 'number' ? Array<number>(n).fill(v) : [...v];
  if (t.length !== n || !t.every((e) => Number.isInteger(e) && (zero ? e >= 0 : e > 0))) {
    const kind = zero ? 'non-negative' : 'positive';
    throw new ValueError(`${op}: ${what} must be a ${kind} integer or a list of ${n}, received ${describe(v)}`);
  }
  return t;
}

/** The checked options of a transposed convolution over `n` spatial axes. */
export interface TransposeSetup {
  strides: number[];
  dilations: number[];
  padding: Padding;
  outputPadding: number[] | null;
}

/** Checks strides, dilations, padding and outputPadding (each < its stride, as Keras requires). */
export function transposeSetup(op: string, n: number, o: ConvTransposeOptions<number[]>): TransposeSetup {
  const strides = tuple(o.strides, n, 1, 'strides', op);
  const dilations = tuple(o.dilations, n, 1, 'dilations', op);
  const padding = o.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(`${op}: padding must be 'valid' or 'same', received ${describe(padding)}`);
  if (strides.some((e) => e > 1) && dilations.some((e) => e > 1)) {
    throw new ValueError(`${op}: strides and dilations cannot both exceed 1, received strides [${strides}] and dilations [${dilations}]`);
  }
  const outputPadding = o.outputPadding === undefined || o.outputPadding === null ? null : tuple(o.outputPadding, n, 0, 'outputPadding', op, true);
  if (outputPadding !== null && outputPadding.some((p, i) => p >= (strides[i] as number))) {
    throw new ValueError(`${op}: outputPadding must be smaller than strides on every axis, received outputPadding [${outputPadding}] and strides [${strides}]`);
  }
  return {strides, dilations, padding, outputPadding};
}

/**
 * The geometry of the forward convolution whose adjoint the transposed one is: from the transposed
 * output [N, outH, outW, filters] to the input [N, H, W, inC], with explicit pads.
 */
function forwardGeometry(xShape: number[], filterShape: number[], t: TransposeSetup): Geometry {
  const [batch, h, w] = xShape as [number, number, number];
  const [kH, kW, filters] = filterShape as [number, number, number];
  const [sH, sW] = t.strides as [number, number];
  const [dH, dW] = t.dilations as [number, number];
  const op = t.outputPadding;
  const rows = transposeAxis(h, kH, sH, dH, t.padding, op === null ? null : op[0] as number);
  const cols = transposeAxis(w, kW, sW, dW, t.padding, op === null ? null : op[1] as number);
  return {
    batch, inH: rows.out, inW: cols.out, inC: filters, kH, kW, sH, sW, dH, dW, outH: h, outW: w,
    padTop: rows.before, padBottom: (h - 1) * sH + (kH - 1) * dH + 1 - rows.out - rows.before,
    padLeft: cols.before, padRight: (w - 1) * sW + (kW - 1) * dW + 1 - cols.out - cols.before,
    // Explicit pads above; this op never asks tfjs to derive them from a padding mode.
    padding: 'valid',
  };
}

function validate(op: string, x: tf.Tensor, filter: tf.Tensor, rank: number, bias: tf.Tensor1D | null, activation: FusedActivation): void {
  const axes = rank === 3 ? 'k' : rank === 4 ? 'kH, kW' : 'kD, kH, kW';
  if (x.rank !== rank) throw new ShapeError(`${op}: x must be rank ${rank} (channels last), received shape [${x.shape}]`);
  if (filter.rank !== rank) throw new ShapeError(`${op}: filter must be rank ${rank} [${axes}, filters, inC], received shape [${filter.shape}]`);
  if (x.shape[rank - 1] !== filter.shape[rank - 1]) {
    throw new ShapeError(`${op}: x has ${x.shape[rank - 1]} channels ([${x.shape}]) but the filter expects ${filter.shape[rank - 1]} ([${filter.shape}])`);
  }
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== filter.shape[rank - 2])) {
    throw new ShapeError(`${op}: bias must have shape [${filter.shape[rank - 2]}], received [${bias.shape}]`);
  }
  if (!FUSED_ACTIVATIONS.includes(activation)) {
    throw new ValueError(`${op}: unknown activation ${describe(activation)}; expected one of ${FUSED_ACTIVATIONS.join(', ')}`);
  }
}

/** dW of the transposed conv: the forward conv's dW with the roles of input and output gradient swapped. */
function filterGrad(g: tf.Tensor4D, x: tf.Tensor4D, geo: Geometry): tf.Tensor4D {
  return perBackend({
    wasm: filterGradBySwappedConv,
    cpu: (gg: tf.Tensor4D, xx: tf.Tensor4D, gm: Geometry) => filterGradByTaps(gg, xx, gm, xx.shape[3]),
    generic: filterGradBySwappedConv,
  })(g, x, geo);
}

/** The 2-D transposed convolution after validation, with `t` checked. */
export function convTranspose2dChecked(x: tf.Tensor4D, filter: tf.Tensor4D, t: TransposeSetup, bias: tf.Tensor1D | null, activation: FusedActivation): tf.Tensor4D {
  const geo = forwardGeometry(x.shape, filter.shape, t);
  const dilations: [number, number] = [geo.dH, geo.dW];
  return tf.tidy(() => {
    const weights: GradSide = {
      inputs: bias === null ? [filter] : [filter, bias],
      keep: [x],
      backward: (g, [xk]) => {
        const dW = filterGrad(g as tf.Tensor4D, xk as tf.Tensor4D, geo);
        return bias === null ? [dW] : [dW, biasGrad(g)];
      },
    };
    const input: GradSide = {
      inputs: [x],
      keep: [filter],
      backward: (g, [fk]) => [tf.conv2d(windowImage(g as tf.Tensor4D, geo), fk as tf.Tensor4D, [geo.sH, geo.sW], 'valid', 'NHWC', dilations)],
    };
    const fusedAct = fusable(activation) ? activation : 'linear';
    const forward = (): tf.Tensor4D => {
      const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      // The kernel directly: tf.fused.conv2d unfuses the activation under a tape (fused-kernels.ts).
      const z = adjointByConv(x, geo, (d, pad) => fusedConv2dKernel(d, rotated, {strides: 1, pad, dilations, bias, activation: fusedAct}));
      return fusedAct === activation ? z : activate(z, activation) as tf.Tensor4D;
    };
    return splitGradients(forward, [weights, input], activation === 'linear' ? null : (dy, y) => activationGrad(dy, y, activation)) as tf.Tensor4D;
  });
}

/**
 * 2-D transposed convolution, NHWC, filter [kH, kW, filters, inC] (Keras's Conv2DTranspose kernel), with
 * optional fused bias and activation: the adjoint (gradient with respect to its input) of a 2-D
 * convolution with the same filter, strides, dilations and padding. Output size per axis as in Keras:
 * `valid` (in−1)·s + max(span, s), `same` in·s, or with `outputPadding` p (each < its stride)
 * (in−1)·s + span − 2·⌊span/2⌋ + p for `same` and (in−1)·s + span + p for `valid`, where
 * span = (k−1)·dilation + 1. Strides and dilations cannot both exceed 1.
 *
 * Forward and backward are forward convolutions (XNNPACK on wasm) and conv2d's dW formulations, so it
 * trains on every backend; dX only when x leads from the tensors being differentiated, dW and db only
 * when the weights do.
 *
 * @param x Input, [batch, height, width, inC].
 * @param filter Weights, [kH, kW, filters, inC].
 * @param options strides, padding, dilations, outputPadding, bias [filters], activation.
 * @returns [batch, outH, outW, filters].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function convTranspose2d(x: tf.Tensor4D, filter: tf.Tensor4D, options: ConvTransposeOptions<[number, number]> = {}): tf.Tensor4D {
  const bias = options.bias ?? null;
  const activation = options.activation ?? 'linear';
  validate('convTranspose2d', x, filter, 4, bias, activation);
  return convTranspose2dChecked(x, filter, transposeSetup('convTranspose2d', 2, options), bias, activation);
}

/**
 * 1-D transposed convolution, input [batch, steps, inC], filter [k, filters, inC] (Keras's
 * Conv1DTranspose kernel): convTranspose2d over a height of 1 (see there for sizes and gradients).
 *
 * @param x Input, [batch, steps, inC].
 * @param filter Weights, [k, filters, inC].
 * @param options strides, padding, dilations, outputPadding (numbers), bias [filters], activation.
 * @returns [batch, outSteps, filters].
 * @throws ShapeError or ValueError naming the argument that does not fit.
 */
export function convTranspose1d(x: tf.Tensor3D, filter: tf.Tensor3D, options: ConvTransposeOptions<[number]> = {}): tf.Tensor3D {
  const bias = options.bias ?? null;
  const activation = options.activation ?? 'linear';
  validate('convTranspose1d', x, filter, 3, bias, activation);
  const t = transposeSetup('convTranspose1d', 1, options);
  const two: TransposeSetup = {
    strides: [1, ...t.strides], dilations: [1, ...t.dilations], padding: t.padding,
    outputPadding: t.outputPadding === null ? null : [0, ...t.outputPadding],
  };
  const [batch, steps, inC] = x.shape;
  const [k, filters] = filter.shape;
  return tf.tidy(() => {
    const y = convTranspose2dChecked(tf.reshape(x, [batch, 1, steps, inC]), tf.reshape(filter, [1, k, filters, inC]), two, bias, activation);
    return tf.reshape(y, [batch, y.shape[2], filters]);
  });
}
