import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {depthwiseConv2d} from './depthwise-conv2d.js';
import {depthwiseFilterGradBySwappedConv, depthwiseInputGradByConv} from './depthwise-grad.js';
import {geometry} from './conv-geometry.js';
import {expectArraysClose, randArray, size, tfPad, weightedSum, type RefConv} from './reference.test.helpers.js';

interface Config extends RefConv {name: string; x: number[]; w: number[]}

const CONFIGS: Config[] = [
  {name: 'valid, multiplier 1', x: [2, 6, 7, 3], w: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], padding: 'valid'},
  {name: 'same, strides 2, multiplier 2', x: [2, 7, 6, 2], w: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], padding: 'same'},
  {name: 'same, dilation 2', x: [1, 7, 8, 2], w: [3, 3, 2, 1], strides: [1, 1], dilations: [2, 2], padding: 'same'},
  {name: '2x3 filter, strides [2,1], valid, multiplier 3', x: [2, 7, 5, 1], w: [2, 3, 1, 3], strides: [2, 1], dilations: [1, 1], padding: 'valid'},
  {name: '4x4 filter, strides 3, same', x: [1, 8, 7, 2], w: [4, 4, 2, 1], strides: [3, 3], dilations: [1, 1], padding: 'same'},
];

/** Float64 depthwise conv with bias, and the gradients of sum(z * weights), by plain loops. */
function reference(c: Config, x: Float64Array, w: Float64Array, b: Float64Array, weights: Float64Array | null) {
  const [n, h, wd, ci] = c.x as [number, number, number, number];
  const [kh, kw, , m] = c.w as [number, number, number, number];
  const [oh, pt] = tfPad(h, kh, c.strides[0], c.dilations[0], c.padding);
  const [ow, pl] = tfPad(wd, kw, c.strides[1], c.dilations[1], c.padding);
  const co = ci * m;
  const z = new Float64Array(n * oh * ow * co);
  const dx = new Float64Array(x.length), dw = new Float64Array(w.length), db = new Float64Array(co);
  for (let s = 0; s < n; s++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let q = 0; q < ci; q++) for (let r = 0; r < m; r++) {
    const o = q * m + r;
    const zi = ((s * oh + y) * ow + xx) * co + o;
    const g = weights === null ? 0 : weights[zi] as number;
    let acc = b[o] as number;
    db[o] = (db[o] as number) + g;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * c.strides[0] + i * c.dilations[0] - pt, ix = xx * c.strides[1] + j * c.dilations[1] - pl;
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
      const xi = ((s * h + iy) * wd + ix) * ci + q, wi = ((i * kw + j) * ci + q) * m + r;
      acc += (x[xi] as number) * (w[wi] as number);
      dx[xi] = (dx[xi] as number) + g * (w[wi] as number);
      dw[wi] = (dw[wi] as number) + g * (x[xi] as number);
    }
    z[zi] = acc;
  }
  return {z, shape: [n, oh, ow, co], grads: [dx, dw, db]};
}

const t = (v: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(v), shape);

function data(c: Config, seed: number) {
  const x = randArray(size(c.x), seed), w = randArray(size(c.w), seed + 1), b = randArray((c.w[2] as number) * (c.w[3] as number), seed + 2);
  const weights = randArray(size(reference(c, x, w, b, null).shape), seed + 3);
  return {x, w, b, weights, ref: reference(c, x, w, b, weights)};
}

