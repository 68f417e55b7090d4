import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends} from '../../testing/index.js';
import {conv1d} from './conv1d.js';
import {conv2d} from './conv2d.js';
import {checkAgainstReference, convProducts, type ConvSpec} from './conv-reference.test.helpers.js';

const CONV2D: Array<ConvSpec & {name: string}> = [
  {name: 'groups 2, valid', x: [2, 5, 4, 4], w: [3, 2, 2, 6], strides: [1, 1], dilations: [1, 1], padding: 'valid', groups: 2},
  {name: 'groups 3 (one channel each), same, strides 2', x: [1, 5, 5, 3], w: [3, 3, 1, 3], strides: [2, 2], dilations: [1, 1], padding: 'same', groups: 3},
  {name: 'groups 2, dilation 2', x: [1, 6, 6, 4], w: [2, 2, 2, 4], strides: [1, 1], dilations: [2, 2], padding: 'same', groups: 2},
];

describeBackends('fast grouped convolutions', () => {
  for (const c of CONV2D) {
    it(`conv2d matches the float64 grouped convolution (${c.name})`, async () => {
      await checkAgainstReference((x, w, b) => conv2d(x as tf.Tensor4D, w as tf.Tensor4D, {
        strides: c.strides as [number, number], dilations: c.dilations as [number, number], padding: c.padding, groups: c.groups, bias: b as tf.Tensor1D, activation: 'linear',
      }), c.x, c.w, convProducts(c), 31);
    });
  }

  it('conv1d matches the float64 grouped convolution (groups 2, stride 2, same)', async () => {
    const c: ConvSpec = {x: [2, 7, 4], w: [3, 2, 4], strides: [2], dilations: [1], padding: 'same', groups: 2};
    await checkAgainstReference((x, w, b) => conv1d(x as tf.Tensor3D, w as tf.Tensor3D, {strides: 2, padding: 'same', groups: 2, bias: b as tf.Tensor1D}), c.x, c.w, convProducts(c), 41);
  });

  it('group j of the output sees only group j of the input (by hand)', async () => {
    // Two channels, groups 2, 1x1 kernel [1, 1, 1, 2] = [10, 100]: output channel 0 = 10·x0, channel 1 = 100·x1.
    const y = conv2d(tf.tensor4d([[[[1, 2]]]]), tf.tensor4d([[[[10, 100]]]]), {groups: 2});
    expect(Array.from(await y.data())).to.deep.equal([10, 200]);
    y.dispose();
  });

  it('refuses groups that do not divide the channels, naming them', () => {
    const x = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(() => conv2d(x, tf.zeros([1, 1, 1, 4]) as tf.Tensor4D, {groups: 2})).to.throw(ShapeError, /3 channels.*groups 2 expects 2/);
    expect(() => conv2d(x, tf.zeros([1, 1, 1, 4]) as tf.Tensor4D, {groups: 0})).to.throw(ValueError, /groups must be a positive integer, received 0/);
    expect(() => conv1d(tf.zeros([1, 4, 4]) as tf.Tensor3D, tf.zeros([1, 2, 3]) as tf.Tensor3D, {groups: 2})).to.throw(ShapeError, /3 output channels/);
  });
});
