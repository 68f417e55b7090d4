import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {avgPool, maxPool} from './pooling.js';
import {expectArraysClose, ownGradients, randArray, refAvgPool, refMaxPool, rng, size, stockGradients, weightedSum} from './reference.test.helpers.js';
import type {Padding} from './types.js';

interface Config {name: string; xShape: number[]; pool: [number, number]; strides: [number, number]; padding: Padding}

const CONFIGS: Config[] = [
  {name: '2x2 strides 2 valid, exact fit', xShape: [2, 6, 8, 3], pool: [2, 2], strides: [2, 2], padding: 'valid'},
  {name: '2x2 strides 2 valid, odd sizes', xShape: [2, 7, 5, 3], pool: [2, 2], strides: [2, 2], padding: 'valid'},
  {name: '2x2 strides 2 same, odd sizes', xShape: [2, 7, 5, 3], pool: [2, 2], strides: [2, 2], padding: 'same'},
  {name: '3x3 strides 3 same', xShape: [1, 8, 7, 2], pool: [3, 3], strides: [3, 3], padding: 'same'},
  {name: '2x3 strides [2,3] valid', xShape: [2, 6, 7, 2], pool: [2, 3], strides: [2, 3], padding: 'valid'},
  {name: '3x3 strides 2 same (overlapping)', xShape: [2, 7, 7, 2], pool: [3, 3], strides: [2, 2], padding: 'same'},
  {name: '3x3 strides 1 same (overlapping)', xShape: [1, 5, 6, 2], pool: [3, 3], strides: [1, 1], padding: 'same'},
  {name: '2x2 strides 1 valid (overlapping)', xShape: [2, 5, 4, 2], pool: [2, 2], strides: [1, 1], padding: 'valid'},
  {name: '3x2 strides [1,2] valid', xShape: [1, 6, 6, 3], pool: [3, 2], strides: [1, 2], padding: 'valid'},
];

const overlapping = (c: Config): boolean => c.strides[0] < c.pool[0] || c.strides[1] < c.pool[1];

/** Distinct values at least 0.05 apart (no ties, none within the numeric gradient's eps), shuffled. */
function distinct(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const v = Float64Array.from({length: n}, (_, i) => (i - n / 2) * 0.05);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(((r() + 1) / 2) * (i + 1));
    [v[i], v[j]] = [v[j] as number, v[i] as number];
  }
  return v;
}

type PoolFn = (x: tf.Tensor4D) => tf.Tensor4D;
const ours = (kind: 'max' | 'avg', c: Config): PoolFn => (x) =>
  (kind === 'max' ? maxPool : avgPool)(x, {poolSize: c.pool, strides: c.strides, padding: c.padding});
const stock = (kind: 'max' | 'avg', c: Config): PoolFn => (x) =>
  (kind === 'max' ? tf.maxPool : tf.avgPool)(x, c.pool, c.strides, c.padding);

async function checkGradients(kind: 'max' | 'avg', c: Config, numeric: boolean): Promise<void> {
  const x = distinct(size(c.xShape), 5);
  const ref = (kind === 'max' ? refMaxPool : refAvgPool)(x, c.xShape, c.pool, c.strides, c.padding);
  const weights = randArray(ref.y.length, 6);
  const inputs = [{values: x, shape: c.xShape}];
  const [got] = await ownGradients((t) => ours(kind, c)(t as tf.Tensor4D), inputs, weights);
  // tfjs's AvgPoolGrad divides by the whole window at 'same' borders, inconsistently with its forward
  // pass (which counts real inputs only): there the float64 reference and central differences decide.
  if (!(kind === 'avg' && c.padding === 'same')) {
    const [want] = await stockGradients((t) => stock(kind, c)(t as tf.Tensor4D), inputs, weights);
    expectArraysClose(got as Float32Array, want as Float32Array, 'dx vs autodiff', 1e-6, 1e-5);
  }
  const withDy = (kind === 'max' ? refMaxPool : refAvgPool)(x, c.xShape, c.pool, c.strides, c.padding, weights);
  expectArraysClose(got as Float32Array, withDy.dx, 'dx vs float64 reference', 1e-6, 1e-5);
  if (numeric) {
    const xt = tf.tensor4d(Float32Array.from(x), c.xShape as [number, number, number, number]);
    const num = await numericGradient((t) => weightedSum(ours(kind, c)(t as tf.Tensor4D), weights), xt, 1e-2);
    expectArraysClose(got as Float32Array, num, 'dx vs numeric', 1e-3, 1e-3);
    xt.dispose();
  }
}

