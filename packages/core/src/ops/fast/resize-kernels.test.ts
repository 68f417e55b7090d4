import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {resize} from './resize.js';
import type {ResizeInterpolation} from './resize.js';
import {forceFastPath} from './backend-choice.js';
import {expectArraysClose, ownGradients, randArray, size} from './reference.test.helpers.js';

type Method = Exclude<ResizeInterpolation, 'nearest'>;

/**
 * The published kernels, each written in its textbook form: Lanczos-a as sinc(x)·sinc(x/a); Keys'
 * cubic convolution with a = -0.5; Mitchell-Netravali's cubic in its (B, C) form with B = C = 1/3; a
 * Gaussian with sigma 0.5 cut at 1.5; the triangle (hat) function.
 */
const sinc = (x: number): number => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
function keys(x: number): number {
  const a = -0.5, t = Math.abs(x);
  if (t < 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
  if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
  return 0;
}
function mitchell(x: number): number {
  const B = 1 / 3, C = 1 / 3, t = Math.abs(x);
  if (t < 1) return ((12 - 9 * B - 6 * C) * t ** 3 + (-18 + 12 * B + 6 * C) * t ** 2 + (6 - 2 * B)) / 6;
  if (t < 2) return ((-B - 6 * C) * t ** 3 + (6 * B + 30 * C) * t ** 2 + (-12 * B - 48 * C) * t + (8 * B + 24 * C)) / 6;
  return 0;
}
const KERNEL: Record<Exclude<Method, 'area'>, (x: number) => number> = {
  bilinear: (x) => Math.max(0, 1 - Math.abs(x)),
  bicubic: keys,
  lanczos3: (x) => (Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0),
  lanczos5: (x) => (Math.abs(x) < 5 ? sinc(x) * sinc(x / 5) : 0),
  gaussian: (x) => (Math.abs(x) < 1.5 ? Math.exp(-(x * x) / (2 * 0.25)) : 0),
  mitchellcubic: mitchell,
};

const normalised = (w: Float64Array): Float64Array => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / s);
};

/**
 * The weights of the input pixels along one axis for output pixel `o`, as TensorFlow defines them
 * (tensorflow/core/kernels/image):
 * - scale_and_translate_op.cc: sample point (o + 0.5)·in/out, pixel s weighted by the kernel at
 *   (s + 0.5 - sample)/ks over the whole axis, ks = max(in/out, 1) with antialias and 1 without,
 *   normalised to sum 1 (pixels outside the image contribute nothing);
 * - resize_bicubic_op.cc, half-pixel centres: Keys' kernel at the four pixels around
 *   (o + 0.5)·in/out - 0.5, the fractional offset rounded to the nearest 1/1024 (ties to even, C's
 *   lrintf), out-of-image pixels dropped, normalised;
 * - resize_area_op.cc: the overlap of [s, s + 1) with [o·in/out, (o + 1)·in/out), over that length.
 */
function weights1d(method: Method, antialias: boolean, inSize: number, outSize: number, o: number): Float64Array {
  const w = new Float64Array(inSize);
  const scale = inSize / outSize;
  if (method === 'area') {
    const [lo, hi] = [o * scale, (o + 1) * scale];
    for (let s = 0; s < inSize; s++) w[s] = Math.max(0, Math.min(s + 1, hi) - Math.max(s, lo)) / scale;
    return w;
  }
  if (method === 'bicubic' && !antialias) {
    const src = (o + 0.5) * scale - 0.5;
    const floor = Math.floor(src);
    let ticks = Math.round((src - floor) * 1024);
    if (Math.abs(((src - floor) * 1024) % 1) === 0.5 && ticks % 2 === 1) ticks -= 1;
    const frac = ticks / 1024;
    for (let s = Math.max(0, floor - 1); s <= Math.min(inSize - 1, floor + 2); s++) w[s] = keys(s - floor - frac);
    return normalised(w);
  }
  const ks = antialias ? Math.max(scale, 1) : 1;
  const sample = (o + 0.5) * scale;
  for (let s = 0; s < inSize; s++) w[s] = KERNEL[method]((s + 0.5 - sample) / ks);
  return normalised(w);
}

