import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {segmentMax, segmentMean, segmentSum, unsortedSegmentSum} from './segment.js';
import {expectArraysClose, randArray, weightedSum} from './reference.test.helpers.js';

type Kind = 'sum' | 'mean' | 'max';
const S = 5;
const ROW = [2, 3];
const D = 6;
// Segments 1 and 4 get no rows; 7 (>= numSegments) and -1 are dropped, as in
// keras/src/backend/torch/math.py and keras/src/backend/numpy/math.py (_segment_reduction_fn).
const IDS = [2, 0, 2, 7, -1, 0, 3, 2, 0];
const SORTED_IDS = [0, 0, 0, 2, 2, 2, 3, 3, 4];

/** Data with a tie: rows 1 and 5 (both segment 0 in IDS) share element 4, made the largest of the segment. */
function makeData(seed: number): Float64Array {
  const x = randArray(IDS.length * D, seed);
  x[1 * D + 4] = 2;
  x[5 * D + 4] = 2;
  return x;
}

/**
 * Float64 segment reduction by plain loops, and the gradient of sum(out · w) with respect to data
 * (max: TF's rule, each segment's gradient shared equally among the rows attaining its max).
 */
function reference(kind: Kind, x: Float64Array, ids: number[], w: Float64Array): {out: Float64Array; dx: Float64Array} {
  const out = new Float64Array(S * D);
  const dx = new Float64Array(x.length);
  for (let s = 0; s < S; s++) {
    const members = ids.flatMap((id, i) => (id === s ? [i] : []));
    for (let k = 0; k < D; k++) {
      const vals = members.map((i) => x[i * D + k] as number);
      const g = w[s * D + k] as number;
      if (kind === 'sum' || kind === 'mean') {
        const scale = kind === 'mean' && members.length > 0 ? 1 / members.length : 1;
        out[s * D + k] = vals.reduce((a, b) => a + b, 0) * scale;
        for (const i of members) dx[i * D + k] = g * scale;
      } else {
        // keras/src/backend/numpy/math.py and torch/math.py start the max at -inf: empty segments stay -inf.
        const m = vals.reduce((a, b) => Math.max(a, b), -Infinity);
        out[s * D + k] = m;
        const winners = members.filter((i) => x[i * D + k] === m);
        for (const i of winners) dx[i * D + k] = g / winners.length;
      }
    }
  }
  return {out, dx};
}

const OPS: Record<Kind, (d: tf.Tensor, ids: tf.Tensor, n: number, sorted?: boolean) => tf.Tensor> = {
  sum: segmentSum, mean: segmentMean, max: segmentMax,
};

/** Close to the reference where it is finite; exactly equal (-Infinity for an empty max) where not. */
function expectMatches(actual: ArrayLike<number>, expected: Float64Array, what: string): void {
  expected.forEach((e, i) => {
    if (!Number.isFinite(e)) expect(actual[i], `${what}: index ${i}`).to.equal(e);
  });
  const finite = (v: number, i: number): number => (Number.isFinite(expected[i] as number) ? v : 0);
  expectArraysClose(Array.from(actual, finite), expected.map(finite), what, 1e-5, 1e-5);
}

/** Σ w·y over the finite entries of y (an empty segment's max is -Infinity and has no gradient). */
function finiteWeightedSum(y: tf.Tensor, weights: ArrayLike<number>): tf.Scalar {
  return weightedSum(tf.where(tf.isFinite(y), y, tf.zerosLike(y)), weights);
}

