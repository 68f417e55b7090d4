import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {matMul} from './matmul.js';
import {expectArraysClose, ownGradients, randArray, refMatMul, stockGradients, weightedSum} from './reference.test.helpers.js';

const FLAGS: Array<[boolean, boolean]> = [[false, false], [false, true], [true, false], [true, true]];

function operands(tA: boolean, tB: boolean, seed: number): {a: Float64Array; aShape: number[]; b: Float64Array; bShape: number[]; w: Float64Array} {
  const [m, k, n] = [3, 5, 4];
  const aShape = tA ? [k, m] : [m, k];
  const bShape = tB ? [n, k] : [k, n];
  return {a: randArray(m * k, seed), aShape, b: randArray(k * n, seed + 1), bShape, w: randArray(m * n, seed + 2)};
}

describeBackends('fast matMul', () => {
  for (const [tA, tB] of FLAGS) {
    const tag = `transposeA=${tA} transposeB=${tB}`;

    it(`forward matches a float64 reference (${tag})`, async () => {
      const {a, aShape, b, bShape} = operands(tA, tB, 10);
      const y = matMul(tf.tensor2d(Float32Array.from(a), aShape as [number, number]), tf.tensor2d(Float32Array.from(b), bShape as [number, number]), tA, tB);
      expect(y.shape).to.deep.equal([3, 4]);
      await expectClose(y, Array.from(refMatMul(a, aShape, b, bShape, tA, tB)), 1e-5, 1e-5);
      y.dispose();
    });

    it(`gradients match stock autodiff on cpu and central differences (${tag})`, async () => {
      const {a, aShape, b, bShape, w} = operands(tA, tB, 20);
      const inputs = [{values: a, shape: aShape}, {values: b, shape: bShape}];
      const ours = await ownGradients((p, q) => matMul(p as tf.Tensor2D, q as tf.Tensor2D, tA, tB), inputs, w);
      const stock = await stockGradients((p, q) => tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D, tA, tB), inputs, w);
      expectArraysClose(ours[0] as Float32Array, stock[0] as Float32Array, 'dA vs autodiff', 1e-5);
      expectArraysClose(ours[1] as Float32Array, stock[1] as Float32Array, 'dB vs autodiff', 1e-5);
      const at = tf.tensor2d(Float32Array.from(a), aShape as [number, number]);
      const bt = tf.tensor2d(Float32Array.from(b), bShape as [number, number]);
      const numA = await numericGradient((p) => weightedSum(matMul(p as tf.Tensor2D, bt, tA, tB), w), at);
      const numB = await numericGradient((q) => weightedSum(matMul(at, q as tf.Tensor2D, tA, tB), w), bt);
      expectArraysClose(ours[0] as Float32Array, numA, 'dA vs numeric', 1e-3, 1e-3);
      expectArraysClose(ours[1] as Float32Array, numB, 'dB vs numeric', 1e-3, 1e-3);
      tf.dispose([at, bt]);
    });
  }

  it('differentiates one operand when the other is a constant', async () => {
    const {a, aShape, b, bShape, w} = operands(false, false, 30);
    const bt = tf.tensor2d(Float32Array.from(b), bShape as [number, number]);
    const at = tf.tensor2d(Float32Array.from(a), aShape as [number, number]);
    const dA = tf.grad((p) => weightedSum(matMul(p as tf.Tensor2D, bt), w))(at);
    const stock = await stockGradients((p, q) => tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D), [{values: a, shape: aShape}, {values: b, shape: bShape}], w);
    await expectClose(dA, Array.from(stock[0] as Float32Array), 1e-5, 1e-5);
    tf.dispose([at, bt, dA]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const a = tf.variable(tf.randomNormal([6, 7])) as tf.Variable<tf.Rank.R2>;
    const b = tf.variable(tf.randomNormal([5, 7])) as tf.Variable<tf.Rank.R2>;
    await expectNoLeaks(async () => {
      for (let i = 0; i < 3; i++) {
        const {value, grads} = tf.variableGrads(() => tf.sum(matMul(a, b, false, true)));
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
      tf.dispose(matMul(a, b, false, true));
    });
    tf.dispose([a, b]);
  });

  it('rejects operands that do not fit, naming their shapes', () => {
    const a = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => matMul(a, a)).to.throw(ShapeError, /\[2,3\]/);
    expect(() => matMul(tf.zeros([2, 3, 1]) as unknown as tf.Tensor2D, a)).to.throw(ShapeError, /rank 2/);
    a.dispose();
  });
});
