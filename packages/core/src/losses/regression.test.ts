import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../index.js';
import {describeBackends, expectClose} from '../testing/index.js';
import {CosineSimilarity, Huber, LogCosh, MeanAbsoluteError, MeanAbsolutePercentageError, MeanSquaredError, MeanSquaredLogarithmicError} from './index.js';
import {expectReductions, lossValue, valueOf, withTensors} from './losses.test.helpers.js';

const EPS = 1e-7;

describeBackends('regression losses', () => {
  const yt = [[1, 2, 3], [0, -1, 0.5], [2, 2, 2]];
  const yp = [[1.5, 1, 3], [0.25, 0, -0.5], [2, 2, 2]];

  it('MeanAbsoluteError: hand-computed, all reductions and weights', async () => {
    // (0.5 + 1 + 0)/3, (0.25 + 1 + 1)/3, and 0 for the all-correct row
    await withTensors([yt, yp], (t, p) => expectReductions((reduction) => new MeanAbsoluteError({reduction}), t, p, [0.5, 0.75, 0]));
  });

  it('MeanAbsolutePercentageError: 100·|Δ|/|y|, zero targets stay finite', async () => {
    // row 0: (|1−2|/1 + |2−1|/2)/2 = 0.75 → 75; row 1: (1/4 + 1/1e-7)/2 · 100
    await withTensors([[[1, 2], [4, 0]], [[2, 1], [3, 1]]], (t, p) =>
      expectReductions((reduction) => new MeanAbsolutePercentageError({reduction}), t, p, [75, ((0.25 + 1 / EPS) / 2) * 100], 1e-4));
    await withTensors([[[5, -5]], [[5, -5]]], async (t, p) => expect(await valueOf(new MeanAbsolutePercentageError().call(t, p))).to.equal(0));
  });

  it('MeanSquaredLogarithmicError: negative values are clipped to ε before the log', async () => {
    const ref = (y: number, q: number): number => (Math.log1p(Math.max(q, EPS)) - Math.log1p(Math.max(y, EPS))) ** 2;
    const t = [[0, 1], [3, -1]];
    const p = [[1, 1], [1, -2]];
    // row 0: ((ln 2)² + 0)/2 = 0.2402265; row 1: ((ln 2 − ln 4)² + 0)/2
    const expected = t.map((row, i) => row.reduce((s, y, j) => s + ref(y, p[i]![j]!), 0) / row.length);
    expect(expected[0]).to.be.closeTo(Math.LN2 ** 2 / 2, 1e-6);
    await withTensors([t, p], (a, b) => expectReductions((reduction) => new MeanSquaredLogarithmicError({reduction}), a, b, expected));
  });

  it('Huber: quadratic inside δ, linear outside; δ configurable', async () => {
    // errors 0.5, 2, −3 with δ = 1: 0.125, 2 − 0.5, 3 − 0.5 → 4.125/3
    await withTensors([[[0, 0, 0], [1, 1, 1]], [[0.5, 2, -3], [1, 1, 1]]], async (t, p) => {
      await expectReductions((reduction) => new Huber({reduction}), t, p, [4.125 / 3, 0]);
      // δ = 2: 0.125, ½·4 = 2, 2·3 − 2 = 4
      await expectReductions((reduction) => new Huber({reduction, delta: 2}), t, p, [6.125 / 3, 0]);
    });
    expect(new Huber().name).to.equal('huber_loss');
    expect(() => new Huber({delta: 0})).to.throw(ValueError, /Huber: delta must be a number > 0, received 0/);
    expect(() => new Huber({delta: NaN})).to.throw(ValueError, /received NaN/);
  });

  it('LogCosh: matches log(cosh(x)) and stays finite for huge errors', async () => {
    const t = [[0, 0], [0, 0]];
    const p = [[0.5, -2], [1000, -3000]];
    const small = (Math.log(Math.cosh(0.5)) + Math.log(Math.cosh(-2))) / 2;
    // cosh overflows float64 here: log cosh x = |x| − ln 2 + log1p(e^(−2|x|))
    const big = (1000 - Math.LN2 + (3000 - Math.LN2)) / 2;
    await withTensors([t, p], (a, b) => expectReductions((reduction) => new LogCosh({reduction}), a, b, [small, big], 1e-5));
  });

  it('CosineSimilarity: −1 parallel, +1 opposite, 0 orthogonal or zero', async () => {
    const t = [[1, 0], [1, 1], [0, 0], [3, 4], [1, 0]];
    const p = [[2, 0], [-1, -1], [1, 1], [4, 3], [0, 5]];
    await withTensors([t, p], (a, b) => expectReductions((reduction) => new CosineSimilarity({reduction}), a, b, [-1, 1, 0, -24 / 25, 0]));
  });

  it('CosineSimilarity along axis 0 gives one value per column', async () => {
    await withTensors([[[1, 0], [0, 1]], [[1, 0], [0, -1]]], async (t, p) => {
      const v = await lossValue(new CosineSimilarity({axis: 0, reduction: 'none'}), t, p);
      expect(v.shape).to.deep.equal([2]);
      await expectClose(v, [-1, 1]);
      v.dispose();
    });
  });

  it('rank-3 targets give [batch, time] values; all-correct is 0; mismatched shapes name both', async () => {
    const t = tf.tensor3d([[[1, 2], [3, 4]]]);
    const p = tf.tensor3d([[[1, 0], [3, 5]]]);
    const v = await lossValue(new MeanAbsoluteError({reduction: 'none'}), t, p);
    expect(v.shape).to.deep.equal([1, 2]);
    await expectClose(v, [[1, 0.5]]);
    const bad = tf.zeros([1, 2, 3]);
    for (const loss of [new MeanAbsoluteError(), new MeanSquaredError(), new Huber(), new LogCosh(), new MeanSquaredLogarithmicError(), new MeanAbsolutePercentageError()]) {
      expect(await valueOf(loss.call(t, t))).to.be.closeTo(0, 1e-6);
      expect(() => loss.call(t, bad)).to.throw(ShapeError, /targets of shape \[1, 2, 2\] do not match predictions of shape \[1, 2, 3\]/);
    }
    tf.dispose([t, p, v, bad]);
  });
});
