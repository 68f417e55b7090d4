import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {avgPool3d, maxPool3d} from './pooling3d.js';
import {expectArraysClose, ownGradients, randArray, rng, size, tfPad, weightedSum} from './reference.test.helpers.js';
import type {Padding} from './types.js';

type Triple = [number, number, number];
interface Config {name: string; xShape: number[]; pool: Triple; strides: Triple; padding: Padding}

const CONFIGS: Config[] = [
  {name: '2x2x2 strides 2 valid, exact fit', xShape: [2, 4, 4, 6, 2], pool: [2, 2, 2], strides: [2, 2, 2], padding: 'valid'},
  {name: '2x2x2 strides 2 same, odd sizes', xShape: [1, 3, 5, 3, 2], pool: [2, 2, 2], strides: [2, 2, 2], padding: 'same'},
  {name: '3x2x1 strides [1,2,1] valid', xShape: [2, 5, 4, 3, 1], pool: [3, 2, 1], strides: [1, 2, 1], padding: 'valid'},
  {name: '3x3x3 strides 2 same (overlapping)', xShape: [1, 5, 4, 5, 2], pool: [3, 3, 3], strides: [2, 2, 2], padding: 'same'},
  {name: '2x3x2 strides 1 same (overlapping)', xShape: [1, 3, 4, 3, 1], pool: [2, 3, 2], strides: [1, 1, 1], padding: 'same'},
];

/**
 * Float64 3-D pooling written from the definition (every window's real inputs, TF 'same' pads per axis),
 * with the gradient of `Σ y·dy`: max to each window's first maximum in row-major order, avg spread
 * over the real inputs.
 */
function refPool3d(kind: 'max' | 'avg', x: ArrayLike<number>, c: Config, dy?: ArrayLike<number>): {y: Float64Array; dx: Float64Array; shape: number[]} {
  const [n, d, h, w, ch] = c.xShape as [number, number, number, number, number];
  const [od, pd] = tfPad(d, c.pool[0], c.strides[0], 1, c.padding);
  const [oh, ph] = tfPad(h, c.pool[1], c.strides[1], 1, c.padding);
  const [ow, pw] = tfPad(w, c.pool[2], c.strides[2], 1, c.padding);
  const y = new Float64Array(n * od * oh * ow * ch);
  const dx = new Float64Array(size(c.xShape));
  for (let b = 0; b < n; b++) for (let z = 0; z < od; z++) for (let r = 0; r < oh; r++) for (let q = 0; q < ow; q++) for (let k = 0; k < ch; k++) {
    const idx: number[] = [];
    for (let i = 0; i < c.pool[0]; i++) for (let j = 0; j < c.pool[1]; j++) for (let l = 0; l < c.pool[2]; l++) {
      const [iz, ir, iq] = [z * c.strides[0] + i - pd, r * c.strides[1] + j - ph, q * c.strides[2] + l - pw];
      if (iz >= 0 && iz < d && ir >= 0 && ir < h && iq >= 0 && iq < w) idx.push((((b * d + iz) * h + ir) * w + iq) * ch + k);
    }
    const o = (((b * od + z) * oh + r) * ow + q) * ch + k;
    const g = dy === undefined ? 0 : (dy[o] as number);
    if (kind === 'max') {
      const best = idx.reduce((m, i) => ((x[i] as number) > (x[m] as number) ? i : m), idx[0] as number);
      y[o] = x[best] as number;
      dx[best] = (dx[best] as number) + g;
    } else {
      y[o] = idx.reduce((s, i) => s + (x[i] as number), 0) / idx.length;
      for (const i of idx) dx[i] = (dx[i] as number) + g / idx.length;
    }
  }
  return {y, dx, shape: [n, od, oh, ow, ch]};
}

/** Distinct values 0.05 apart (no ties, none within the numeric gradient's step), shuffled, optionally all negative. */
function distinct(n: number, seed: number, negative = false): Float64Array {
  const r = rng(seed);
  const v = Float64Array.from({length: n}, (_, i) => (negative ? -1 - i : i - n / 2) * 0.05);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((r() + 1) / 2) * (i + 1));
    [v[i], v[j]] = [v[j] as number, v[i] as number];
  }
  return v;
}

const ours = (kind: 'max' | 'avg', c: Config) => (x: tf.Tensor): tf.Tensor =>
  (kind === 'max' ? maxPool3d : avgPool3d)(x as tf.Tensor5D, {poolSize: c.pool, strides: c.strides, padding: c.padding});