describeBackends('fast segment ops', (backend) => {
  const w = randArray(S * D, 11);
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm', 'cpu'];
  for (const kind of ['sum', 'mean', 'max'] as Kind[]) {
    for (const path of paths) {
      it(`segment ${kind} (${path} formulation): values and data gradient match float64 loops, with empty segments and dropped ids`, async () => {
        forceFastPath(path);
        try {
          const xv = makeData(3);
          const ref = reference(kind, xv, IDS, w);
          const x = tf.tensor(Float32Array.from(xv), [IDS.length, ...ROW]);
          const ids = tf.tensor1d(IDS, 'int32');
          const y = OPS[kind](x, ids, S);
          expect(y.shape).to.deep.equal([S, ...ROW]);
          expectMatches(await y.data(), ref.out, 'value');
          const dx = tf.grad((t: tf.Tensor) => finiteWeightedSum(OPS[kind](t, ids, S), w))(x);
          expect(dx.shape).to.deep.equal(x.shape);
          expectArraysClose(await dx.data(), ref.dx, 'dData', 1e-6, 1e-6);
          tf.dispose([x, ids, y, dx]);
        } finally {
          forceFastPath(null);
        }
      });
    }
  }

  it('segment max with sorted=true (no sort) matches the reference on sorted ids, ties included', async () => {
    const xv = makeData(4);
    xv[0 * D + 2] = 3;
    xv[2 * D + 2] = 3;
    const ref = reference('max', xv, SORTED_IDS, w);
    const x = tf.tensor(Float32Array.from(xv), [SORTED_IDS.length, D]);
    const ids = tf.tensor1d(SORTED_IDS, 'int32');
    expectMatches(await segmentMax(x, ids, S, true).data(), ref.out, 'value');
    const dx = tf.grad((t: tf.Tensor) => weightedSum(segmentMax(t, ids, S, true), w))(x);
    expectArraysClose(await dx.data(), ref.dx, 'dData', 1e-6, 1e-6);
    expect((await dx.data())[2]).to.be.closeTo((w[2] as number) / 2, 1e-6);
    tf.dispose([x, ids, dx]);
  });

  it('sum and mean gradients agree with central differences; ids may have the rank of several leading axes', async () => {
    const xv = randArray(12 * 2, 8);
    const x = tf.tensor(Float32Array.from(xv), [3, 4, 2]);
    const ids = tf.tensor2d([[0, 1, 1, 2], [2, 2, 0, 1], [1, 0, 9, 2]], [3, 4], 'int32');
    const wv = randArray(3 * 2, 9);
    for (const op of [unsortedSegmentSum, segmentMean]) {
      const f = (t: tf.Tensor): tf.Scalar => weightedSum(op(t, ids, 3), wv);
      const dx = tf.grad(f)(x);
      expectArraysClose(await dx.data(), await numericGradient(f, x), `${op.name} vs numeric`, 2e-3, 2e-3);
      dx.dispose();
    }
    // Row 2 of the [3, 4] ids (flat index 10) is 9 >= 3: dropped, zero gradient.
    const d = await tf.grad((t: tf.Tensor) => tf.sum(unsortedSegmentSum(t, ids, 3)))(x).data();
    expect(Array.from(d.slice(20, 22))).to.deep.equal([0, 0]);
    tf.dispose([x, ids]);
  });

  it('sums int32 data (Keras example) and handles no rows at all', async () => {
    // keras/src/ops/math.py segment_sum docstring: [1, 2, 10, 20, 100, 200] by [0, 0, 1, 1, 2, 2] -> [3, 30, 300].
    const y = segmentSum(tf.tensor1d([1, 2, 10, 20, 100, 200], 'int32'), tf.tensor1d([0, 0, 1, 1, 2, 2], 'int32'), 3);
    expect(y.dtype).to.equal('int32');
    await expectClose(y, [3, 30, 300], 0, 0);
    // keras/src/ops/math.py segment_max docstring: -> [2, 20, 200].
    await expectClose(segmentMax(tf.tensor1d([1, 2, 10, 20, 100, 200]), tf.tensor1d([0, 0, 1, 1, 2, 2], 'int32'), 3), [2, 20, 200], 0, 0);
    const none = tf.zeros([0, 2]);
    const noIds = tf.zeros([0], 'int32');
    await expectClose(segmentSum(none, noIds, 2), [[0, 0], [0, 0]], 0, 0);
    await expectClose(segmentMean(none, noIds, 2), [[0, 0], [0, 0]], 0, 0);
    expect(Array.from(await segmentMax(none, noIds, 2).data())).to.deep.equal([-Infinity, -Infinity, -Infinity, -Infinity]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const x = tf.variable(tf.randomNormal([20, 4]));
    const ids = tf.randomUniform([20], 0, 6, 'int32');
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.add(tf.add(tf.sum(segmentSum(x, ids, 6)), tf.sum(segmentMean(x, ids, 6))),
        finiteWeightedSum(segmentMax(x, ids, 6), new Float64Array(24).fill(1))));
      await value.data();
      tf.dispose([value, ...Object.values(grads), segmentMax(x, ids, 6), segmentSum(x, ids, 6)]);
    });
    tf.dispose([x, ids]);
  });

  it('rejects bad arguments, naming them', () => {
    const x = tf.zeros([3, 2]);
    expect(() => segmentSum(x, tf.tensor1d([0, 1, 0]), 2)).to.throw(ValueError, /segmentIds must be int32, received dtype "float32"/);
    expect(() => segmentSum(x, tf.tensor1d([0, 1], 'int32'), 2)).to.throw(ShapeError, /segmentIds \(shape \[2\]\).*data \(shape \[3,2\]\)/);
    expect(() => segmentMax(x, tf.tensor1d([0, 1, 0], 'int32'), -1)).to.throw(ValueError, /numSegments must be a non-negative integer, received -1/);
    expect(() => segmentMean(tf.zeros([3], 'int32'), tf.tensor1d([0, 1, 0], 'int32'), 2)).to.throw(ValueError, /segmentMean: data must be float32/);
    x.dispose();
  });
});
