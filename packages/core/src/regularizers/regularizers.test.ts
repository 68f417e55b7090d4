import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {L1, L1L2, L2, Regularizer, getRegularizer} from './index.js';

const W = [[1, -2], [0.5, -0.25], [0, 3]];
// Σ|w| = 1 + 2 + 0.5 + 0.25 + 0 + 3 = 6.75; Σw² = 1 + 4 + 0.25 + 0.0625 + 0 + 9 = 14.3125

describeBackends('regularizers', () => {
  it('L1, L2 and L1L2 penalties by hand', async () => {
    const w = tf.tensor2d(W);
    await expectNoLeaks(async () => {
      const cases: [Regularizer, number][] = [
        [new L1(), 0.01 * 6.75],
        [new L1({l1: 0.5}), 0.5 * 6.75],
        [new L2(), 0.01 * 14.3125],
        [new L2({l2: 2}), 2 * 14.3125],
        [new L1L2({l1: 0.1, l2: 0.2}), 0.1 * 6.75 + 0.2 * 14.3125],
        [new L1L2(), 0],
      ];
      for (const [reg, expected] of cases) {
        const p = reg.call(w);
        expect(p.shape).to.deep.equal([]);
        await expectClose(p, expected, 1e-6, 1e-6);
        p.dispose();
      }
    });
    w.dispose();
  });

  it('L2 of a zero weight is zero and L1 ignores sign', async () => {
    const z = tf.zeros([4]);
    const n = tf.tensor1d([-1, -1]);
    const a = new L2({l2: 3}).call(z);
    const b = new L1({l1: 1}).call(n);
    await expectClose(a, 0, 0);
    await expectClose(b, 2, 1e-7);
    tf.dispose([z, n, a, b]);
  });
});

describe('regularizer construction, resolution and config', () => {
  it('rejects negative or non-finite factors naming the value', () => {
    expect(() => new L1({l1: -0.1})).to.throw(ValueError, /L1: l1 must be a finite number >= 0, received -0.1/);
    expect(() => new L2({l2: Infinity})).to.throw(ValueError, /L2: l2/);
    expect(() => new L1L2({l2: -1})).to.throw(ValueError, /L1L2: l2 must be a finite number >= 0, received -1/);
  });

  it('getRegularizer: names, envelopes, instances, null', () => {
    expect(getRegularizer('l1')).to.be.instanceOf(L1);
    expect(getRegularizer('L2')).to.be.instanceOf(L2);
    expect((getRegularizer('l2') as L2).l2).to.equal(0.01);
    expect(getRegularizer('l1_l2')).to.be.instanceOf(L1L2);
    expect(getRegularizer('L1L2')).to.be.instanceOf(L1L2);
    expect(getRegularizer(null)).to.equal(null);
    expect(getRegularizer(undefined)).to.equal(null);
    const r = new L2({l2: 0.3});
    expect(getRegularizer(r)).to.equal(r);
    const env = getRegularizer({module: 'keras.regularizers', className: 'L1L2', config: {l1: 0.1, l2: 0.2}, registeredName: null}) as L1L2;
    expect([env.l1, env.l2]).to.deep.equal([0.1, 0.2]);
    expect(() => getRegularizer('l3')).to.throw(ValueError, /Unknown regularizer "l3"; expected one of/);
  });

  it('config round trip', () => {
    for (const r of [new L1({l1: 0.2}), new L2({l2: 0.4}), new L1L2({l1: 0.1, l2: 0.3})]) {
      const env = serializeObject(r);
      expect(env.module).to.equal('keras.regularizers');
      const back = deserializeObject<Regularizer>('regularizer', JSON.parse(JSON.stringify(env)));
      expect(back.constructor).to.equal(r.constructor);
      expect(back.getConfig()).to.deep.equal(r.getConfig());
    }
    expect(new L1({l1: 0.2}).getConfig()).to.deep.equal({l1: 0.2});
    expect(new L2({l2: 0.4}).getConfig()).to.deep.equal({l2: 0.4});
    expect(new L1L2({l1: 0.1}).getConfig()).to.deep.equal({l1: 0.1, l2: 0});
  });
});