describeBackends('fast 3-D pooling', () => {
  for (const c of CONFIGS) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind}Pool3d forward and gradient match a float64 reference and central differences (${c.name})`, async () => {
        const x = distinct(size(c.xShape), 4);
        const ref = refPool3d(kind, x, c);
        const xt = tf.tensor(Float32Array.from(x), c.xShape);
        const y = ours(kind, c)(xt);
        expect(y.shape).to.deep.equal(ref.shape);
        await expectClose(y, tf.tensor(Float32Array.from(ref.y), ref.shape), 1e-6, 1e-5);
        const dy = randArray(ref.y.length, 6);
        const [got] = await ownGradients(ours(kind, c), [{values: x, shape: c.xShape}], dy);
        expectArraysClose(got as Float32Array, refPool3d(kind, x, c, dy).dx, 'dx vs float64 reference', 1e-6, 1e-5);
        const num = await numericGradient((t) => weightedSum(ours(kind, c)(t), dy), xt, 1e-2);
        expectArraysClose(got as Float32Array, num, 'dx vs numeric', 1e-3, 1e-3);
        tf.dispose([xt, y]);
      });
    }

    it(`maxPool3d is right for windows of negative values (tfjs's wasm MaxPool3D is not) (${c.name})`, async () => {
      const x = distinct(size(c.xShape), 8, true);
      const dy = randArray(refPool3d('max', x, c).y.length, 7);
      const ref = refPool3d('max', x, c, dy);
      const y = ours('max', c)(tf.tensor(Float32Array.from(x), c.xShape));
      await expectClose(y, tf.tensor(Float32Array.from(ref.y), ref.shape), 1e-6, 1e-5);
      const [got] = await ownGradients(ours('max', c), [{values: x, shape: c.xShape}], dy);
      expectArraysClose(got as Float32Array, ref.dx, 'dx', 1e-6, 1e-5);
      y.dispose();
    });
  }

  it('maxPool3d routes a tie to the first maximum in depth, row, column order (non-overlapping windows)', async () => {
    const c = CONFIGS[0] as Config;
    const r = rng(9);
    const x = Float64Array.from({length: size(c.xShape)}, () => Math.floor((r() + 1) * 1.5)); // 0, 1 or 2: many ties
    const dy = randArray(refPool3d('max', x, c).y.length, 10);
    const [got] = await ownGradients(ours('max', c), [{values: x, shape: c.xShape}], dy);
    expectArraysClose(got as Float32Array, refPool3d('max', x, c, dy).dx, 'dx', 1e-6, 1e-5);
  });

  it('avgPool3d with "same" padding averages real inputs only, by hand', async () => {
    // x = 1..8 in a 2x2x2 cube, window 2 stride 1 'same': the last output's window holds x[1,1,1] = 8 alone;
    // the first holds all eight (mean 4.5); the one at (1, 0, 0) holds depth 1 only: 5, 6, 7, 8 -> 6.5.
    const y = avgPool3d(tf.reshape(tf.range(1, 9), [1, 2, 2, 2, 1]) as tf.Tensor5D, {poolSize: 2, strides: 1, padding: 'same'});
    const values = await y.data();
    expect([values[0], values[4], values[7]]).to.deep.equal([4.5, 6.5, 8]);
    y.dispose();
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([1, 4, 4, 4, 2]);
    await expectNoLeaks(async () => {
      for (const c of [CONFIGS[0], CONFIGS[3]] as Config[]) {
        for (const kind of ['max', 'avg'] as const) {
          const g = tf.grad((t) => tf.sum(ours(kind, c)(t)))(x);
          await g.data();
          tf.dispose([g, ours(kind, c)(x)]);
        }
      }
    });
    x.dispose();
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 4, 4, 4, 1]) as tf.Tensor5D;
    expect(() => maxPool3d(x, {poolSize: [5, 1, 1]})).to.throw(ShapeError, /maxPool3d: a \[5,1,1\] window does not fit in input \[1,4,4,4,1\]/);
    expect(() => avgPool3d(x, {poolSize: [2, 2]} as never)).to.throw(ValueError, /avgPool3d: poolSize must be .* received \[2, ?2\]/);
    expect(() => maxPool3d(x, {poolSize: 2, strides: 0})).to.throw(ValueError, /strides .* received 0/);
    expect(() => maxPool3d(tf.zeros([4, 4, 4, 1]) as unknown as tf.Tensor5D, {poolSize: 2})).to.throw(ShapeError, /rank 5/);
    expect(() => avgPool3d(x, {poolSize: 2, padding: 'full' as Padding})).to.throw(ValueError, /full/);
    x.dispose();
  });
});
