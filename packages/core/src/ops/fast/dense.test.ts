import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {activate} from './activation.js';
import {dense} from './dense.js';
import {act, coversPieces, expectArraysClose, kinkDistance, ownGradients, randArray, refMatMul, size, stockGradients, weightedSum} from './reference.test.helpers.js';
import type {FusedActivation} from './types.js';

const ACTIVATIONS: FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu'];

interface Case {
  x: Float64Array; xShape: number[]; w: Float64Array; wShape: number[]; b: Float64Array | null; y: Float64Array; z: Float64Array; weights: Float64Array;
}

/** Seeded data whose pre-activations stay 0.05 away from the activation's kinks (numeric gradients use eps 0.01). */
function makeCase(activation: FusedActivation, xShape: number[], units: number, withBias: boolean): Case {
  const inUnits = xShape[xShape.length - 1] as number;
  const rows = size(xShape) / inUnits;
  for (let seed = 1; ; seed += 7) {
    const x = randArray(size(xShape), seed);
    const w = randArray(inUnits * units, seed + 1);
    // relu6 needs pre-activations on both sides of 6 too.
    const b = withBias ? randArray(units, seed + 2, activation === 'relu6' ? 8 : 1) : null;
    const z = refMatMul(x, [rows, inUnits], w, [inUnits, units], false, false).map((v, i) => v + (b === null ? 0 : b[i % units] as number));
    if (z.every((v) => kinkDistance(v, activation) > 0.05) && coversPieces(z, activation)) {
      return {x, xShape, w, wShape: [inUnits, units], b, z, y: z.map((v) => act(v, activation)), weights: randArray(z.length, seed + 3)};
    }
  }
}

