import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {convTranspose1d, convTranspose2d} from './conv-transpose.js';
import {convTranspose3d} from './conv3d.js';
import {checkAgainstReference, transposeProducts, type TransposeSpec} from './conv-reference.test.helpers.js';

type Spec = TransposeSpec & {name: string};

const CONFIGS: Spec[] = [
  {name: '2-D valid, stride 1', x: [2, 3, 4, 2], w: [2, 3, 3, 2], strides: [1, 1], dilations: [1, 1], padding: 'valid', outputPadding: null},
  {name: '2-D same, strides 2', x: [1, 3, 3, 2], w: [3, 3, 2, 2], strides: [2, 2], dilations: [1, 1], padding: 'same', outputPadding: null},
  {name: '2-D valid, strides [3, 2], kernel smaller than stride', x: [1, 3, 2, 1], w: [2, 1, 2, 1], strides: [3, 2], dilations: [1, 1], padding: 'valid', outputPadding: null},
  {name: '2-D same, kernel 4, strides 2, outputPadding [1, 0]', x: [1, 3, 3, 2], w: [4, 4, 1, 2], strides: [2, 2], dilations: [1, 1], padding: 'same', outputPadding: [1, 0]},
  {name: '2-D valid, strides 2, outputPadding 1', x: [2, 2, 3, 1], w: [3, 2, 2, 1], strides: [2, 2], dilations: [1, 1], padding: 'valid', outputPadding: [1, 1]},
  {name: '2-D same, dilation 2', x: [1, 4, 4, 2], w: [3, 2, 2, 2], strides: [1, 1], dilations: [2, 2], padding: 'same', outputPadding: null},
  {name: '2-D valid, dilation [1, 3]', x: [1, 3, 3, 1], w: [2, 2, 2, 1], strides: [1, 1], dilations: [1, 3], padding: 'valid', outputPadding: null},
];

