import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {Variable} from '../variable.js';
import {Constraint, MaxNorm, NonNeg, getConstraint} from './index.js';

describeBackends('constraints', () => {
  it('NonNeg clamps negatives to zero', async () => {
    const w = tf.tensor2d([[-1, 2], [0, -0.5]]);
    const c = new NonNeg().apply(w);
    await expectClose(c, [[0, 2], [0, 0]], 0, 0);
    tf.dispose([w, c]);
  });

  it('MaxNorm rescales columns (axis 0) whose norm exceeds maxValue (default 2)', async () => {
    // column 0: [3, 4], norm 5 → ×2/5 → [1.2, 1.6]; column 1: [0.5, 0.5], norm 0.7071 → unchanged
    const w = tf.tensor2d([[3, 0.5], [4, 0.5]]);
    await expectNoLeaks(async () => {
      const c = new MaxNorm().apply(w);
      await expectClose(c, [[1.2, 0.5], [1.6, 0.5]], 1e-6, 1e-6);
      c.dispose();
    });
    w.dispose();
  });

  it('MaxNorm along axis 1 (rows)', async () => {
    // row 0: [6, 8] norm 10 → ×1/10; row 1: [0.3, 0.4] norm 0.5 → unchanged
    const w = tf.tensor2d([[6, 8], [0.3, 0.4]]);
    const c = new MaxNorm({maxValue: 1, axis: 1}).apply(w);
    await expectClose(c, [[0.6, 0.8], [0.3, 0.4]], 1e-6, 1e-6);
    tf.dispose([w, c]);
  });

  it('MaxNorm keeps an all-zero column finite', async () => {
    const w = tf.tensor2d([[0, 3], [0, 4]]);
    const c = new MaxNorm({maxValue: 1}).apply(w);
    await expectClose(c, [[0, 0.6], [0, 0.8]], 1e-6, 1e-6);
    tf.dispose([w, c]);
  });

  it('constraints apply to variables in place without leaks', async () => {
    const v = new Variable({name: 'k', initialValue: tf.tensor2d([[3], [4]]), constraint: new MaxNorm({maxValue: 1})});
    await expectNoLeaks(() => v.applyConstraint());
    await expectClose(v.value, [[0.6], [0.8]], 1e-6, 1e-6);
    v.dispose();
  });
});

describe('constraint resolution and config', () => {
  it('getConstraint: names in both spellings, envelopes, instances, null', () => {
    expect(getConstraint('non_neg')).to.be.instanceOf(NonNeg);
    expect(getConstraint('NonNeg')).to.be.instanceOf(NonNeg);
    expect(getConstraint('max_norm')).to.be.instanceOf(MaxNorm);
    expect(getConstraint('maxNorm')).to.be.instanceOf(MaxNorm);
    expect(getConstraint(null)).to.equal(null);
    expect(getConstraint(undefined)).to.equal(null);
    const c = new NonNeg();
    expect(getConstraint(c)).to.equal(c);
    const env = getConstraint({module: 'keras.constraints', className: 'MaxNorm', config: {maxValue: 3, axis: 1}, registeredName: null}) as MaxNorm;
    expect([env.maxValue, env.axis]).to.deep.equal([3, 1]);
    expect(() => getConstraint('unit_norm_x')).to.throw(ValueError, /Unknown constraint "unit_norm_x"; expected one of .*max_norm.*non_neg/);
  });

  it('rejects a non-positive maxValue', () => {
    expect(() => new MaxNorm({maxValue: 0})).to.throw(ValueError, /maxValue must be positive, received 0/);
  });

  it('config round trip', () => {
    for (const c of [new NonNeg(), new MaxNorm({maxValue: 1.5, axis: 2})]) {
      const back = deserializeObject<Constraint>('constraint', JSON.parse(JSON.stringify(serializeObject(c))));
      expect(back.constructor).to.equal(c.constructor);
      expect(back.getConfig()).to.deep.equal(c.getConfig());
    }
    expect(new MaxNorm().getConfig()).to.deep.equal({maxValue: 2, axis: 0});
    expect(serializeObject(new NonNeg())).to.deep.equal({module: 'keras.constraints', className: 'NonNeg', config: {}, registeredName: null});
  });
});
