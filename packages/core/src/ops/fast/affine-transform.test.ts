import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends} from '../../testing/index.js';
import {affineTransform} from './affine-transform.js';
import type {FillMode} from './affine-transform.js';
import {forceFastPath} from './backend-choice.js';
import type {FastPath} from './backend-choice.js';
import {expectArraysClose, randArray, size} from './reference.test.helpers.js';

/** Float64 map of an out-of-range coordinate into [0, len - 1] (tensorflow/core/kernels/image/image_ops.h MapCoordinate). */
function mapCoord(v: number, len: number, mode: FillMode): number {
  let c = v;
  if (mode === 'reflect') {
    if (c < 0) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        if (c < -sz2) c = sz2 * Math.trunc(-c / sz2) + c;
        c = c < -len ? c + sz2 : -c - 1;
      }
    } else if (c > len - 1) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        c -= sz2 * Math.trunc(c / sz2);
        if (c >= len) c = sz2 - c - 1;
      }
    }
  } else if (mode === 'wrap') {
    if (c < 0) c = len <= 1 ? 0 : c + len * (Math.trunc(-c / (len - 1)) + 1);
    else if (c > len - 1) c = len <= 1 ? 0 : c - len * Math.trunc(c / (len - 1));
  } else if (mode === 'constant') {
    return c;
  }
  return Math.min(Math.max(c, 0), len - 1);
}

/** Float64 reference of ImageProjectiveTransformV3 for one batch of NHWC images. */
function reference(x: Float64Array, shape: number[], ts: number[][], interp: 'nearest' | 'bilinear', mode: FillMode, fill: number): Float64Array {
  const [b, h, w, c] = shape as [number, number, number, number];
  const out = new Float64Array(x.length);
  const read = (n: number, r: number, q: number, k: number): number => (r < 0 || r >= h || q < 0 || q >= w ? fill : (x[((n * h + r) * w + q) * c + k] as number));
  for (let n = 0; n < b; n++) {
    const [a0, a1, a2, b0, b1, b2, c0, c1] = (ts.length === 1 ? ts[0] : ts[n]) as number[];
    for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) for (let k = 0; k < c; k++) {
      const kk = (c0 as number) * q + (c1 as number) * r + 1;
      const ix = mapCoord(((a0 as number) * q + (a1 as number) * r + (a2 as number)) / kk, w, mode);
      const iy = mapCoord(((b0 as number) * q + (b1 as number) * r + (b2 as number)) / kk, h, mode);
      let v: number;
      if (interp === 'nearest') v = read(n, Math.round(iy), Math.round(ix), k);
      else {
        const [y0, x0] = [Math.floor(iy), Math.floor(ix)];
        const top = (x0 + 1 - ix) * read(n, y0, x0, k) + (ix - x0) * read(n, y0, x0 + 1, k);
        const bottom = (x0 + 1 - ix) * read(n, y0 + 1, x0, k) + (ix - x0) * read(n, y0 + 1, x0 + 1, k);
        v = (y0 + 1 - iy) * top + (iy - y0) * bottom;
      }
      out[((n * h + r) * w + q) * c + k] = v;
    }
  }
  return out;
}

const SHAPE = [3, 5, 6, 2];
// A rotation-and-shear, a translation far enough to need the fill modes' periodic cases, a zoom out,
// and a projective row; the third image of the batch gets the third row.
// Values are float32 numbers (the reference uses exactly what the kernel gets) chosen so that no sampled
// coordinate sits on a rounding tie of nearest interpolation.
const TRANSFORMS = [
  [0.9137, 0.3121, -0.7193, -0.2531, 1.1071, 0.4243, 0, 0],
  [1, 0, -8.6173, 0, 1, 13.3217, 0, 0],
  [1.7119, 0, -1.6231, 0, 1.4537, -0.9173, 0.0213, -0.0317],
].map((row) => row.map(Math.fround));

describeBackends('affineTransform (ImageProjectiveTransformV3 semantics)', (backend) => {
  const xv = randArray(size(SHAPE), 31);
  // Each formulation works around its own backend's kernel (cpu: only the first image of a batch is
  // filled; wasm: reflect maps negative coordinates wrongly), so each is tested on its backend.
  const paths: FastPath[] = backend === 'cpu' ? ['cpu'] : ['wasm'];
  for (const path of paths) {
    for (const interp of ['nearest', 'bilinear'] as const) {
      it(`${interp}, every fill mode, a batch of 3 (${path} formulation), matches a float64 reference`, async () => {
        forceFastPath(path);
        try {
          for (const mode of ['constant', 'reflect', 'wrap', 'nearest'] as FillMode[]) {
            const x = tf.tensor(Float32Array.from(xv), SHAPE);
            const t = tf.tensor2d(TRANSFORMS);
            const y = affineTransform(x, t, {interpolation: interp, fillMode: mode, fillValue: 0.5});
            expectArraysClose(await y.data(), reference(xv, SHAPE, TRANSFORMS, interp, mode, 0.5), `${interp}/${mode}`, 1e-4, 1e-4);
            tf.dispose([x, t, y]);
          }
        } finally {
          forceFastPath(null);
        }
      });
    }
  }

  it('one transform row applies to every image; the identity row is the identity', async () => {
    const x = tf.tensor(Float32Array.from(xv), SHAPE);
    const t = tf.tensor2d([[1, 0, 0, 0, 1, 0, 0, 0]]);
    const y = affineTransform(x, t);
    expectArraysClose(await y.data(), xv, 'identity', 1e-6, 0);
    tf.dispose([x, t, y]);
  });

  it('refuses bad ranks, transform shapes, interpolations and fill modes', () => {
    const x = tf.zeros([2, 3, 3, 1]);
    const t = tf.zeros([2, 8]);
    expect(() => affineTransform(tf.zeros([3, 3, 1]), t)).to.throw(ShapeError, /received shape \[3,3,1\]/);
    expect(() => affineTransform(x, tf.zeros([3, 8]))).to.throw(ShapeError, /\[2, 8\] or \[1, 8\], received shape \[3,8\]/);
    expect(() => affineTransform(x, t, {interpolation: 'cubic' as 'nearest'})).to.throw(ValueError, /received "cubic"/);
    expect(() => affineTransform(x, t, {fillMode: 'mirror' as FillMode})).to.throw(ValueError, /fillMode must be one of constant, reflect, wrap, nearest, received "mirror"/);
    tf.dispose([x, t]);
  });
});
