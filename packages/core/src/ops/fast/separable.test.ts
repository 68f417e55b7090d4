import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {separableConv2d} from './separable.js';
import {expectArraysClose, randArray, size, weightedSum} from './reference.test.helpers.js';

interface Config {name: string; x: number[]; k: [number, number]; m: number; f: number; strides: [number, number]; dilations: [number, number]; padding: 'valid' | 'same'}

const CONFIGS: Config[] = [
  {name: 'valid, multiplier 1', x: [2, 5, 4, 3], k: [3, 2], m: 1, f: 2, strides: [1, 1], dilations: [1, 1], padding: 'valid'},
  {name: 'same, strides 2, multiplier 2', x: [1, 5, 6, 2], k: [3, 3], m: 2, f: 3, strides: [2, 2], dilations: [1, 1], padding: 'same'},
  {name: 'same, dilation 2', x: [1, 6, 5, 2], k: [2, 3], m: 1, f: 2, strides: [1, 1], dilations: [2, 2], padding: 'same'},
];

/** Float64 separable conv: depthwise (channel c·M + m) then pointwise, plus bias; gradients of sum(y · weights). */
function reference(c: Config, x: Float64Array, dw: Float64Array, pw: Float64Array, b: Float64Array, weights: Float64Array | null) {
  const [n, h, wd, ci] = c.x as [number, number, number, number];
  const [kh, kw] = c.k;
  const pad = (len: number, k: number, s: number, d: number): [number, number] => {
    const span = (k - 1) * d + 1;
    if (c.padding === 'valid') return [Math.floor((len - span) / s) + 1, 0];
    const o = Math.ceil(len / s);
    return [o, Math.floor(Math.max((o - 1) * s + span - len, 0) / 2)];
  };
  const [oh, pt] = pad(h, kh, c.strides[0], c.dilations[0]);
  const [ow, pl] = pad(wd, kw, c.strides[1], c.dilations[1]);
  const cm = ci * c.m;
  const mid = new Float64Array(n * oh * ow * cm);
  const midTaps: Array<Array<[number, number]>> = Array.from({length: mid.length}, () => []);
  for (let s = 0; s < n; s++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) for (let q = 0; q < ci; q++) for (let r = 0; r < c.m; r++) {
    const mi = ((s * oh + y) * ow + xx) * cm + q * c.m + r;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const iy = y * c.strides[0] + i * c.dilations[0] - pt, ix = xx * c.strides[1] + j * c.dilations[1] - pl;
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
      const xi = ((s * h + iy) * wd + ix) * ci + q, wi = ((i * kw + j) * ci + q) * c.m + r;
      mid[mi] = (mid[mi] as number) + (x[xi] as number) * (dw[wi] as number);
      midTaps[mi]!.push([xi, wi]);
    }
  }
  const y = new Float64Array(n * oh * ow * c.f);
  const dmid = new Float64Array(mid.length), dpw = new Float64Array(pw.length), db = new Float64Array(c.f);
  for (let p = 0; p < n * oh * ow; p++) for (let o = 0; o < c.f; o++) {
    let acc = b[o] as number;
    const g = weights === null ? 0 : weights[p * c.f + o] as number;
    db[o] = (db[o] as number) + g;
    for (let q = 0; q < cm; q++) {
      acc += (mid[p * cm + q] as number) * (pw[q * c.f + o] as number);
      dmid[p * cm + q] = (dmid[p * cm + q] as number) + g * (pw[q * c.f + o] as number);
      dpw[q * c.f + o] = (dpw[q * c.f + o] as number) + g * (mid[p * cm + q] as number);
    }
    y[p * c.f + o] = acc;
  }
  const dx = new Float64Array(x.length), ddw = new Float64Array(dw.length);
  midTaps.forEach((taps, mi) => taps.forEach(([xi, wi]) => {
    dx[xi] = (dx[xi] as number) + (dmid[mi] as number) * (dw[wi] as number);
    ddw[wi] = (ddw[wi] as number) + (dmid[mi] as number) * (x[xi] as number);
  }));
  return {y, shape: [n, oh, ow, c.f], grads: [dx, ddw, dpw, db]};
}

const t = (v: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(v), shape);

describeBackends('fast separableConv2d', () => {
  for (const c of CONFIGS) {
    it(`forward and gradients match float64 references and central differences (${c.name})`, async () => {
      const dwShape = [...c.k, c.x[3] as number, c.m], pwShape = [1, 1, (c.x[3] as number) * c.m, c.f];
      const x = randArray(size(c.x), 1), dw = randArray(size(dwShape), 2), pw = randArray(size(pwShape), 3), b = randArray(c.f, 4);
      const shape = reference(c, x, dw, pw, b, null).shape;
      const weights = randArray(size(shape), 5);
      const ref = reference(c, x, dw, pw, b, weights);
      const ts = [t(x, c.x), t(dw, dwShape), t(pw, pwShape), t(b, [c.f])];
      const f = (...a: tf.Tensor[]): tf.Tensor => separableConv2d(a[0] as tf.Tensor4D, a[1] as tf.Tensor4D, a[2] as tf.Tensor4D,
        {strides: c.strides, dilations: c.dilations, padding: c.padding, bias: a[3] as tf.Tensor1D});
      const y = f(...ts);
      expect(y.shape).to.deep.equal(shape);
      expectArraysClose(await y.data(), ref.y, 'y', 3e-5, 1e-5);
      const grads = tf.grads((...a: tf.Tensor[]) => weightedSum(f(...a), weights))(ts);
      for (let i = 0; i < 4; i++) {
        const got = await grads[i]!.data();
        expectArraysClose(got, ref.grads[i]!, `gradient ${i} vs float64`, 3e-5, 1e-4);
        const num = await numericGradient((v) => weightedSum(f(...ts.map((u, j) => (j === i ? v : u))), weights), ts[i]!);
        expectArraysClose(got, num, `gradient ${i} vs numeric`, 3e-3, 3e-3);
      }
      tf.dispose([...ts, y, ...grads]);
    });
  }

  it('leaks no tensors and refuses a pointwise kernel of the wrong shape', async () => {
    const x = tf.randomNormal([2, 6, 6, 3]) as tf.Tensor4D;
    const dw = tf.variable(tf.randomNormal([3, 3, 3, 2])) as tf.Variable<tf.Rank.R4>;
    const pw = tf.variable(tf.randomNormal([1, 1, 6, 4])) as tf.Variable<tf.Rank.R4>;
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(separableConv2d(x, dw, pw, {strides: 2, padding: 'same', activation: 'relu6'})));
      await value.data();
      tf.dispose([value, ...Object.values(grads), separableConv2d(x, dw, pw)]);
    });
    expect(() => separableConv2d(x, dw, tf.zeros([1, 1, 3, 4]) as tf.Tensor4D)).to.throw(ShapeError, /pointwise must have shape \[1, 1, 6, filters\]/);
    tf.dispose([x, dw, pw]);
  });
});
