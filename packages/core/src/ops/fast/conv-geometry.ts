/** Shapes and TF padding arithmetic shared by conv2d and the pooling ops (NHWC). */
import {ShapeError, ValueError, describe} from '../../errors.js';
import type {Padding} from './types.js';

/** Everything about one 2-D window op's geometry. Pads are TF's: total = max((out-1)·s + (k-1)·d + 1 - in, 0), before = floor(total/2). */
export interface Geometry {
  batch: number; inH: number; inW: number; inC: number;
  kH: number; kW: number;
  sH: number; sW: number;
  dH: number; dW: number;
  outH: number; outW: number;
  padTop: number; padBottom: number; padLeft: number; padRight: number;
  padding: Padding;
}

/** A positive-integer pair from one number or two. */
export function pair(v: number | [number, number] | undefined, dflt: number, what: string, op: string): [number, number] {
  const p: [number, number] = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ValueError(`${op}: ${what} must be a positive integer or a pair of them, received ${describe(v)}`);
  }
  return p;
}

/** One axis of a TF windowed op: [output size, padding before, padding after]. */
export function axis(inSize: number, k: number, s: number, d: number, padding: Padding): [number, number, number] {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.ceil((inSize - eff + 1) / s), 0, 0];
  const out = Math.ceil(inSize / s);
  const total = Math.max((out - 1) * s + eff - inSize, 0);
  const before = Math.floor(total / 2);
  return [out, before, total - before];
}

/** The geometry of a window of [kH, kW] over NHWC `xShape`, or a ShapeError naming what does not fit. */
export function geometry(
  op: string, xShape: number[], k: [number, number], s: [number, number], d: [number, number], padding: Padding,
): Geometry {
  if (xShape.length !== 4) throw new ShapeError(`${op}: x must be rank 4 (NHWC), received shape [${xShape}]`);
  if (padding !== 'valid' && padding !== 'same') {
    throw new ValueError(`${op}: padding must be 'valid' or 'same', received ${describe(padding)}`);
  }
  if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
    throw new ValueError(`${op}: strides and dilations cannot both exceed 1, received strides [${s}] and dilations [${d}]`);
  }
  const [batch, inH, inW, inC] = xShape as [number, number, number, number];
  const [outH, padTop, padBottom] = axis(inH, k[0], s[0], d[0], padding);
  const [outW, padLeft, padRight] = axis(inW, k[1], s[1], d[1], padding);
  if (outH <= 0 || outW <= 0) {
    throw new ShapeError(`${op}: a [${k}] window (dilations [${d}]) does not fit in input [${xShape}] with padding 'valid'`);
  }
  return {batch, inH, inW, inC, kH: k[0], kW: k[1], sH: s[0], sW: s[1], dH: d[0], dW: d[1], outH, outW, padTop, padBottom, padLeft, padRight, padding};
}
