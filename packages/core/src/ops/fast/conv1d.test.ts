import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {conv1d} from './conv1d.js';
import {expectArraysClose, randArray, weightedSum} from './reference.test.helpers.js';

interface Config {name: string; x: [number, number, number]; w: [number, number, number]; stride: number; dilation: number; padding: 'valid' | 'same' | 'causal'}

const CONFIGS: Config[] = [
  {name: 'valid', x: [2, 9, 3], w: [3, 3, 4], stride: 1, dilation: 1, padding: 'valid'},
  {name: 'same, stride 2', x: [2, 9, 3], w: [3, 3, 2], stride: 2, dilation: 1, padding: 'same'},
  {name: 'causal, dilation 2', x: [2, 8, 2], w: [3, 2, 3], stride: 1, dilation: 2, padding: 'causal'},
  {name: 'causal, stride 3, k 2', x: [1, 10, 2], w: [2, 2, 2], stride: 3, dilation: 1, padding: 'causal'},
  {name: 'same, dilation 3, k 4', x: [2, 11, 1], w: [4, 1, 2], stride: 1, dilation: 3, padding: 'same'},
];

/**
 * Float64 conv1d with bias and the gradients of sum(y * weights), by plain loops. Padding before the
 * first step: TF 'same' puts floor(total/2) there; Keras 'causal' (keras/src/ops/nn.py, conv with
 * padding="causal") puts all (k-1)·dilation there.
 */
function reference(c: Config, x: Float64Array, w: Float64Array, b: Float64Array, weights: Float64Array | null) {
  const [n, steps, ci] = c.x;
  const [k, , co] = c.w;
  const span = (k - 1) * c.dilation + 1;
  let out: number, before: number;
  if (c.padding === 'valid') [out, before] = [Math.floor((steps - span) / c.stride) + 1, 0];
  else if (c.padding === 'causal') [out, before] = [Math.floor((steps - 1) / c.stride) + 1, span - 1];
  else {
    out = Math.ceil(steps / c.stride);
    before = Math.floor(Math.max((out - 1) * c.stride + span - steps, 0) / 2);
  }
  const y = new Float64Array(n * out * co);
  const dx = new Float64Array(x.length), dw = new Float64Array(w.length), db = new Float64Array(co);
  for (let s = 0; s < n; s++) for (let t = 0; t < out; t++) for (let o = 0; o < co; o++) {
    const yi = (s * out + t) * co + o;
    const g = weights === null ? 0 : weights[yi] as number;
    let acc = b[o] as number;
    db[o] = (db[o] as number) + g;
    for (let i = 0; i < k; i++) {
      const at = t * c.stride + i * c.dilation - before;
      if (at < 0 || at >= steps) continue;
      for (let q = 0; q < ci; q++) {
        const xi = (s * steps + at) * ci + q, wi = (i * ci + q) * co + o;
        acc += (x[xi] as number) * (w[wi] as number);
        dx[xi] = (dx[xi] as number) + g * (w[wi] as number);
        dw[wi] = (dw[wi] as number) + g * (x[xi] as number);
      }
    }
    y[yi] = acc;
  }
  return {y, shape: [n, out, co], grads: [dx, dw, db]};
}

const t = (v: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(v), shape);

