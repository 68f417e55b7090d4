import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectNoLeaks} from '../testing/index.js';
import {variableGradients} from './variable-gradients.js';

describeBackends('variableGradients', () => {
  it('gives the gradient of each variable, and null for one the loss does not use', async () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const b = tf.variable(tf.tensor1d([5]));
    // loss = sum(a * a) = 1 + 4; d/da = 2a = [2, 4]; b is not used.
    const {value, grads} = variableGradients(() => tf.sum(tf.mul(a, a)) as tf.Scalar, [a, b]);
    expect(await value.data()).to.deep.equal(new Float32Array([5]));
    expect(Array.from(await (grads[0] as tf.Tensor).data())).to.deep.equal([2, 4]);
    expect(grads[1]).to.equal(null);
    tf.dispose([value, grads[0] as tf.Tensor, a, b]);
  });

  it('a loss that uses no variable at all gives nulls instead of aborting', async () => {
    const a = tf.variable(tf.scalar(1));
    await expectNoLeaks(() => {
      const {value, grads} = variableGradients(() => tf.scalar(3), [a]);
      expect(grads).to.deep.equal([null]);
      value.dispose();
    });
    a.dispose();
  });

  it('frees the tape when f throws after using the variables, so repeated failures leak nothing', async () => {
    const a = tf.variable(tf.tensor1d([1, 2, 3]));
    const failing = (): tf.Scalar => {
      tf.mul(tf.exp(a), a);
      throw new Error('loss failed');
    };
    variableGradients(() => tf.sum(a) as tf.Scalar, [a]).value.dispose(); // warm-up
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) expect(() => variableGradients(failing, [a])).to.throw('loss failed');
    });
    // the engine is usable afterwards
    const {value, grads} = variableGradients(() => tf.sum(tf.mul(a, 2)) as tf.Scalar, [a]);
    expect(Array.from(await (grads[0] as tf.Tensor).data())).to.deep.equal([2, 2, 2]);
    tf.dispose([value, grads[0] as tf.Tensor, a]);
  });

  it('refuses a non-scalar loss and an empty variable list, freeing what it computed', async () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    await expectNoLeaks(() => {
      expect(() => variableGradients(() => tf.mul(a, 2) as unknown as tf.Scalar, [a])).to.throw(ValueError, /must be a scalar, received a tensor of shape \[2\]/);
    });
    expect(() => variableGradients(() => tf.scalar(1), [])).to.throw(ValueError, /at least one variable/);
    a.dispose();
  });
});
