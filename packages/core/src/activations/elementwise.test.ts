import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../testing/index.js';
import {KERAS2_HARD_SIGMOID, activationNames, celu, elu, gelu, getActivation, leakyRelu, relu, thresholdedRelu} from './index.js';

// Float64 references written from the published formulas.
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** erf by its everywhere-convergent series of positive terms: 2/√π·e^{-x²}·Σ 2ⁿx^{2n+1}/(2n+1)!!. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x); // erfc(6) ≈ 2e-17
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 400 && term > 1e-17 * sum; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * Math.min(1, (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum);
}
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const hardSigmoid = (x: number): number => Math.min(6, Math.max(0, x + 3)) / 6;
const eluRef = (x: number, a = 1): number => (x > 0 ? x : a * Math.expm1(x));

const xs = [-30, -7, -3.5, -3, -2.5, -1.2, -0.3, 0, 0.3, 1, 1.7, 2.5, 3, 4.5, 9, 30];

const references: [string, (x: number) => number][] = [
  ['leaky_relu', (x) => (x > 0 ? x : 0.2 * x)],
  ['selu', (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x))],
  ['celu', (x) => Math.max(x, 0) + Math.min(0, Math.expm1(x))],
  ['gelu', (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ['gelu_new', (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))],
  ['silu', (x) => x * sigmoid(x)],
  ['swish', (x) => x * sigmoid(x)],
  ['softplus', softplus],
  ['softsign', (x) => x / (1 + Math.abs(x))],
  ['hard_sigmoid', hardSigmoid],
  ['hard_silu', (x) => x * hardSigmoid(x)],
  ['hard_swish', (x) => x * hardSigmoid(x)],
  ['hard_tanh', (x) => Math.max(-1, Math.min(1, x))],
  ['log_sigmoid', (x) => -softplus(-x)],
  ['mish', (x) => x * Math.tanh(softplus(x))],
  ['exponential', (x) => Math.exp(x)],
  ['thresholded_relu', (x) => (x > 1 ? x : 0)],
];

describe('activation float64 references', () => {
  it('erf series matches known values', () => {
    // erf(1) = 0.8427007929497149, erf(0.5) = 0.5204998778130465, erf(3) = 0.9999779095030014
    expect(erf(1)).to.be.closeTo(0.8427007929497149, 1e-15);
    expect(erf(0.5)).to.be.closeTo(0.5204998778130465, 1e-15);
    expect(erf(-3)).to.be.closeTo(-0.9999779095030014, 1e-15);
  });
});

