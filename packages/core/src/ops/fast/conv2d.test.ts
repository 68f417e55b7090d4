import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {activate} from './activation.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {conv2d} from './conv2d.js';
import {act, coversPieces, expectArraysClose, kinkDistance, ownGradients, randArray, refConv2d, size, stockGradients, weightedSum, type RefConv} from './reference.test.helpers.js';
import type {FusedActivation, Padding} from './types.js';

interface Config {
  name: string; xShape: number[]; wShape: number[]; strides: [number, number]; dilations: [number, number]; padding: Padding;
}

const GEOMETRIES: Config[] = [
  {name: 'strides 1 valid', xShape: [2, 6, 7, 3], wShape: [3, 3, 3, 4], strides: [1, 1], dilations: [1, 1], padding: 'valid'},
  {name: 'strides 1 same', xShape: [2, 6, 7, 3], wShape: [3, 3, 3, 4], strides: [1, 1], dilations: [1, 1], padding: 'same'},
  {name: 'strides 2 valid', xShape: [2, 7, 6, 3], wShape: [3, 3, 3, 4], strides: [2, 2], dilations: [1, 1], padding: 'valid'},
  {name: 'strides 2 same', xShape: [2, 7, 6, 3], wShape: [3, 3, 3, 4], strides: [2, 2], dilations: [1, 1], padding: 'same'},
  {name: 'dilation 2 same', xShape: [2, 7, 8, 2], wShape: [3, 3, 2, 3], strides: [1, 1], dilations: [2, 2], padding: 'same'},
  {name: 'dilation 2 valid', xShape: [2, 7, 8, 2], wShape: [3, 3, 2, 3], strides: [1, 1], dilations: [2, 2], padding: 'valid'},
  {name: '2x3 filter, strides [2,1], same', xShape: [1, 7, 5, 2], wShape: [2, 3, 2, 3], strides: [2, 1], dilations: [1, 1], padding: 'same'},
  {name: '4x4 filter, strides 3, same', xShape: [2, 8, 7, 1], wShape: [4, 4, 1, 2], strides: [3, 3], dilations: [1, 1], padding: 'same'},
  {name: '1x1 filter, strides 1, same', xShape: [2, 4, 5, 3], wShape: [1, 1, 3, 2], strides: [1, 1], dilations: [1, 1], padding: 'same'},
  {name: '1x1 filter, strides 2, same', xShape: [2, 5, 4, 3], wShape: [1, 1, 3, 2], strides: [2, 2], dilations: [1, 1], padding: 'same'},
  {name: '1x1 filter, strides [1,2], valid', xShape: [2, 4, 5, 3], wShape: [1, 1, 3, 2], strides: [1, 2], dilations: [1, 1], padding: 'valid'},
];

const ACTIVATIONS: FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu'];
const ACT_CONFIG: Config = {name: 'activation', xShape: [1, 5, 5, 2], wShape: [3, 3, 2, 3], strides: [1, 1], dilations: [1, 1], padding: 'same'};

interface Data {x: Float64Array; w: Float64Array; b: Float64Array | null; y: Float64Array; weights: Float64Array; shape: number[]}

/** Seeded data; with an activation, pre-activations stay 0.05 from its kinks (numeric gradients use eps 0.01). */
function makeData(c: Config, activation: FusedActivation, withBias: boolean): Data {
  for (let seed = 1; ; seed += 11) {
    const x = randArray(size(c.xShape), seed);
    const w = randArray(size(c.wShape), seed + 1);
    const b = withBias ? randArray(c.wShape[3] as number, seed + 2, activation === 'relu6' ? 8 : 1) : null;
    const {z, shape} = refConv2d(x, c.xShape, w, c.wShape, c as RefConv, b);
    if (z.every((v) => kinkDistance(v, activation) > 0.05) && coversPieces(z, activation)) {
      return {x, w, b, shape, y: z.map((v) => act(v, activation)), weights: randArray(z.length, seed + 3)};
    }
  }
}

