import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectClose} from '../testing/index.js';
import {RandomUniform, TruncatedNormal, VarianceScaling} from './index.js';
import type {Distribution, FanMode} from './index.js';

interface Moments {
  mean: number;
  std: number;
  kurtosis: number;
  min: number;
  max: number;
}

/** Float64 sample moments (kurtosis = m4/m2², 3 for a normal, 1.8 for a uniform). */
async function moments(t: tf.Tensor): Promise<Moments> {
  const v = Array.from(await t.data());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  let m2 = 0;
  let m4 = 0;
  for (const x of v) {
    const d2 = (x - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= v.length;
  m4 /= v.length;
  return {mean, std: Math.sqrt(m2), kurtosis: m4 / (m2 * m2), min: Math.min(...v), max: Math.max(...v)};
}

/** erf by its series of positive terms (|x| ≤ 6). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/**
 * Second and fourth moments of a unit normal truncated to [-a, a], from integration by parts:
 * M_n = -2·a^{n-1}·φ(a)/Z + (n-1)·M_{n-2}, Z = erf(a/√2).
 */
function truncatedMoments(a: number): {m2: number; m4: number} {
  const phi = Math.exp((-a * a) / 2) / Math.sqrt(2 * Math.PI);
  const z = erf(a / Math.SQRT2);
  const m2 = 1 - (2 * a * phi) / z;
  const m4 = (-2 * a ** 3 * phi) / z + 3 * m2;
  return {m2, m4};
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('truncated normal reference', () => {
  it('has the tabulated variance 0.7737 and kurtosis 2.366 at a = 2', () => {
    const {m2, m4} = truncatedMoments(2);
    expect(m2).to.be.closeTo(0.773741, 1e-6);
    expect(m4 / (m2 * m2)).to.be.closeTo(2.3656, 1e-3);
  });
});

describeBackends('random initializers: moments and bounds', () => {
  it('randomUniform defaults to [-0.05, 0.05) with the moments of a uniform', async () => {
    const t = new RandomUniform({seed: 3}).call([300, 200]);
    const m = await moments(t);
    t.dispose();
    expect(m.min).to.be.at.least(-0.05);
    expect(m.max).to.be.below(0.05);
    expect(m.max).to.be.above(0.0499);
    expect(Math.abs(m.mean)).to.be.below(5e-4);
    expect(rel(m.std, 0.1 / Math.sqrt(12))).to.be.below(0.02);
    expect(m.kurtosis).to.be.closeTo(1.8, 0.05);
  });

  it('randomUniform on a custom interval', async () => {
    const t = new RandomUniform({minval: 2, maxval: 5, seed: 4}).call([40000]);
    const m = await moments(t);
    t.dispose();
    expect(m.min).to.be.at.least(2);
    expect(m.max).to.be.below(5);
    expect(m.mean).to.be.closeTo(3.5, 0.03);
    expect(rel(m.std, 3 / Math.sqrt(12))).to.be.below(0.02);
  });

  it('truncatedNormal defaults to stddev 0.05 truncated at 2σ', async () => {
    const t = new TruncatedNormal({seed: 5}).call([250, 200]);
    const m = await moments(t);
    t.dispose();
    const {m2, m4} = truncatedMoments(2);
    expect(m.max).to.be.at.most(0.1 * (1 + 1e-6));
    expect(m.min).to.be.at.least(-0.1 * (1 + 1e-6));
    expect(m.max).to.be.above(0.099);
    expect(Math.abs(m.mean)).to.be.below(5e-4);
    expect(rel(m.std, 0.05 * Math.sqrt(m2))).to.be.below(0.02);
    expect(m.kurtosis).to.be.closeTo(m4 / (m2 * m2), 0.08);
  });

  it('truncatedNormal with a mean and stddev stays within mean ± 2·stddev', async () => {
    const t = new TruncatedNormal({mean: 1, stddev: 0.5, seed: 6}).call([40000]);
    const m = await moments(t);
    t.dispose();
    expect(m.min).to.be.at.least(0 - 1e-6);
    expect(m.max).to.be.at.most(2 + 1e-6);
    expect(m.mean).to.be.closeTo(1, 0.01);
    expect(rel(m.std, 0.5 * Math.sqrt(truncatedMoments(2).m2))).to.be.below(0.02);
  });

  // Conv kernel [3, 3, 40, 60]: receptive field 9, fanIn 360, fanOut 540, fanAvg 450.
  const fans: Record<FanMode, number> = {fan_in: 360, fan_out: 540, fan_avg: 450};
  const kurtosis: Record<Distribution, number> = {uniform: 1.8, truncated_normal: 2.3656, untruncated_normal: 3};
  for (const mode of ['fan_in', 'fan_out', 'fan_avg'] as const) {
    for (const distribution of ['uniform', 'truncated_normal', 'untruncated_normal'] as const) {
      it(`varianceScaling ${mode} ${distribution}: variance scale/n, the distribution's shape and bounds`, async () => {
        const scale = 2.5;
        const t = new VarianceScaling({scale, mode, distribution, seed: 17}).call([3, 3, 40, 60]);
        const m = await moments(t);
        t.dispose();
        const target = Math.sqrt(scale / fans[mode]);
        expect(rel(m.std, target), 'std').to.be.below(0.03);
        expect(Math.abs(m.mean), 'mean').to.be.below(0.03 * target);
        expect(m.kurtosis, 'kurtosis').to.be.closeTo(kurtosis[distribution], distribution === 'untruncated_normal' ? 0.2 : 0.08);
        if (distribution === 'uniform') {
          const limit = Math.sqrt(3) * target;
          expect(m.max).to.be.below(limit);
          expect(m.min).to.be.at.least(-limit);
          expect(m.max).to.be.above(0.99 * limit);
        } else if (distribution === 'truncated_normal') {
          const sigma = target / Math.sqrt(truncatedMoments(2).m2);
          expect(m.max).to.be.at.most(2 * sigma * (1 + 1e-6));
          expect(m.min).to.be.at.least(-2 * sigma * (1 + 1e-6));
        } else {
          expect(Math.max(m.max, -m.min)).to.be.above(3 * target);
        }
      });
    }
  }

  it('seeded randomUniform and truncatedNormal repeat across calls and instances', async () => {
    for (const make of [() => new RandomUniform({seed: 8}), () => new TruncatedNormal({seed: 8})]) {
      const a = make();
      const [a1, a2, b1] = [a.call([4, 5]), a.call([4, 5]), make().call([4, 5])];
      await expectClose(a1, a2, 0, 0);
      await expectClose(a1, b1, 0, 0);
      tf.dispose([a1, a2, b1]);
    }
  });

  it('unseeded initializers give fresh values each call', async () => {
    const init = new RandomUniform();
    const [a, b] = [init.call([20]), init.call([20])];
    expect(Array.from(await a.data())).to.not.deep.equal(Array.from(await b.data()));
    tf.dispose([a, b]);
  });
});

describe('random initializer validation', () => {
  it('rejects bad bounds, stddevs and means naming the value', () => {
    expect(() => new RandomUniform({minval: 1, maxval: 0})).to.throw(ValueError, /RandomUniform: maxval must be >= minval \(1\), received 0/);
    expect(() => new RandomUniform({minval: NaN})).to.throw(ValueError, /RandomUniform: minval must be a finite number, received NaN/);
    expect(() => new TruncatedNormal({stddev: -0.1})).to.throw(ValueError, /TruncatedNormal: stddev must be >= 0, received -0.1/);
    expect(() => new TruncatedNormal({mean: Infinity})).to.throw(ValueError, /TruncatedNormal: mean must be a finite number, received Infinity/);
    expect(() => new TruncatedNormal({seed: 0.5})).to.throw(ValueError, /seed must be an integer or null, received 0.5/);
  });
});
