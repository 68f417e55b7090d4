import * as tf from '@tensorflow/tfjs-core';
import {describeBackends, expectNoLeaks} from '../../testing/index.js';
import {conv2d} from './conv2d.js';
import {dense} from './dense.js';
import {matMul} from './matmul.js';
import {avgPool, maxPool} from './pooling.js';
import {expectArraysClose, ownGradients, randArray, size, stockGradients} from './reference.test.helpers.js';

type Net = (x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, w3: tf.Tensor, b3: tf.Tensor, w4: tf.Tensor) => tf.Tensor;

/** A small CNN through Stratum's ops: conv(relu) -> maxPool -> conv(stride 2, tanh) -> avgPool -> dense(sigmoid) -> matMul. */
const ours: Net = (x, w1, b1, w2, w3, b3, w4) => {
  let h = conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, {padding: 'same', bias: b1 as tf.Tensor1D, activation: 'relu'});
  h = maxPool(h, {poolSize: 2});
  h = conv2d(h, w2 as tf.Tensor4D, {strides: 2, padding: 'same', activation: 'tanh'});
  h = avgPool(h, {poolSize: 2, strides: 1});
  const d = dense(tf.reshape(h, [h.shape[0], -1]), w3 as tf.Tensor2D, b3 as tf.Tensor1D, 'sigmoid');
  return matMul(d as tf.Tensor2D, w4 as tf.Tensor2D);
};

/** The same network with stock tfjs ops. */
const stock: Net = (x, w1, b1, w2, w3, b3, w4) => {
  let h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.tanh(tf.conv2d(h, w2 as tf.Tensor4D, 2, 'same'));
  h = tf.avgPool(h, 2, 1, 'valid');
  const d = tf.sigmoid(tf.add(tf.matMul(tf.reshape(h, [h.shape[0], -1]), w3 as tf.Tensor2D), b3));
  return tf.matMul(d as tf.Tensor2D, w4 as tf.Tensor2D);
};

// x [2,8,8,2] -> conv [2,8,8,4] -> pool [2,4,4,4] -> conv [2,2,2,3] -> avgPool [2,1,1,3] -> dense 5 -> 2
const SHAPES = [[2, 8, 8, 2], [3, 3, 2, 4], [4], [3, 3, 4, 3], [3, 5], [5], [5, 2]];
const NAMES = ['x', 'w1', 'b1', 'w2', 'w3', 'b3', 'w4'];

describeBackends('fast ops composed into a small CNN', () => {
  it('gradients of the input and every weight match the stock network under tfjs autodiff on cpu', async () => {
    const inputs = SHAPES.map((shape, i) => ({values: randArray(size(shape), 40 + i), shape}));
    const weights = randArray(2 * 2, 50);
    const got = await ownGradients(ours as (...xs: tf.Tensor[]) => tf.Tensor, inputs, weights);
    const want = await stockGradients(stock as (...xs: tf.Tensor[]) => tf.Tensor, inputs, weights);
    got.forEach((g, i) => expectArraysClose(g, want[i] as Float32Array, `d${NAMES[i]}`, 1e-5, 1e-4));
  });

  it('trains only the weights (data input) without leaking tensors', async () => {
    const [x, ...ws] = SHAPES.map((shape, i) => tf.tensor(Float32Array.from(randArray(size(shape), 60 + i)), shape));
    const vars = ws.map((w) => tf.variable(w as tf.Tensor));
    await expectNoLeaks(async () => {
      for (let i = 0; i < 2; i++) {
        const {value, grads} = tf.variableGrads(() => tf.sum(ours(x as tf.Tensor, ...(vars as unknown as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]))) as tf.Scalar);
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }
    });
    tf.dispose([x as tf.Tensor, ...ws, ...vars]);
  });
});
