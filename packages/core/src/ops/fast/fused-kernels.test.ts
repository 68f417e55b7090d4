import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {describeBackends} from '../../testing/index.js';
import {conv2d} from './conv2d.js';
import {convTranspose2d} from './conv-transpose.js';
import {dense} from './dense.js';
import {depthwiseConv2d} from './depthwise-conv2d.js';

/** The kernels one training step (forward and backward under tf.variableGrads) dispatches. */
async function kernelsOfStep(f: () => tf.Tensor): Promise<string[]> {
  const info = await tf.profile(() => {
    const {value, grads} = tf.variableGrads(() => tf.sum(f()));
    tf.dispose([value, ...Object.values(grads)]);
  });
  return info.kernels.map((k) => k.name);
}

// tf.fused.matMul / conv2d / depthwiseConv2d split a non-linear activation into product, Add and the
// activation whenever a gradient tape records; Stratum's ops keep the one fused kernel (fused-kernels.ts).
describeBackends('fast ops keep activations fused under a gradient tape', () => {
  const cases: Array<{name: string; fused: string; act: string; make: () => {run: () => tf.Tensor; dispose: tf.Tensor[]}}> = [
    {name: 'dense', fused: '_FusedMatMul', act: 'Relu', make: () => {
      const [x, w, b] = [tf.randomNormal([4, 8]), tf.variable(tf.randomNormal([8, 5])), tf.variable(tf.zeros([5]))];
      return {run: () => dense(x, w as tf.Variable<tf.Rank.R2>, b as tf.Variable<tf.Rank.R1>, 'relu'), dispose: [x, w, b]};
    }},
    {name: 'conv2d', fused: 'FusedConv2D', act: 'Relu', make: () => {
      const [x, w, b] = [tf.randomNormal([2, 6, 6, 3]), tf.variable(tf.randomNormal([3, 3, 3, 4])), tf.variable(tf.zeros([4]))];
      return {run: () => conv2d(x as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, {bias: b as tf.Variable<tf.Rank.R1>, activation: 'relu', padding: 'same'}), dispose: [x, w, b]};
    }},
    {name: 'depthwiseConv2d', fused: 'FusedDepthwiseConv2D', act: 'Relu6', make: () => {
      const [x, w, b] = [tf.randomNormal([2, 6, 6, 3]), tf.variable(tf.randomNormal([3, 3, 3, 2])), tf.variable(tf.zeros([6]))];
      return {run: () => depthwiseConv2d(x as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, {bias: b as tf.Variable<tf.Rank.R1>, activation: 'relu6'}), dispose: [x, w, b]};
    }},
    {name: 'convTranspose2d', fused: 'FusedConv2D', act: 'Relu', make: () => {
      const [x, w, b] = [tf.randomNormal([2, 5, 5, 3]), tf.variable(tf.randomNormal([3, 3, 4, 3])), tf.variable(tf.zeros([4]))];
      return {run: () => convTranspose2d(x as tf.Tensor4D, w as tf.Variable<tf.Rank.R4>, {bias: b as tf.Variable<tf.Rank.R1>, activation: 'relu', strides: 2, padding: 'same'}), dispose: [x, w, b]};
    }},
  ];
  for (const c of cases) {
    it(`${c.name}: a training step runs ${c.fused} and no separate Add or ${c.act} (tfjs's own fused op does)`, async () => {
      const {run, dispose} = c.make();
      const ours = await kernelsOfStep(run);
      expect(ours).to.include(c.fused);
      expect(ours).not.to.include(c.act);
      expect(ours).not.to.include('Add');
      expect(ours).not.to.include('BiasAdd');
      tf.dispose(dispose);
    });
  }

  it('tfjs unfuses under a tape (the behaviour worked around here still exists)', async () => {
    const [x, w, b] = [tf.randomNormal([4, 8]), tf.variable(tf.randomNormal([8, 5])), tf.variable(tf.zeros([5]))];
    const stock = await kernelsOfStep(() => tf.fused.matMul({a: x as tf.Tensor2D, b: w as tf.Variable<tf.Rank.R2>, bias: b, activation: 'relu'}));
    expect(stock).to.include.members(['BatchMatMul', 'Add', 'Relu']);
    expect(stock).not.to.include('_FusedMatMul');
    tf.dispose([x, w, b]);
  });
});
