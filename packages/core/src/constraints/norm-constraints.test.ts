import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {Variable} from '../variable.js';
import {MaxNorm, MinMaxNorm, UnitNorm, getConstraint} from './index.js';
import type {Constraint} from './index.js';

const EPS = 1e-7;

/** Float64 reference for a rank-4 kernel [h, w, in, out] with norms over axes [0, 1, 2] (one per output filter). */
function perFilter(values: number[], shape: [number, number, number, number], desired: (n: number) => number): number[] {
  const out = shape[3];
  const norms = new Array<number>(out).fill(0);
  values.forEach((v, i) => (norms[i % out] = (norms[i % out] as number) + v * v));
  const scale = norms.map((s) => desired(Math.sqrt(s)) / (EPS + Math.sqrt(s)));
  return values.map((v, i) => v * (scale[i % out] as number));
}

describeBackends('norm constraints', () => {
  it('UnitNorm scales each column (axis 0) or row (axis 1) to norm 1', async () => {
    // columns: [3, 4] / 5, [0, 2] / 2; rows: [3, 0] / 3, [4, 2] / √20
    const w = tf.tensor2d([[3, 0], [4, 2]]);
    await expectNoLeaks(async () => {
      const c = new UnitNorm().apply(w);
      const r = new UnitNorm({axis: 1}).apply(w);
      await expectClose(c, [[0.6, 0], [0.8, 1]], 1e-6, 1e-6);
      await expectClose(r, [[1, 0], [4 / Math.sqrt(20), 2 / Math.sqrt(20)]], 1e-6, 1e-6);
      tf.dispose([c, r]);
    });
    w.dispose();
  });

  it('MinMaxNorm with rate 1 clips the norm into [minValue, maxValue]', async () => {
    // column norms 5 → 2 (×0.4), 0.5 → 1 (×2), 1.5 unchanged
    const w = tf.tensor2d([[3, 0.3, 0.9], [4, 0.4, 1.2]]);
    const c = new MinMaxNorm({minValue: 1, maxValue: 2}).apply(w);
    await expectClose(c, [[1.2, 0.6, 0.9], [1.6, 0.8, 1.2]], 1e-6, 1e-6);
    tf.dispose([w, c]);
  });

  it('MinMaxNorm with rate 0.5 moves half way: desired = 0.5·clip(n) + 0.5·n', async () => {
    // norm 5 → 3.5 (×0.7); norm 0.5 → 0.75 (×1.5)
    const w = tf.tensor2d([[3, 0.3], [4, 0.4]]);
    const c = new MinMaxNorm({minValue: 1, maxValue: 2, rate: 0.5}).apply(w);
    await expectClose(c, [[2.1, 0.45], [2.8, 0.6]], 1e-6, 1e-6);
    tf.dispose([w, c]);
  });

  it('norms over several axes (a Conv2D kernel, per output filter) match the float64 reference', async () => {
    const shape: [number, number, number, number] = [2, 2, 2, 3];
    const values = Array.from({length: 24}, (_, i) => Math.sin(i * 1.7) * (1 + (i % 3)));
    const w = tf.tensor4d(values, shape);
    const cases: [Constraint, (n: number) => number][] = [
      [new MaxNorm({maxValue: 1.5, axis: [0, 1, 2]}), (n) => Math.min(n, 1.5)],
      [new UnitNorm({axis: [0, 1, 2]}), () => 1],
      [new MinMaxNorm({minValue: 2, maxValue: 3, rate: 0.8, axis: [-4, -3, -2]}), (n) => 0.8 * Math.min(3, Math.max(2, n)) + 0.2 * n],
    ];
    for (const [c, desired] of cases) {
      const y = c.apply(w);
      await expectClose(y, perFilter(values, shape, desired), 1e-6, 1e-5);
      y.dispose();
    }
    w.dispose();
  });

  it('constraints project variables in place (as the optimizer does after each step)', async () => {
    const v = new Variable({name: 'k', initialValue: tf.tensor2d([[3, 0.3], [4, 0.4]]), constraint: new MinMaxNorm({minValue: 1, maxValue: 2})});
    await expectNoLeaks(() => v.applyConstraint());
    await expectClose(v.value, [[1.2, 0.6], [1.6, 0.8]], 1e-6, 1e-6);
    v.dispose();
  });
});

describe('norm constraints: validation, names and config', () => {
  it('reject invalid hyper-parameters at construction, naming the value', () => {
    expect(() => new MinMaxNorm({minValue: -1})).to.throw(ValueError, /MinMaxNorm: minValue must be a finite number >= 0, received -1/);
    expect(() => new MinMaxNorm({minValue: 2, maxValue: 1})).to.throw(ValueError, /MinMaxNorm: maxValue must be a finite number >= 2, received 1/);
    expect(() => new MinMaxNorm({minValue: 2})).to.throw(ValueError, /maxValue must be a finite number >= 2, received 1 \(the default\)/);
    expect(() => new MinMaxNorm({rate: 1.5})).to.throw(ValueError, /MinMaxNorm: rate must be a finite number in \[0, 1\], received 1.5/);
    expect(() => new UnitNorm({axis: 0.5})).to.throw(ValueError, /UnitNorm: axis must be an integer or a non-empty array of integers, received 0.5/);
    expect(() => new MaxNorm({axis: []})).to.throw(ValueError, /MaxNorm: axis .* received \[\]/);
  });

  it('reject an axis outside the weight rank when applied', () => {
    const w = tf.zeros([2, 3]);
    expect(() => new UnitNorm({axis: 2}).apply(w)).to.throw(ValueError, /UnitNorm: axis 2 is out of range for a weight of shape \[2, 3\] \(rank 2\)/);
    w.dispose();
  });

  it('resolve in both spellings and round-trip through the Keras 3 envelope', () => {
    expect(getConstraint('unit_norm')).to.be.instanceOf(UnitNorm);
    expect(getConstraint('unitNorm')).to.be.instanceOf(UnitNorm);
    expect(getConstraint('min_max_norm')).to.be.instanceOf(MinMaxNorm);
    expect(getConstraint('MinMaxNorm')).to.be.instanceOf(MinMaxNorm);
    const env = getConstraint({module: 'keras.constraints', className: 'MinMaxNorm', config: {minValue: 0.5, maxValue: 3, rate: 0.25, axis: [0, 1]}, registeredName: null}) as MinMaxNorm;
    expect([env.minValue, env.maxValue, env.rate, env.axis]).to.deep.equal([0.5, 3, 0.25, [0, 1]]);
    for (const c of [new UnitNorm({axis: 1}), new MinMaxNorm({minValue: 0.1, maxValue: 0.9, rate: 0.3, axis: [0, 1, 2]}), new MaxNorm({axis: [0, 1]})]) {
      const envelope = serializeObject(c);
      expect(envelope.module).to.equal('keras.constraints');
      const back = deserializeObject<Constraint>('constraint', JSON.parse(JSON.stringify(envelope)));
      expect(back.constructor).to.equal(c.constructor);
      expect(back.getConfig()).to.deep.equal(c.getConfig());
    }
    expect(new MinMaxNorm().getConfig()).to.deep.equal({minValue: 0, maxValue: 1, rate: 1, axis: 0});
    expect(new UnitNorm().getConfig()).to.deep.equal({axis: 0});
    expect(() => getConstraint('unitnorms')).to.throw(ValueError, /expected one of max_norm, min_max_norm, non_neg, unit_norm/);
  });
});