describeBackends('element-wise activations', () => {
  for (const [name, ref] of references) {
    it(`${name} matches its float64 formula, including large |x|`, async () => {
      const x = tf.tensor1d(xs);
      await expectNoLeaks(async () => {
        const y = getActivation(name).apply(x);
        expect(y.shape).to.deep.equal([xs.length]);
        await expectClose(y, xs.map(ref), 2e-6, 2e-6);
        y.dispose();
      });
      x.dispose();
    });
  }

  it('hard_sigmoid: Keras 3 relu6(x+3)/6 by name, Keras 2 clip(0.2x+0.5, 0, 1) as KERAS2_HARD_SIGMOID', async () => {
    const x = tf.tensor1d([-3, -2.5, -1, 0, 1, 2.5, 3]);
    const k3 = getActivation('hard_sigmoid').apply(x);
    const k2 = KERAS2_HARD_SIGMOID.apply(x);
    await expectClose(k3, [0, 1 / 12, 1 / 3, 0.5, 2 / 3, 11 / 12, 1], 1e-7);
    await expectClose(k2, [0, 0, 0.3, 0.5, 0.7, 1, 1], 1e-7);
    expect(KERAS2_HARD_SIGMOID.name).to.equal('hard_sigmoid');
    expect(getActivation('hardSigmoid').name).to.equal('hard_sigmoid');
    tf.dispose([x, k3, k2]);
  });

  it('functions take Keras 3 hyper-parameters', async () => {
    const v = [-4, -1, 0, 0.5, 1, 2, 3, 8];
    const x = tf.tensor1d(v);
    const cases: [tf.Tensor, number[]][] = [
      [relu(x, {negativeSlope: 0.1, maxValue: 5, threshold: 1}), v.map((t) => (t > 1 ? Math.min(t, 5) : 0.1 * (t - 1)))],
      [relu(x, {maxValue: 6}), v.map((t) => Math.min(6, Math.max(0, t)))],
      [relu(x, {maxValue: 2.5}), v.map((t) => Math.min(2.5, Math.max(0, t)))],
      [relu(x, {negativeSlope: 0.3}), v.map((t) => (t > 0 ? t : 0.3 * t))],
      [relu(x, {threshold: 2}), v.map((t) => (t > 2 ? t : 0))],
      [leakyRelu(x, {negativeSlope: 0.01}), v.map((t) => (t > 0 ? t : 0.01 * t))],
      [elu(x, {alpha: 0.5}), v.map((t) => eluRef(t, 0.5))],
      [celu(x, {alpha: 2}), v.map((t) => Math.max(t, 0) + Math.min(0, 2 * Math.expm1(t / 2)))],
      [gelu(x, {approximate: true}), v.map((t) => 0.5 * t * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (t + 0.044715 * t ** 3))))],
      [thresholdedRelu(x, {theta: 0.5}), v.map((t) => (t > 0.5 ? t : 0))],
    ];
    for (const [y, expected] of cases) await expectClose(y, expected, 2e-6, 2e-6);
    tf.dispose([x, ...cases.map((c) => c[0])]);
  });

  it('gradients match central differences', async () => {
    const x = tf.tensor1d([-2.2, -0.7, 0.4, 1.3, 2.6]);
    const w = tf.tensor1d([0.3, -1.1, 0.7, 1.9, -0.5]);
    const fns: [string, (t: tf.Tensor) => tf.Tensor][] = [
      ...['gelu', 'gelu_new', 'mish', 'celu', 'selu', 'softsign', 'silu', 'hard_silu', 'log_sigmoid', 'softplus', 'leaky_relu'].map(
        (n) => [n, (t: tf.Tensor) => getActivation(n).apply(t)] as [string, (t: tf.Tensor) => tf.Tensor],
      ),
      ['elu(0.5)', (t) => elu(t, {alpha: 0.5})],
      ['relu(0.1, 2, 0.1)', (t) => relu(t, {negativeSlope: 0.1, maxValue: 2, threshold: 0.1})],
    ];
    for (const [name, f] of fns) {
      const loss = (t: tf.Tensor): tf.Tensor => tf.sum(tf.mul(f(t), w));
      const analytic = tf.grad(loss)(x);
      const numeric = await numericGradient(loss, x, 1e-2);
      try {
        await expectClose(analytic, Array.from(numeric), 3e-3, 3e-3);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      analytic.dispose();
    }
    tf.dispose([x, w]);
  });

  it('elu and celu keep finite gradients for large inputs', async () => {
    const x = tf.tensor1d([-200, 100, 200]);
    for (const f of [(t: tf.Tensor) => elu(t, {alpha: 0.5}), (t: tf.Tensor) => celu(t, {alpha: 0.5}), (t: tf.Tensor) => getActivation('mish').apply(t)]) {
      const g = tf.grad((t: tf.Tensor) => tf.sum(f(t)))(x);
      await expectClose(g, [0, 1, 1], 1e-6);
      g.dispose();
    }
    x.dispose();
  });
});

describe('activation names and hyper-parameter validation', () => {
  it('every catalogue activation resolves in both spellings', () => {
    const names = [
      'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'silu', 'swish', 'softplus', 'softsign', 'hard_sigmoid',
      'hard_silu', 'hard_swish', 'relu6', 'mish', 'softmax', 'log_softmax', 'exponential', 'linear', 'celu', 'glu', 'hard_tanh',
      'log_sigmoid', 'thresholded_relu', 'sparsemax',
    ];
    for (const n of names) {
      const camel = n.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
      expect(getActivation(n), n).to.equal(getActivation(camel));
      expect(activationNames()).to.include(n);
    }
    expect(getActivation('swish').name).to.equal('silu');
    expect(getActivation('hardSwish').name).to.equal('hard_silu');
    expect(getActivation('logSoftmax').name).to.equal('log_softmax');
    expect(getActivation('leaky_relu').fused).to.equal(null);
    expect(getActivation('elu').fused).to.equal('elu');
  });

  it('unknown names list the valid ones, aliases included', () => {
    expect(() => getActivation('gelu_exact')).to.throw(ValueError, /Unknown activation "gelu_exact"; expected one of .*gelu.*hard_swish.*mish.*swish/);
  });

  it('invalid hyper-parameters name the value and the expectation', () => {
    const x = tf.tensor1d([1]);
    expect(() => relu(x, {threshold: -1})).to.throw(ValueError, /relu: threshold must be a finite number >= 0, received -1/);
    expect(() => relu(x, {maxValue: -2})).to.throw(ValueError, /relu: maxValue must be a finite number >= 0, received -2/);
    expect(() => relu(x, {negativeSlope: NaN})).to.throw(ValueError, /negativeSlope .* received NaN/);
    expect(() => leakyRelu(x, {negativeSlope: Infinity})).to.throw(ValueError, /leakyRelu: negativeSlope must be a finite number, received Infinity/);
    expect(() => celu(x, {alpha: 0})).to.throw(ValueError, /celu: alpha must be a finite number > 0, received 0/);
    expect(() => thresholdedRelu(x, {theta: -0.5})).to.throw(ValueError, /theta must be a finite number >= 0, received -0.5/);
    x.dispose();
  });
});