function stockDense(activation: FusedActivation, units: number) {
  return (x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor => {
    const x2 = tf.reshape(x, [-1, w.shape[0] as number]) as tf.Tensor2D;
    const z = b === undefined ? tf.matMul(x2, w as tf.Tensor2D) : tf.add(tf.matMul(x2, w as tf.Tensor2D), b);
    return tf.reshape(activate(z, activation), [...x.shape.slice(0, -1), units]);
  };
}

const t = (values: Float64Array, shape: number[]): tf.Tensor => tf.tensor(Float32Array.from(values), shape);

describeBackends('fast dense', () => {
  for (const activation of ACTIVATIONS) {
    it(`forward matches a float64 reference, rank-3 input, bias, ${activation}`, async () => {
      const c = makeCase(activation, [2, 3, 5], 4, true);
      const y = dense(t(c.x, c.xShape), t(c.w, c.wShape) as tf.Tensor2D, t(c.b as Float64Array, [4]) as tf.Tensor1D, activation);
      expect(y.shape).to.deep.equal([2, 3, 4]);
      await expectClose(y, Array.from(c.y), 1e-5, 1e-5);
      y.dispose();
    });

    it(`gradients of x, kernel and bias match stock autodiff on cpu and central differences (${activation})`, async () => {
      const c = makeCase(activation, [2, 3, 5], 4, true);
      const inputs = [{values: c.x, shape: c.xShape}, {values: c.w, shape: c.wShape}, {values: c.b as Float64Array, shape: [4]}];
      const ours = await ownGradients((x, w, b) => dense(x as tf.Tensor, w as tf.Tensor2D, b as tf.Tensor1D, activation), inputs, c.weights);
      const stock = await stockGradients(stockDense(activation, 4), inputs, c.weights);
      ['dx', 'dW', 'db'].forEach((name, i) => expectArraysClose(ours[i] as Float32Array, stock[i] as Float32Array, `${name} vs autodiff`, 1e-5, 1e-4));
      const [xt, wt, bt] = inputs.map((i) => t(i.values, i.shape)) as [tf.Tensor, tf.Tensor2D, tf.Tensor1D];
      const numeric = [
        await numericGradient((x) => weightedSum(dense(x, wt, bt, activation), c.weights), xt),
        await numericGradient((w) => weightedSum(dense(xt, w as tf.Tensor2D, bt, activation), c.weights), wt),
        await numericGradient((b) => weightedSum(dense(xt, wt, b as tf.Tensor1D, activation), c.weights), bt),
      ];
      ['dx', 'dW', 'db'].forEach((name, i) => expectArraysClose(ours[i] as Float32Array, numeric[i] as Float64Array, `${name} vs numeric`, 2e-3, 2e-3));
      tf.dispose([xt, wt, bt]);
    });
  }

  it('forward and gradients without bias, rank-2 input', async () => {
    const c = makeCase('tanh', [3, 6], 2, false);
    const y = dense(t(c.x, c.xShape), t(c.w, c.wShape) as tf.Tensor2D, null, 'tanh');
    await expectClose(y, Array.from(c.y), 1e-5, 1e-5);
    y.dispose();
    const inputs = [{values: c.x, shape: c.xShape}, {values: c.w, shape: c.wShape}];
    const ours = await ownGradients((x, w) => dense(x as tf.Tensor, w as tf.Tensor2D, null, 'tanh'), inputs, c.weights);
    const stock = await stockGradients(stockDense('tanh', 2), inputs, c.weights);
    expectArraysClose(ours[0] as Float32Array, stock[0] as Float32Array, 'dx', 1e-5, 1e-4);
    expectArraysClose(ours[1] as Float32Array, stock[1] as Float32Array, 'dW', 1e-5, 1e-4);
  });

  it('trains the weights of a layer fed with data (no dx), and differentiates x alone', async () => {
    const c = makeCase('relu', [4, 5], 3, true);
    const stock = await stockGradients(stockDense('relu', 3), [{values: c.x, shape: c.xShape}, {values: c.w, shape: c.wShape}, {values: c.b as Float64Array, shape: [3]}], c.weights);
    const x = t(c.x, c.xShape);
    const w = tf.variable(t(c.w, c.wShape)) as tf.Variable<tf.Rank.R2>;
    const b = tf.variable(t(c.b as Float64Array, [3])) as tf.Variable<tf.Rank.R1>;
    const {grads} = tf.variableGrads(() => weightedSum(dense(x, w, b, 'relu'), c.weights), [w, b]);
    await expectClose(grads[w.name] as tf.Tensor, Array.from(stock[1] as Float32Array), 1e-5, 1e-4);
    await expectClose(grads[b.name] as tf.Tensor, Array.from(stock[2] as Float32Array), 1e-5, 1e-4);
    const dx = tf.grad((xx) => weightedSum(dense(xx, w, b, 'relu'), c.weights))(x);
    await expectClose(dx, Array.from(stock[0] as Float32Array), 1e-5, 1e-4);
    tf.dispose([x, w, b, dx, ...Object.values(grads)]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([4, 3, 6]);
    const w = tf.variable(tf.randomNormal([6, 5])) as tf.Variable<tf.Rank.R2>;
    const b = tf.variable(tf.randomNormal([5])) as tf.Variable<tf.Rank.R1>;
    await expectNoLeaks(async () => {
      for (let i = 0; i < 3; i++) {
        const {value, grads} = tf.variableGrads(() => tf.sum(dense(x, w, b, 'relu')));
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
      tf.dispose(dense(x, w, b, 'sigmoid'));
    });
    tf.dispose([x, w, b]);
  });

  it('rejects shapes and activations that do not fit', () => {
    const x = tf.zeros([2, 3]);
    const w = tf.zeros([4, 2]) as tf.Tensor2D;
    expect(() => dense(x, w)).to.throw(ShapeError, /\[2,3\]/);
    expect(() => dense(tf.zeros([3, 4]), w, tf.zeros([3]) as tf.Tensor1D)).to.throw(ShapeError, /bias/);
    expect(() => dense(tf.zeros([3, 4]), w, null, 'swish' as FusedActivation)).to.throw(ValueError, /swish/);
  });
});
