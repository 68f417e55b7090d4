import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {describeBackends, expectNoLeaks} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {meanOver} from './mean-over.js';
import {expectArraysClose, ownGradients, randArray, size} from './reference.test.helpers.js';

/** Mean over `axes` of row-major `x` in float64, and the gradient of sum(weights · mean): weights spread evenly. */
function reference(x: ArrayLike<number>, shape: number[], axes: number[], weights: ArrayLike<number>): {mean: Float64Array; dx: Float64Array} {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outStrides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const count = axes.reduce((a, ax) => a * (shape[ax] as number), 1);
  const target = (i: number): number => {
    let o = 0, k = 0;
    shape.forEach((d, ax) => {
      const coord = Math.floor(i / (strides[ax] as number)) % d;
      if (!axes.includes(ax)) o += coord * (outStrides[k++] as number);
    });
    return o;
  };
  const mean = new Float64Array(size(outShape));
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const o = target(i);
    mean[o] = (mean[o] as number) + (x[i] as number) / count;
    dx[i] = (weights[o] as number) / count;
  }
  return {mean, dx};
}

describeBackends('ops.meanOver', (backend) => {
  const cases: Array<{shape: number[]; axes: number[]}> = [
    {shape: [4, 6, 3], axes: [1]},
    {shape: [2, 3, 4, 5], axes: [1, 2]},
    {shape: [2, 3, 4, 5], axes: [0, 2]},
    {shape: [3, 4], axes: [1]},
  ];
  const paths: FastPath[] = backend === 'cpu' ? ['cpu', 'wasm', 'generic'] : ['wasm', 'cpu'];
  for (const path of paths) {
    for (const {shape, axes} of cases) {
      it(`${path} formulation: mean over [${axes}] of [${shape}] and its gradient match float64`, async () => {
        const x = randArray(size(shape), shape.length + axes.length * 3);
        const outSize = size(shape.filter((_, i) => !axes.includes(i)));
        const weights = randArray(outSize, 77);
        const ref = reference(x, shape, axes, weights);
        forceFastPath(path);
        try {
          const y = meanOver(tf.tensor(Float32Array.from(x), shape), axes);
          expect(y.shape).to.deep.equal(shape.filter((_, i) => !axes.includes(i)));
          expectArraysClose(await y.data(), ref.mean, 'mean', 1e-6, 1e-5);
          y.dispose();
          const [dx] = await ownGradients((t) => meanOver(t as tf.Tensor, axes), [{values: x, shape}], weights);
          expectArraysClose(dx as Float32Array, ref.dx, 'dx', 1e-6, 1e-5);
        } finally {
          forceFastPath(null);
        }
      });
    }
  }

  it('keepDims keeps the reduced axes with size 1, negative axes count from the end, no leaks', async () => {
    forceFastPath('cpu');
    try {
      const x = tf.tensor(Float32Array.from(randArray(24, 3)), [2, 3, 4]);
      const kept = meanOver(x, [-2], true);
      expect(kept.shape).to.deep.equal([2, 1, 4]);
      expectArraysClose(await kept.data(), await tf.mean(x, 1).data(), 'keepDims', 1e-6, 1e-5);
      kept.dispose();
      await expectNoLeaks(() => {
        tf.dispose(meanOver(x, 1));
        tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(meanOver(a, 1)))(x));
      });
      x.dispose();
    } finally {
      forceFastPath(null);
    }
  });
});