describeBackends('fast conv1d', (backend) => {
  for (const c of CONFIGS) {
    it(`forward and gradients match float64 references and central differences (${c.name})`, async () => {
      const x = randArray(c.x[0] * c.x[1] * c.x[2], 1), w = randArray(c.w[0] * c.w[1] * c.w[2], 2), b = randArray(c.w[2], 3);
      const shape = reference(c, x, w, b, null).shape;
      const weights = randArray(shape[0]! * shape[1]! * shape[2]!, 4);
      const ref = reference(c, x, w, b, weights);
      const ts = [t(x, c.x), t(w, c.w), t(b, [c.w[2]])];
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => conv1d(xx as tf.Tensor3D, ww as tf.Tensor3D,
        {strides: c.stride, dilations: c.dilation, padding: c.padding, bias: bb as tf.Tensor1D});
      const y = f(ts[0]!, ts[1]!, ts[2]!);
      expect(y.shape).to.deep.equal(ref.shape);
      expectArraysClose(await y.data(), ref.y, 'y', 2e-5, 1e-5);
      const grads = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => weightedSum(f(a, bw, bb), weights))(ts);
      for (let i = 0; i < 3; i++) {
        const got = await grads[i]!.data();
        expectArraysClose(got, ref.grads[i]!, `gradient ${i} vs float64`, 2e-5, 1e-4);
        const num = await numericGradient((v) => weightedSum(f(...(ts.map((u, j) => (j === i ? v : u)) as [tf.Tensor, tf.Tensor, tf.Tensor])), weights), ts[i]!);
        expectArraysClose(got, num, `gradient ${i} vs numeric`, 3e-3, 3e-3);
      }
      tf.dispose([...ts, y, ...grads]);
    });
  }

  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm', 'cpu'];
  for (const path of paths) {
    it(`the ${path} formulation gives the float64 filter gradient here (causal, dilation 2)`, async () => {
      const c = CONFIGS[2]!;
      const x = randArray(c.x[0] * c.x[1] * c.x[2], 5), w = randArray(c.w[0] * c.w[1] * c.w[2], 6), b = new Float64Array(c.w[2]);
      const weights = randArray(c.x[0] * c.x[1] * c.w[2], 7);
      const ref = reference(c, x, w, b, weights);
      forceFastPath(path);
      try {
        const [xt, wt] = [t(x, c.x) as tf.Tensor3D, t(w, c.w) as tf.Tensor3D];
        const [dx, dw] = tf.grads((a: tf.Tensor, bw: tf.Tensor) => weightedSum(conv1d(a as tf.Tensor3D, bw as tf.Tensor3D, {padding: 'causal', dilations: 2}), weights))([xt, wt]);
        expectArraysClose(await dx!.data(), ref.grads[0]!, 'dx', 2e-5, 1e-4);
        expectArraysClose(await dw!.data(), ref.grads[1]!, 'dW', 2e-5, 1e-4);
        tf.dispose([xt, wt, dx!, dw!]);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 12, 3]) as tf.Tensor3D;
    const w = tf.variable(tf.randomNormal([3, 3, 4])) as tf.Variable<tf.Rank.R3>;
    const b = tf.variable(tf.randomNormal([4])) as tf.Variable<tf.Rank.R1>;
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(conv1d(x, w, {padding: 'causal', dilations: 2, bias: b, activation: 'relu'})));
      await value.data();
      const dx = tf.grad((xx) => tf.sum(conv1d(xx as tf.Tensor3D, w, {strides: 2, padding: 'same'})))(x);
      tf.dispose([value, dx, ...Object.values(grads), conv1d(x, w)]);
    });
    tf.dispose([x, w, b]);
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 5, 2]) as tf.Tensor3D;
    expect(() => conv1d(x, tf.zeros([3, 3, 1]) as tf.Tensor3D)).to.throw(ShapeError, /channels/);
    expect(() => conv1d(tf.zeros([5, 2]) as unknown as tf.Tensor3D, tf.zeros([3, 2, 1]) as tf.Tensor3D)).to.throw(ShapeError, /rank 3/);
    expect(() => conv1d(x, tf.zeros([6, 2, 1]) as tf.Tensor3D)).to.throw(ShapeError, /does not fit/);
    expect(() => conv1d(x, tf.zeros([3, 2, 1]) as tf.Tensor3D, {strides: 2, dilations: 2})).to.throw(ValueError, /strides/);
    expect(() => conv1d(x, tf.zeros([3, 2, 1]) as tf.Tensor3D, {padding: 'full' as 'same'})).to.throw(ValueError, /full/);
    expect(() => conv1d(x, tf.zeros([3, 2, 1]) as tf.Tensor3D, {dilations: 0})).to.throw(ValueError, /dilations/);
  });
});