const op2 = (c: TransposeSpec) => (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => convTranspose2d(x as tf.Tensor4D, w as tf.Tensor4D, {
  strides: c.strides as [number, number], dilations: c.dilations as [number, number], padding: c.padding,
  outputPadding: c.outputPadding as [number, number] | null, bias: b as tf.Tensor1D,
});

describeBackends('fast transposed convolutions', (backend) => {
  for (const c of CONFIGS) {
    it(`convTranspose2d matches the float64 (JAX-style) reference and central differences (${c.name})`, async () => {
      await checkAgainstReference(op2(c), c.x, c.w, transposeProducts(c), 51);
    });
  }

  const ONE: Spec[] = [
    {name: 'same, stride 2', x: [2, 5, 2], w: [3, 2, 2], strides: [2], dilations: [1], padding: 'same', outputPadding: null},
    {name: 'valid, stride 3, outputPadding 2', x: [1, 4, 1], w: [2, 3, 1], strides: [3], dilations: [1], padding: 'valid', outputPadding: [2]},
    {name: 'same, dilation 2, even kernel', x: [1, 6, 2], w: [4, 1, 2], strides: [1], dilations: [2], padding: 'same', outputPadding: null},
  ];
  for (const c of ONE) {
    it(`convTranspose1d matches the float64 reference (${c.name})`, async () => {
      await checkAgainstReference((x, w, b) => convTranspose1d(x as tf.Tensor3D, w as tf.Tensor3D, {
        strides: c.strides[0], dilations: c.dilations[0], padding: c.padding, outputPadding: c.outputPadding === null ? null : c.outputPadding[0], bias: b as tf.Tensor1D,
      }), c.x, c.w, transposeProducts(c), 61);
    });
  }

  const THREE: Spec[] = [
    {name: 'valid, strides [2, 1, 2]', x: [1, 2, 3, 2, 2], w: [3, 2, 2, 2, 2], strides: [2, 1, 2], dilations: [1, 1, 1], padding: 'valid', outputPadding: null},
    {name: 'same, strides 2, outputPadding [1, 0, 1]', x: [2, 2, 2, 3, 1], w: [2, 3, 2, 2, 1], strides: [2, 2, 2], dilations: [1, 1, 1], padding: 'same', outputPadding: [1, 0, 1]},
    {name: 'same, dilation [2, 1, 1]', x: [1, 4, 3, 3, 2], w: [3, 2, 2, 1, 2], strides: [1, 1, 1], dilations: [2, 1, 1], padding: 'same', outputPadding: null},
  ];
  for (const c of THREE) {
    it(`convTranspose3d matches the float64 reference (${c.name})`, async () => {
      await checkAgainstReference((x, w, b) => convTranspose3d(x as tf.Tensor5D, w as tf.Tensor5D, {
        strides: c.strides as [number, number, number], dilations: c.dilations as [number, number, number], padding: c.padding,
        outputPadding: c.outputPadding as [number, number, number] | null, bias: b as tf.Tensor1D,
      }), c.x, c.w, transposeProducts(c), 71);
    });
  }

  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm', 'cpu'];
  for (const path of paths) {
    it(`the ${path} formulation matches the float64 reference (same, kernel 4, strides 2, outputPadding)`, async () => {
      const c = CONFIGS[3]!;
      forceFastPath(path);
      try {
        await checkAgainstReference(op2(c), c.x, c.w, transposeProducts(c), 81, false);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('output shapes follow Keras (keras/src/ops/operation_utils.py compute_conv_transpose_output_shape)', () => {
    // Keras's Conv2DTranspose docstring: (4, 10, 8, 128), filters 32, kernel 2, strides 2 -> (4, 20, 16, 32).
    const shape = (xs: number[], ws: number[], o: Parameters<typeof convTranspose2d>[2]): number[] => tf.tidy(() => convTranspose2d(tf.zeros(xs as [number, number, number, number]), tf.zeros(ws as [number, number, number, number]), o).shape);
    expect(shape([4, 10, 8, 128], [2, 2, 32, 128], {strides: 2})).to.deep.equal([4, 20, 16, 32]);
    // valid: (in-1)·s + max(k, s); same: in·s.
    expect(shape([1, 5, 5, 1], [3, 3, 1, 1], {strides: 2})).to.deep.equal([1, 11, 11, 1]);
    expect(shape([1, 5, 5, 1], [3, 3, 1, 1], {strides: 2, padding: 'same'})).to.deep.equal([1, 10, 10, 1]);
    // same with outputPadding: (in-1)·s + k - 2·floor(k/2) + p.
    expect(shape([1, 5, 5, 1], [4, 3, 1, 1], {strides: 2, padding: 'same', outputPadding: 1})).to.deep.equal([1, 9, 10, 1]);
  });

  it('fused relu and tanh equal the activation of the linear result', async () => {
    const x = tf.randomNormal([1, 3, 3, 2]) as tf.Tensor4D, w = tf.randomNormal([3, 3, 2, 2]) as tf.Tensor4D;
    const plain = await convTranspose2d(x, w, {strides: 2}).data();
    const relu = await convTranspose2d(x, w, {strides: 2, activation: 'relu'}).data();
    const tanh = await convTranspose2d(x, w, {strides: 2, activation: 'tanh'}).data();
    plain.forEach((v, i) => {
      expect(relu[i]).to.be.closeTo(Math.max(v, 0), 1e-5);
      expect(tanh[i]).to.be.closeTo(Math.tanh(v), 1e-5);
    });
    tf.dispose([x, w]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.randomNormal([2, 3, 4, 4, 2]) as tf.Tensor5D;
    const w = tf.variable(tf.randomNormal([3, 3, 3, 4, 2])) as tf.Variable<tf.Rank.R5>;
    const b = tf.variable(tf.randomNormal([4])) as tf.Variable<tf.Rank.R1>;
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(convTranspose3d(x, w, {strides: 2, padding: 'same', bias: b, activation: 'relu'})));
      await value.data();
      const dx = tf.grad((xx) => tf.sum(convTranspose3d(xx as tf.Tensor5D, w, {dilations: 2})))(x);
      tf.dispose([value, dx, ...Object.values(grads), convTranspose3d(x, w)]);
    });
    tf.dispose([x, w, b]);
  });

  it('rejects arguments that do not fit, naming them', () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    expect(() => convTranspose2d(x, tf.zeros([3, 3, 1, 3]) as tf.Tensor4D)).to.throw(ShapeError, /2 channels/);
    expect(() => convTranspose2d(x, tf.zeros([3, 3, 1, 2]) as tf.Tensor4D, {strides: 2, outputPadding: 2})).to.throw(ValueError, /outputPadding must be smaller than strides/);
    expect(() => convTranspose2d(x, tf.zeros([3, 3, 1, 2]) as tf.Tensor4D, {strides: 2, dilations: 2})).to.throw(ValueError, /strides and dilations/);
    expect(() => convTranspose2d(x, tf.zeros([3, 3, 1, 2]) as tf.Tensor4D, {bias: tf.zeros([2]) as tf.Tensor1D})).to.throw(ShapeError, /bias/);
    expect(() => convTranspose1d(tf.zeros([1, 4, 2]) as tf.Tensor3D, tf.zeros([3, 1, 2]) as tf.Tensor3D, {outputPadding: -1})).to.throw(ValueError, /non-negative/);
    expect(() => convTranspose3d(tf.zeros([1, 4, 4, 2]) as never, tf.zeros([3, 3, 3, 1, 2]) as tf.Tensor5D)).to.throw(ShapeError, /rank 5/);
  });
});
