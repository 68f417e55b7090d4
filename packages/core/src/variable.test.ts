import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from './errors.js';
import {describeBackends, expectClose, expectNoLeaks} from './testing/index.js';
import {Variable} from './variable.js';

describeBackends('Variable', () => {
  it('holds a copy of its initial value with name, path, shape, dtype, size', async () => {
    const init = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const v = new Variable({name: 'kernel', initialValue: init});
    init.dispose();
    expect(v.name).to.equal('kernel');
    expect(v.path).to.equal('kernel');
    expect(v.trainable).to.equal(true);
    expect(v.constraint).to.equal(null);
    expect(v.shape).to.deep.equal([2, 3]);
    expect(v.dtype).to.equal('float32');
    expect(v.size).to.equal(6);
    expect(Array.from(await v.read())).to.deep.equal([1, 2, 3, 4, 5, 6]);
    v.path = 'dense/kernel';
    expect(v.path).to.equal('dense/kernel');
    v.dispose();
  });

  it('trainable can be false', () => {
    const init = tf.zeros([2]);
    const v = new Variable({name: 'moving_mean', initialValue: init, trainable: false});
    expect(v.trainable).to.equal(false);
    tf.dispose(init);
    v.dispose();
  });

  it('assign writes a value of the same shape; the caller keeps the value', async () => {
    const init = tf.zeros([3]);
    const v = new Variable({name: 'b', initialValue: init});
    const value = tf.tensor1d([1, -2, 3]);
    await expectNoLeaks(() => v.assign(value));
    expect(value.isDisposed).to.equal(false);
    await expectClose(v.value, [1, -2, 3], 0, 0);
    tf.dispose([init, value]);
    v.dispose();
  });

  it('assign casts to the variable dtype', async () => {
    const init = tf.tensor1d([0, 0], 'int32');
    const v = new Variable({name: 'count', initialValue: init, trainable: false});
    const value = tf.tensor1d([2, 7], 'float32');
    v.assign(value);
    expect(v.dtype).to.equal('int32');
    expect(Array.from(await v.read())).to.deep.equal([2, 7]);
    tf.dispose([init, value]);
    v.dispose();
  });

  it('assign of a mismatched shape fails naming both shapes and the path', () => {
    const init = tf.zeros([2, 3]);
    const v = new Variable({name: 'kernel', initialValue: init});
    v.path = 'dense/kernel';
    const bad = tf.zeros([3, 2]);
    expect(() => v.assign(bad)).to.throw(ShapeError, /Variable dense\/kernel: cannot assign a value of shape \[3, 2\], expected \[2, 3\]/);
    tf.dispose([init, bad]);
    v.dispose();
  });

  it('applyConstraint applies the constraint in place without leaking; no constraint is a no-op', async () => {
    const init = tf.tensor1d([-1, 2, -3]);
    const clampToUnit = {apply: (w: tf.Tensor) => tf.clipByValue(w, -1, 1)};
    const v = new Variable({name: 'w', initialValue: init, constraint: clampToUnit});
    expect(v.constraint).to.equal(clampToUnit);
    await expectNoLeaks(() => v.applyConstraint());
    await expectClose(v.value, [-1, 1, -1], 0, 0);
    const u = new Variable({name: 'u', initialValue: init});
    await expectNoLeaks(() => u.applyConstraint());
    await expectClose(u.value, [-1, 2, -3], 0, 0);
    tf.dispose(init);
    v.dispose();
    u.dispose();
  });

  it('dispose frees the tensor and is idempotent', async () => {
    await expectNoLeaks(() => {
      const init = tf.ones([4]);
      const v = new Variable({name: 'w', initialValue: init});
      init.dispose();
      expect(v.isDisposed).to.equal(false);
      v.dispose();
      expect(v.isDisposed).to.equal(true);
      v.dispose();
      expect(v.value.isDisposed).to.equal(true);
    });
  });

  it('rejects empty names and names with spaces', () => {
    const init = tf.zeros([1]);
    expect(() => new Variable({name: '', initialValue: init})).to.throw(ValueError, /name must be a non-empty string without spaces, received ""/);
    expect(() => new Variable({name: 'my kernel', initialValue: init})).to.throw(ValueError, /received "my kernel"/);
    init.dispose();
  });

  it('assigning an int32 value to a float32 variable writes the cast value and frees the cast', async () => {
    const init = tf.zeros([2]);
    const v = new Variable({name: 'w', initialValue: init});
    init.dispose();
    const ints = tf.tensor1d([3, -4], 'int32');
    await expectNoLeaks(() => {
      for (let i = 0; i < 5; i++) v.assign(ints);
    });
    expect(v.dtype).to.equal('float32');
    expect(Array.from(await v.read())).to.deep.equal([3, -4]);
    expect(ints.isDisposed).to.equal(false);
    ints.dispose();
    v.dispose();
  });
  it('substitute: value reads as the given tensor inside the scope only, gradients reach the variable through it, nesting restores', async () => {
    const init = tf.tensor1d([1, 2, 3]);
    const v = new Variable({name: 'kernel', initialValue: init});
    init.dispose();
    const doubled = tf.mul(v.value, 2);
    const zeros = tf.zeros([3]);
    const seen = Variable.substitute([[v, doubled]], () => {
      expect(Variable.substitute([[v, zeros]], () => v.value)).to.equal(zeros);
      return tf.sum(v.value); // the outer substitution is back: 2 + 4 + 6
    });
    expect((await seen.data())[0]).to.equal(12);
    expect(v.value).to.not.equal(doubled);
    // d/dv sum(3·v) read through a substitution = 3 per element (by hand).
    const {grads, value} = tf.variableGrads(() => Variable.substitute([[v, tf.mul(v.value, 3)]], () => tf.sum(v.value)) as tf.Scalar, [v.value]);
    await expectClose(grads[v.value.name] as tf.Tensor, [3, 3, 3]);
    const wrong = tf.zeros([2]);
    expect(() => Variable.substitute([[v, wrong]], () => 0)).to.throw(ShapeError, /cannot substitute a value of shape \[2\], expected \[3\]/);
    tf.dispose([wrong, zeros, doubled, seen, value, ...Object.values(grads)]);
    v.dispose();
  });
});