/** y = resize(x) pixel by pixel in 2-D, and d/dx of sum(y · g). */
function reference(x: Float64Array, shape: number[], out: [number, number], method: Method, antialias: boolean, g: Float64Array): {y: Float64Array; dx: Float64Array} {
  const [b, ih, iw, c] = shape as [number, number, number, number];
  const [oh, ow] = out;
  const wy = Array.from({length: oh}, (_, r) => weights1d(method, antialias, ih, oh, r));
  const wx = Array.from({length: ow}, (_, q) => weights1d(method, antialias, iw, ow, q));
  const y = new Float64Array(b * oh * ow * c);
  const dx = new Float64Array(x.length);
  for (let n = 0; n < b; n++) for (let r = 0; r < oh; r++) for (let q = 0; q < ow; q++) for (let k = 0; k < c; k++) {
    const o = ((n * oh + r) * ow + q) * c + k;
    let v = 0;
    for (let i = 0; i < ih; i++) for (let j = 0; j < iw; j++) {
      const wt = (wy[r] as Float64Array)[i] as number * ((wx[q] as Float64Array)[j] as number);
      if (wt === 0) continue;
      const at = ((n * ih + i) * iw + j) * c + k;
      v += wt * (x[at] as number);
      dx[at] = (dx[at] as number) + wt * (g[o] as number);
    }
    y[o] = v;
  }
  return {y, dx};
}

const METHODS: Method[] = ['bilinear', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];
// Up, down (by non-integer and integer factors) and mixed; non-square; more than 16 outputs (the cpu
// formulation's block size) along each axis.
const SIZES: [number, number][] = [[9, 4], [2, 11], [3, 5], [7, 13], [18, 35]];
const SHAPE = [2, 5, 7, 2];