describeBackends('fast depthwiseConv2d', (backend) => {
  for (const c of CONFIGS) {
    it(`forward and gradients match float64 references and central differences (${c.name})`, async () => {
      const d = data(c, 1);
      const ts = [t(d.x, c.x), t(d.w, c.w), t(d.b, [d.b.length])];
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => depthwiseConv2d(xx as tf.Tensor4D, ww as tf.Tensor4D,
        {strides: c.strides, dilations: c.dilations, padding: c.padding, bias: bb as tf.Tensor1D});
      const y = f(ts[0]!, ts[1]!, ts[2]!);
      expect(y.shape).to.deep.equal(d.ref.shape);
      expectArraysClose(await y.data(), d.ref.z, 'y', 2e-5, 1e-5);
      const grads = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => weightedSum(f(a, bw, bb), d.weights))(ts);
      for (let i = 0; i < 3; i++) {
        const got = await grads[i]!.data();
        expectArraysClose(got, d.ref.grads[i]!, `gradient ${i} vs float64`, 2e-5, 1e-4);
        const num = await numericGradient((v) => weightedSum(f(...(ts.map((u, j) => (j === i ? v : u)) as [tf.Tensor, tf.Tensor, tf.Tensor])), d.weights), ts[i]!);
        expectArraysClose(got, num, `gradient ${i} vs numeric`, 3e-3, 3e-3);
      }
      tf.dispose([...ts, y, ...grads]);
    });
  }

  it('the folded-conv dW and the forward-conv dX give the float64 gradients on every geometry', async () => {
    for (const c of CONFIGS) {
      const d = data(c, 9);
      const geo = geometry('test', c.x, [c.w[0] as number, c.w[1] as number], c.strides, c.dilations, c.padding);
      const [x, w, g] = [t(d.x, c.x) as tf.Tensor4D, t(d.w, c.w) as tf.Tensor4D, t(d.weights, d.ref.shape) as tf.Tensor4D];
      const dw = depthwiseFilterGradBySwappedConv(x, g, geo, c.w[3] as number);
      expectArraysClose(await dw.data(), d.ref.grads[1]!, `dW (${c.name})`, 2e-5, 1e-4);
      const dx = depthwiseInputGradByConv(g, w, geo);
      expectArraysClose(await dx.data(), d.ref.grads[0]!, `dX (${c.name})`, 2e-5, 1e-4);
      tf.dispose([x, w, g, dw, dx]);
    }
  });

  // The cpu and generic formulations call tfjs's own dX kernel for strides > 1, which wasm lacks.
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm'];
  for (const path of paths) {
    it(`the ${path} formulation matches the float64 gradients here (relu, strides 2, multiplier 2)`, async () => {
      const c = CONFIGS[1]!;
      forceFastPath(path);
      try {
        const d = data(c, 5);
        const [xt, wt] = [t(d.x, c.x), t(d.w, c.w)];
        const [dx, dw] = tf.grads((a: tf.Tensor, bw: tf.Tensor) => weightedSum(depthwiseConv2d(a as tf.Tensor4D, bw as tf.Tensor4D, {strides: 2, padding: 'same'}), d.weights))([xt, wt]);
        const ref = reference(c, d.x, d.w, new Float64Array(d.b.length), d.weights);
        expectArraysClose(await dx!.data(), ref.grads[0]!, 'dx', 2e-5, 1e-4);
        expectArraysClose(await dw!.data(), ref.grads[1]!, 'dW', 2e-5, 1e-4);
        tf.dispose([xt, wt, dx!, dw!]);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('fused relu6 and tanh: forward and gradients match tfjs autodiff of the unfused ops', async () => {
    for (const activation of ['relu6', 'tanh'] as const) {
      const x = tf.randomNormal([2, 5, 5, 2], 0, 2) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
      const b = tf.randomNormal([4]) as tf.Tensor1D;
      const act = (z: tf.Tensor): tf.Tensor => (activation === 'tanh' ? tf.tanh(z) : tf.relu6(z));
      const ours = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(depthwiseConv2d(a as tf.Tensor4D, bw as tf.Tensor4D, {padding: 'same', bias: bb as tf.Tensor1D, activation}))))([x, w, b]);
      const previous = tf.getBackend();
      await tf.setBackend('cpu');
      const [xc, wc, bc] = [tf.tensor(await x.data(), x.shape), tf.tensor(await w.data(), w.shape), tf.tensor(await b.data(), b.shape)];
      const stock = tf.grads((a: tf.Tensor, bw: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(act(tf.add(tf.depthwiseConv2d(a as tf.Tensor4D, bw as tf.Tensor4D, 1, 'same'), bb)))))([xc, wc, bc]);
      const expected = await Promise.all(stock.map((s) => s.data()));
      tf.dispose([xc, wc, bc, ...stock]);
      await tf.setBackend(previous);
      for (let i = 0; i < 3; i++) expectArraysClose(await ours[i]!.data(), expected[i]!, `${activation} gradient ${i}`, 1e-4, 1e-4);
      tf.dispose([x, w, b, ...ours]);
    }
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 9, 9, 3]) as tf.Tensor4D;
    const w = tf.variable(tf.randomNormal([3, 3, 3, 2])) as tf.Variable<tf.Rank.R4>;
    const b = tf.variable(tf.randomNormal([6])) as tf.Variable<tf.Rank.R1>;
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(depthwiseConv2d(x, w, {strides: 2, padding: 'same', bias: b, activation: 'relu6'})));
      await value.data();
      const dx = tf.grad((xx) => tf.sum(depthwiseConv2d(xx as tf.Tensor4D, w, {dilations: 2})))(x);
      tf.dispose([value, dx, ...Object.values(grads), depthwiseConv2d(x, w)]);
    });
    tf.dispose([x, w, b]);
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    expect(() => depthwiseConv2d(x, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D)).to.throw(ShapeError, /channels/);
    expect(() => depthwiseConv2d(x, tf.zeros([3, 3, 2, 2]) as tf.Tensor4D, {bias: tf.zeros([2]) as tf.Tensor1D})).to.throw(ShapeError, /bias/);
    expect(() => depthwiseConv2d(x, tf.zeros([3, 3, 2, 1]) as tf.Tensor4D, {strides: 2, dilations: 2})).to.throw(ValueError, /strides/);
    expect(() => depthwiseConv2d(x, tf.zeros([6, 6, 2, 1]) as tf.Tensor4D)).to.throw(ShapeError, /does not fit/);
  });
});