/** Stock tfjs conv; dilations become a zero-dilated filter, since tfjs's conv2d gradient rejects dilations. */
function stockConv(c: Config, activation: FusedActivation) {
  return (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor => {
    let filter = w as tf.Tensor4D;
    const [kh, kw, ci, co] = c.wShape as [number, number, number, number];
    const [dh, dw] = c.dilations;
    if (dh > 1 || dw > 1) {
      const padded = tf.pad(tf.reshape(w, [kh, 1, kw, 1, ci, co]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
      filter = tf.slice(tf.reshape(padded, [kh * dh, kw * dw, ci, co]), 0, [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]) as tf.Tensor4D;
    }
    const z = tf.conv2d(x as tf.Tensor4D, filter, c.strides, c.padding);
    return activate(b === undefined ? z : tf.add(z, b), activation);
  };
}

const t = (values: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(values), shape);

function ours(c: Config, activation: FusedActivation) {
  return (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor => conv2d(x as tf.Tensor4D, w as tf.Tensor4D,
    {strides: c.strides, dilations: c.dilations, padding: c.padding, bias: (b ?? null) as tf.Tensor1D | null, activation});
}

async function checkGradients(c: Config, activation: FusedActivation, withBias: boolean, numeric: boolean): Promise<void> {
  const d = makeData(c, activation, withBias);
  const inputs = [{values: d.x, shape: c.xShape}, {values: d.w, shape: c.wShape}];
  if (d.b !== null) inputs.push({values: d.b, shape: [c.wShape[3] as number]});
  const f = ours(c, activation);
  const got = await ownGradients(f, inputs, d.weights);
  const stock = await stockGradients(stockConv(c, activation), inputs, d.weights);
  const names = ['dx', 'dW', 'db'];
  got.forEach((g, i) => expectArraysClose(g, stock[i] as Float32Array, `${names[i]} vs autodiff`, 2e-5, 1e-4));
  if (!numeric) return;
  const ts = inputs.map((i) => t(i.values, i.shape));
  for (let i = 0; i < ts.length; i++) {
    const num = await numericGradient((v) => weightedSum(f(...ts.map((u, j) => (j === i ? v : u)) as [tf.Tensor, tf.Tensor]), d.weights), ts[i] as tf.Tensor);
    expectArraysClose(got[i] as Float32Array, num, `${names[i]} vs numeric`, 3e-3, 3e-3);
  }
  tf.dispose(ts);
}

describeBackends('fast conv2d', (backend) => {
  for (const c of GEOMETRIES) {
    it(`forward matches a float64 reference (${c.name})`, async () => {
      const d = makeData(c, 'linear', true);
      const y = ours(c, 'linear')(t(d.x, c.xShape), t(d.w, c.wShape), t(d.b as Float64Array, [c.wShape[3] as number]));
      expect(y.shape).to.deep.equal(d.shape);
      await expectClose(y, Array.from(d.y), 2e-5, 1e-5);
      y.dispose();
    });

    it(`gradients match stock autodiff on cpu and central differences (${c.name})`, async () => {
      await checkGradients(c, 'linear', true, true);
    });
  }

  for (const activation of ACTIVATIONS) {
    it(`forward and gradients with bias and ${activation}`, async () => {
      const d = makeData(ACT_CONFIG, activation, true);
      const y = ours(ACT_CONFIG, activation)(t(d.x, ACT_CONFIG.xShape), t(d.w, ACT_CONFIG.wShape), t(d.b as Float64Array, [3]));
      await expectClose(y, Array.from(d.y), 2e-5, 1e-5);
      y.dispose();
      await checkGradients(ACT_CONFIG, activation, true, true);
    });
  }

  // Every formulation is valid on every backend that has its ops; check the ones not chosen here too.
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm', 'cpu'];
  for (const path of paths) {
    it(`the ${path} formulation matches stock autodiff here (strides 2 same, dilation 2 valid, no bias)`, async () => {
      forceFastPath(path);
      try {
        await checkGradients(GEOMETRIES[3] as Config, 'relu', false, false);
        await checkGradients(GEOMETRIES[5] as Config, 'linear', true, false);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('trains the filter of a layer fed with data (no dx), and differentiates x alone', async () => {
    const c = GEOMETRIES[1] as Config;
    const d = makeData(c, 'relu', true);
    const stock = await stockGradients(stockConv(c, 'relu'), [{values: d.x, shape: c.xShape}, {values: d.w, shape: c.wShape}, {values: d.b as Float64Array, shape: [4]}], d.weights);
    const x = t(d.x, c.xShape) as tf.Tensor4D;
    const w = tf.variable(t(d.w, c.wShape)) as tf.Variable<tf.Rank.R4>;
    const b = tf.variable(t(d.b as Float64Array, [4])) as tf.Variable<tf.Rank.R1>;
    const f = (xx: tf.Tensor4D): tf.Scalar => weightedSum(conv2d(xx, w, {padding: 'same', bias: b, activation: 'relu'}), d.weights);
    const {grads} = tf.variableGrads(() => f(x), [w, b]);
    await expectClose(grads[w.name] as tf.Tensor, Array.from(stock[1] as Float32Array), 2e-5, 1e-4);
    await expectClose(grads[b.name] as tf.Tensor, Array.from(stock[2] as Float32Array), 2e-5, 1e-4);
    const dx = tf.grad((xx) => f(xx as tf.Tensor4D))(x);
    await expectClose(dx, Array.from(stock[0] as Float32Array), 2e-5, 1e-4);
    tf.dispose([x, w, b, dx, ...Object.values(grads)]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 9, 9, 3]) as tf.Tensor4D;
    const w = tf.variable(tf.randomNormal([3, 3, 3, 4])) as tf.Variable<tf.Rank.R4>;
    const b = tf.variable(tf.randomNormal([4])) as tf.Variable<tf.Rank.R1>;
    await expectNoLeaks(async () => {
      for (const strides of [1, 2]) {
        const {value, grads} = tf.variableGrads(() => tf.sum(conv2d(x, w, {strides, padding: 'same', bias: b, activation: 'tanh'})));
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
      const dx = tf.grad((xx) => tf.sum(conv2d(xx as tf.Tensor4D, w, {dilations: 2})))(x);
      tf.dispose([dx, conv2d(x, w, {bias: b, activation: 'relu'})]);
    });
    tf.dispose([x, w, b]);
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    expect(() => conv2d(x, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D)).to.throw(ShapeError, /channels/);
    expect(() => conv2d(x, tf.zeros([3, 3, 2, 1]) as tf.Tensor4D, {strides: 2, dilations: 2})).to.throw(ValueError, /strides/);
    expect(() => conv2d(x, tf.zeros([6, 6, 2, 1]) as tf.Tensor4D)).to.throw(ShapeError, /does not fit/);
    expect(() => conv2d(x, tf.zeros([3, 3, 2, 1]) as tf.Tensor4D, {padding: 'full' as Padding})).to.throw(ValueError, /full/);
    expect(() => conv2d(x, tf.zeros([3, 3, 2, 1]) as tf.Tensor4D, {strides: 0})).to.throw(ValueError, /strides/);
  });
});