describeBackends('resize: kernel resamplings (TF weights, matMul forward and gradient)', () => {
  afterEach(() => forceFastPath(null));
  const xv = randArray(size(SHAPE), 31);
  for (const method of METHODS) {
    for (const antialias of [false, true]) {
      if (method === 'bilinear' && !antialias) continue; // resize.test.ts covers it
      const label = `${method}${antialias ? ', antialias' : ''}`;
      it(`${label}: values and image gradient match a float64 reference (dense and blocked matMuls)`, async () => {
        for (const [out, path] of SIZES.flatMap((o) => [[o, 'wasm'], [o, 'cpu']] as const)) {
          forceFastPath(path);
          const g = randArray((SHAPE[0] as number) * out[0] * out[1] * (SHAPE[3] as number), 32);
          const ref = reference(xv, SHAPE, out, method, antialias, g);
          const x = tf.tensor(Float32Array.from(xv), SHAPE);
          const y = resize(x, out, {interpolation: method, antialias});
          expect(y.shape).to.deep.equal([2, out[0], out[1], 2]);
          expectArraysClose(await y.data(), ref.y, `${label} ${out} ${path} values`, 2e-5, 2e-5);
          tf.dispose([x, y]);
          const [dx] = await ownGradients((t) => resize(t, out, {interpolation: method, antialias}), [{values: xv, shape: SHAPE}], g);
          expectArraysClose(dx as Float32Array, ref.dx, `${label} ${out} ${path} gradient`, 2e-5, 2e-5);
          forceFastPath(null);
        }
      });
    }
  }

  it('hand-computed values: bicubic overshoot at the border, area means, antialiased bilinear 4 -> 2', async () => {
    // Bicubic [0, 1] -> 4 samples -0.25, 0.25, 0.75, 1.25. Keys at 0.25, 0.75, 1.25: 111/128, 29/128,
    // -9/128. Output 0: pixel 0 at 0.25, pixel 1 at 1.25, the pixels left of the image dropped:
    // -9 / (111 - 9) = -3/34. Output 1: pixel 0 at 0.25, pixel 1 at 0.75: 29 / (111 + 29). Outputs 2, 3
    // mirror them.
    const two = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    const cubic = resize(two, [1, 4], {interpolation: 'bicubic'});
    expectArraysClose(await cubic.data(), [-3 / 34, 29 / 140, 111 / 140, 37 / 34], 'bicubic', 1e-6, 0);
    // Area 4 -> 2 averages pairs; 2 -> 3 splits the middle output between both pixels.
    const row = tf.tensor4d([0, 7, 14, 21], [1, 1, 4, 1]);
    const area = resize(row, [1, 2], {interpolation: 'area'});
    expectArraysClose(await area.data(), [3.5, 17.5], 'area', 1e-6, 0);
    const areaUp = resize(two, [1, 3], {interpolation: 'area'});
    expectArraysClose(await areaUp.data(), [0, 0.5, 1], 'area up', 1e-6, 0);
    // Triangle widened by 2: output 0 samples 1.0, pixels 0, 1, 2 at distances .25, .25, .75 (weights
    // 3/4, 3/4, 1/4, normalised /7·4): (0·3 + 7·3 + 14)/7 = 5; output 1 likewise (7 + 14·3 + 21·3)/7 = 16.
    const aa = resize(row, [1, 2], {interpolation: 'bilinear', antialias: true});
    expectArraysClose(await aa.data(), [5, 16], 'antialiased bilinear', 1e-5, 0);
    // Without antialias, bilinear 4 -> 2 interpolates halfway: (0 + 7)/2 and (14 + 21)/2.
    const plain = resize(row, [1, 2]);
    expectArraysClose(await plain.data(), [3.5, 17.5], 'bilinear', 1e-6, 0);
    tf.dispose([two, cubic, row, area, areaUp, aa, plain]);
  });

  it('same size: every method but gaussian and mitchellcubic is the identity', async () => {
    const x = tf.tensor(Float32Array.from(xv), SHAPE);
    for (const method of ['bicubic', 'area', 'lanczos3', 'lanczos5'] as const) {
      const y = resize(x, [5, 7], {interpolation: method, antialias: true});
      expectArraysClose(await y.data(), xv, method, 1e-6, 0);
      y.dispose();
    }
    x.dispose();
  });

  it('integer images come out float32, except nearest, which keeps the dtype and the values exactly, as tf.image.resize', async () => {
    const big = 2 ** 30 + 1; // not a float32
    const x = tf.tensor4d([1, 2, 3, big], [1, 2, 2, 1], 'int32');
    const y = resize(x, [3, 3], {interpolation: 'bicubic'});
    expect(y.dtype).to.equal('float32');
    const n = resize(x, [3, 3], {interpolation: 'nearest'});
    expect(n.dtype).to.equal('int32');
    // Half-pixel nearest 2 -> 3 picks floor((o + 0.5)·2/3) = 0, 1, 1.
    expect(Array.from(await n.data())).to.deep.equal([1, 2, 2, 3, big, big, 3, big, big]);
    tf.dispose([x, y, n]);
  });

  for (const method of ['bicubic', 'area'] as const) {
    it(`${method}: the gradient agrees with central differences, and nothing leaks`, async () => {
      const x = tf.tensor(Float32Array.from(randArray(2 * 5 * 4 * 2, 33)), [2, 5, 4, 2]);
      const w = tf.tensor(Float32Array.from(randArray(2 * 3 * 7 * 2, 34)), [2, 3, 7, 2]);
      const f = (t: tf.Tensor): tf.Scalar => tf.sum(tf.mul(resize(t, [3, 7], {interpolation: method}), w));
      await expectNoLeaks(async () => {
        const g = tf.grad(f)(x);
        expectArraysClose(await g.data(), await numericGradient(f, x), `${method} numeric`, 2e-3, 2e-3);
        g.dispose();
      });
      tf.dispose([x, w]);
    });
  }
});
