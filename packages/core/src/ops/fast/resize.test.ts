import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {resize} from './resize.js';
import {expectArraysClose, ownGradients, randArray, size} from './reference.test.helpers.js';

interface Mode {
  interpolation: 'bilinear' | 'nearest';
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/**
 * Float64 reference of TensorFlow's resize kernels (tensorflow/core/kernels/image/resize_bilinear_op.cc,
 * resize_nearest_neighbor_op.cc), written pixel by pixel in 2-D, plus the gradient of sum(out * w) by
 * accumulating each output's weight into the pixels it read.
 */
function reference(x: Float64Array, shape: number[], out: [number, number], m: Mode, w: Float64Array): {y: Float64Array; dx: Float64Array} {
  const [b, ih, iw, c] = shape as [number, number, number, number];
  const [oh, ow] = out;
  const scaleOf = (i: number, o: number): number => (m.alignCorners && o > 1 ? (i - 1) / (o - 1) : i / o);
  const [sy, sx] = [scaleOf(ih, oh), scaleOf(iw, ow)];
  const y = new Float64Array(b * oh * ow * c);
  const dx = new Float64Array(x.length);
  const at = (n: number, r: number, q: number, k: number): number => ((n * ih + r) * iw + q) * c + k;
  for (let n = 0; n < b; n++) for (let r = 0; r < oh; r++) for (let q = 0; q < ow; q++) for (let k = 0; k < c; k++) {
    const o = ((n * oh + r) * ow + q) * c + k;
    const taps: [number, number][] = []; // [input index, weight]
    if (m.interpolation === 'nearest') {
      const pick = (o2: number, s: number, len: number): number => {
        const src = m.halfPixelCenters ? (o2 + 0.5) * s : o2 * s;
        return Math.min(len - 1, Math.max(0, m.alignCorners ? Math.round(src) : Math.floor(src)));
      };
      taps.push([at(n, pick(r, sy, ih), pick(q, sx, iw), k), 1]);
    } else {
      const srcY = m.halfPixelCenters ? (r + 0.5) * sy - 0.5 : r * sy;
      const srcX = m.halfPixelCenters ? (q + 0.5) * sx - 0.5 : q * sx;
      const [y0, x0] = [Math.floor(srcY), Math.floor(srcX)];
      const [fy, fx] = [srcY - y0, srcX - x0];
      const [top, bottom] = [Math.max(y0, 0), Math.min(Math.ceil(srcY), ih - 1)];
      const [left, right] = [Math.max(x0, 0), Math.min(Math.ceil(srcX), iw - 1)];
      taps.push([at(n, top, left, k), (1 - fy) * (1 - fx)], [at(n, top, right, k), (1 - fy) * fx]);
      taps.push([at(n, bottom, left, k), fy * (1 - fx)], [at(n, bottom, right, k), fy * fx]);
    }
    let v = 0;
    for (const [i, wt] of taps) {
      v += wt * (x[i] as number);
      dx[i] = (dx[i] as number) + wt * (w[o] as number);
    }
    y[o] = v;
  }
  return {y, dx};
}

const MODES: Mode[] = [
  {interpolation: 'bilinear', alignCorners: false, halfPixelCenters: true},
  {interpolation: 'bilinear', alignCorners: true, halfPixelCenters: false},
  {interpolation: 'bilinear', alignCorners: false, halfPixelCenters: false},
  {interpolation: 'nearest', alignCorners: false, halfPixelCenters: true},
  {interpolation: 'nearest', alignCorners: true, halfPixelCenters: false},
  {interpolation: 'nearest', alignCorners: false, halfPixelCenters: false},
];
// Up, down and mixed, non-square (the wasm kernel's gradient breaks on non-square images).
const SIZES: [number, number][] = [[7, 4], [2, 9], [6, 10], [3, 5]];
const SHAPE = [2, 3, 5, 2];

describeBackends('resize (TF sampling, own gradient)', () => {
  const xv = randArray(size(SHAPE), 21);
  for (const m of MODES) {
    const label = `${m.interpolation}${m.alignCorners ? ', aligned corners' : ''}${m.halfPixelCenters ? ', half-pixel centres' : ''}`;
    it(`${label}: values and image gradient match a float64 reference for up, down and mixed sizes`, async () => {
      for (const out of SIZES) {
        const w = randArray(SHAPE[0] as number * out[0] * out[1] * (SHAPE[3] as number), 22);
        const ref = reference(xv, SHAPE, out, m, w);
        const x = tf.tensor(Float32Array.from(xv), SHAPE);
        const y = resize(x, out, m);
        expect(y.shape).to.deep.equal([2, out[0], out[1], 2]);
        expectArraysClose(await y.data(), ref.y, `${label} ${out} values`, 1e-5, 1e-5);
        tf.dispose([x, y]);
        const [dx] = await ownGradients((t) => resize(t, out, m), [{values: xv, shape: SHAPE}], w);
        expectArraysClose(dx as Float32Array, ref.dx, `${label} ${out} gradient`, 1e-5, 1e-5);
      }
    });
  }

  it('its gradient agrees with central differences, and nothing leaks', async () => {
    const x = tf.tensor(Float32Array.from(xv), SHAPE);
    const w = tf.randomUniform([2, 4, 7, 2], -1, 1, 'float32', 3);
    const f = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(resize(t, [4, 7]), w));
    await expectNoLeaks(async () => {
      const g = tf.grad(f)(x);
      expectArraysClose(await g.data(), await numericGradient(f, x), 'numeric', 2e-3, 2e-3);
      g.dispose();
    });
    tf.dispose([x, w]);
  });

  it('refuses a bad rank, size, interpolation, and aligned corners with half-pixel centres', () => {
    const x = tf.zeros([2, 2, 2]);
    const x4 = tf.zeros([1, 2, 2, 1]);
    expect(() => resize(x, [2, 2])).to.throw(ShapeError, /\[batch, height, width, channels\], received shape \[2,2,2\]/);
    expect(() => resize(x4, [0, 2])).to.throw(ValueError, /two positive integers.*received \[0, ?2\]/);
    expect(() => resize(x4, [2, 2], {interpolation: 'cubic' as 'nearest'})).to.throw(ValueError, /one of 'bilinear', 'nearest', 'bicubic', .*'mitchellcubic', received "cubic"/);
    expect(() => resize(x4, [2, 2], {interpolation: 'bicubic', alignCorners: true, halfPixelCenters: false})).to.throw(ValueError, /only to 'bilinear' \(without antialias\) and 'nearest', received interpolation "bicubic"/);
    expect(() => resize(x4, [2, 2], {antialias: true, halfPixelCenters: false})).to.throw(ValueError, /received interpolation "bilinear" with antialias/);
    expect(() => resize(x4, [2, 2], {alignCorners: true})).to.throw(ValueError, /cannot both be true/);
    tf.dispose([x, x4]);
  });
});