describeBackends('fast pooling', (backend) => {
  for (const c of CONFIGS) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind}Pool forward matches a float64 reference (${c.name})`, async () => {
        const x = randArray(size(c.xShape), 3);
        const ref = (kind === 'max' ? refMaxPool : refAvgPool)(x, c.xShape, c.pool, c.strides, c.padding);
        const y = ours(kind, c)(tf.tensor4d(Float32Array.from(x), c.xShape as [number, number, number, number]));
        expect(y.shape).to.deep.equal(ref.shape);
        await expectClose(y, Array.from(ref.y), 1e-6, 1e-5);
        y.dispose();
      });

      it(`${kind}Pool gradient matches stock autodiff on cpu, a float64 reference and central differences (${c.name})`, async () => {
        await checkGradients(kind, c, true);
      });
    }

    it(`maxPool routes tied maxima like TF: to the first in each window (${c.name})`, async () => {
      const r = rng(9);
      const x = Float64Array.from({length: size(c.xShape)}, () => Math.floor((r() + 1) * 1.5)); // 0, 1 or 2: many ties
      const dy = randArray(refMaxPool(x, c.xShape, c.pool, c.strides, c.padding).y.length, 10);
      // Documented difference: with overlapping windows on wasm, each window's dy goes to its last maximum.
      const tie = backend === 'wasm' && overlapping(c) ? 'last' : 'first';
      const {dx} = refMaxPool(x, c.xShape, c.pool, c.strides, c.padding, dy, tie);
      const [got] = await ownGradients((t) => ours('max', c)(t as tf.Tensor4D), [{values: x, shape: c.xShape}], dy);
      expectArraysClose(got as Float32Array, dx, 'dx', 1e-6, 1e-5);
    });
  }

  // The wasm formulation is valid on cpu too; the cpu and generic ones need kernels that are wrong on
  // wasm (MaxPoolWithArgmax, MaxPoolGrad with negative inputs), so they are checked on cpu only.
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm'];
  for (const path of paths) {
    it(`the ${path} formulations match stock autodiff here`, async () => {
      forceFastPath(path);
      try {
        for (const c of [CONFIGS[2], CONFIGS[3], CONFIGS[5]] as Config[]) {
          await checkGradients('max', c, false);
          await checkGradients('avg', c, false);
        }
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
    await expectNoLeaks(async () => {
      for (const c of [CONFIGS[0], CONFIGS[2], CONFIGS[5]] as Config[]) {
        for (const kind of ['max', 'avg'] as const) {
          const g = tf.grad((t) => tf.sum(ours(kind, c)(t as tf.Tensor4D)))(x);
          await g.data();
          tf.dispose([g, ours(kind, c)(x)]);
        }
      }
    });
    x.dispose();
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => maxPool(x, {poolSize: 5})).to.throw(ShapeError, /does not fit/);
    expect(() => avgPool(x, {poolSize: 0})).to.throw(ValueError, /poolSize/);
    expect(() => maxPool(tf.zeros([4, 4, 1]) as unknown as tf.Tensor4D, {poolSize: 2})).to.throw(ShapeError, /rank 4/);
    expect(() => avgPool(x, {poolSize: 2, padding: 'full' as Padding})).to.throw(ValueError, /full/);
    x.dispose();
  });
});
