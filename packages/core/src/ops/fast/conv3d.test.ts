import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {conv3d} from './conv3d.js';
import {checkAgainstReference, convProducts, type ConvSpec} from './conv-reference.test.helpers.js';

const CONFIGS: Array<ConvSpec & {name: string}> = [
  {name: 'valid', x: [2, 4, 5, 4, 2], w: [2, 3, 2, 2, 3], strides: [1, 1, 1], dilations: [1, 1, 1], padding: 'valid'},
  {name: 'same, strides [2, 1, 2]', x: [1, 5, 4, 5, 2], w: [3, 2, 3, 2, 2], strides: [2, 1, 2], dilations: [1, 1, 1], padding: 'same'},
  {name: 'same, dilation [2, 1, 2]', x: [1, 6, 4, 5, 1], w: [2, 2, 3, 1, 2], strides: [1, 1, 1], dilations: [2, 1, 2], padding: 'same'},
  {name: 'valid, strides 3, k 1 in depth', x: [2, 7, 5, 5, 2], w: [1, 2, 2, 2, 2], strides: [3, 3, 3], dilations: [1, 1, 1], padding: 'valid'},
  {name: 'groups 2, same, depth kernel 3', x: [1, 4, 3, 3, 4], w: [3, 2, 2, 2, 4], strides: [1, 1, 1], dilations: [1, 1, 1], padding: 'same', groups: 2},
];

const op = (c: ConvSpec) => (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => conv3d(x as tf.Tensor5D, w as tf.Tensor5D, {
  strides: c.strides as [number, number, number], dilations: c.dilations as [number, number, number], padding: c.padding, groups: c.groups, bias: b as tf.Tensor1D,
});

describeBackends('fast conv3d', (backend) => {
  for (const c of CONFIGS) {
    it(`forward and gradients match float64 references and central differences (${c.name})`, async () => {
      await checkAgainstReference(op(c), c.x, c.w, convProducts(c), 11);
    });
  }

  // The cpu and generic formulations call tfjs's own Conv3D gradient, whose wasm kernel
  // (Conv3DBackpropInputV2, tfjs 4.22) returns a wrong dX here (zeros at index 0): never used on wasm.
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm'];
  for (const path of paths) {
    it(`the ${path} formulation matches the float64 reference (same, strides [2, 1, 2])`, async () => {
      const c = CONFIGS[1]!;
      forceFastPath(path);
      try {
        await checkAgainstReference(op(c), c.x, c.w, convProducts(c), 21, false);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('fused tanh matches tanh of the float64 convolution', async () => {
    const c = CONFIGS[0]!;
    const x = tf.randomNormal(c.x as [number, number, number, number, number]) as tf.Tensor5D, w = tf.randomNormal(c.w as [number, number, number, number, number]) as tf.Tensor5D;
    const plain = await conv3d(x, w).data();
    const fused = await conv3d(x, w, {activation: 'tanh'}).data();
    fused.forEach((v, i) => expect(v).to.be.closeTo(Math.tanh(plain[i]!), 1e-5));
    tf.dispose([x, w]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 4, 5, 5, 2]) as tf.Tensor5D;
    const w = tf.variable(tf.randomNormal([3, 3, 3, 2, 4])) as tf.Variable<tf.Rank.R5>;
    const b = tf.variable(tf.randomNormal([4])) as tf.Variable<tf.Rank.R1>;
    const wg = tf.variable(tf.randomNormal([2, 2, 2, 1, 4])) as tf.Variable<tf.Rank.R5>;
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(conv3d(x, w, {strides: 2, padding: 'same', bias: b, activation: 'relu'})));
      await value.data();
      const dx = tf.grad((xx) => tf.sum(conv3d(xx as tf.Tensor5D, wg, {dilations: [2, 1, 1], groups: 2, bias: b})))(x);
      const g2 = tf.variableGrads(() => tf.sum(conv3d(x, wg, {padding: 'same', groups: 2, bias: b})));
      tf.dispose([value, dx, ...Object.values(grads), g2.value, ...Object.values(g2.grads), conv3d(x, w)]);
    });
    tf.dispose([x, w, b, wg]);
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 3, 4, 4, 2]) as tf.Tensor5D;
    expect(() => conv3d(x, tf.zeros([2, 2, 2, 3, 1]) as tf.Tensor5D)).to.throw(ShapeError, /2 channels/);
    expect(() => conv3d(x, tf.zeros([4, 2, 2, 2, 1]) as tf.Tensor5D)).to.throw(ShapeError, /does not fit/);
    expect(() => conv3d(x, tf.zeros([2, 2, 2, 1, 3]) as tf.Tensor5D, {groups: 2})).to.throw(ShapeError, /do not split into groups 2/);
    expect(() => conv3d(x, tf.zeros([2, 2, 2, 2, 1]) as tf.Tensor5D, {strides: 2, dilations: 2})).to.throw(ValueError, /strides/);
    expect(() => conv3d(x, tf.zeros([2, 2, 2, 2, 1]) as tf.Tensor5D, {strides: [1, 1] as never})).to.throw(ValueError, /strides must be/);
    expect(() => conv3d(tf.zeros([3, 4, 4, 2]) as never, tf.zeros([2, 2, 2, 2, 1]) as tf.Tensor5D)).to.throw(ShapeError, /rank 5/);
  });
});
