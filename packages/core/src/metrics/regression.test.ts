import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../index.js';
import {describeBackends} from '../testing/index.js';
import {CosineSimilarity, MeanAbsoluteError, MeanSquaredError, R2Score, RootMeanSquaredError, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy} from './index.js';
import {resultOf, resultValues, update} from './metrics.test.helpers.js';

describeBackends('top-k accuracy', () => {
  const preds = [[0.1, 0.5, 0.4], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]];
  const labels = [2, 0, 2];
  const oneHot = labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));

  it('SparseTopKCategoricalAccuracy: hits among the k best, ties at the boundary count', async () => {
    // target scores 0.4 (one higher), 0.3 (one higher: the tie with class 1 is not higher), 0.1 (two higher)
    for (const [k, expected] of [[1, 0], [2, 2 / 3], [3, 1]] as const) {
      const m = new SparseTopKCategoricalAccuracy({k});
      await update(m, tf.tensor1d(labels, 'int32'), preds);
      expect(await resultOf(m), `k = ${k}`).to.be.closeTo(expected, 1e-6);
      m.dispose();
    }
    const m = new SparseTopKCategoricalAccuracy({k: 1});
    expect(m.name).to.equal('sparse_top_k_categorical_accuracy');
    expect(m.k).to.equal(1);
    await update(m, [[2]], [[0.5, 0.5, 0.5]]);
    expect(await resultOf(m)).to.equal(1);
    m.dispose();
  });

  it('TopKCategoricalAccuracy: one-hot targets, default k = 5, accumulated with weights', async () => {
    const m = new TopKCategoricalAccuracy({k: 2});
    expect(m.name).to.equal('top_k_categorical_accuracy');
    await update(m, oneHot, preds, [1, 1, 2]);
    // hits 1, 1, 0 weighted 1, 1, 2 → 2/4
    expect(await resultOf(m)).to.be.closeTo(0.5, 1e-6);
    await update(m, [[0, 0, 1]], [[0, 1, 0.5]]);
    expect(await resultOf(m)).to.be.closeTo(3 / 5, 1e-6);
    m.dispose();
    const five = new TopKCategoricalAccuracy();
    expect(five.k).to.equal(5);
    await update(five, oneHot, preds);
    expect(await resultOf(five)).to.equal(1);
    five.dispose();
    expect(() => new TopKCategoricalAccuracy({k: 0})).to.throw(ValueError, /k must be a positive integer, received 0/);
  });

  it('SparseTopK fromSortedIds: predictions are class ids ranked best first', async () => {
    const m = new SparseTopKCategoricalAccuracy({k: 2, fromSortedIds: true});
    await update(m, [[0], [0], [3]], tf.tensor2d([[2, 0, 1], [1, 2, 0], [3, 1, 2]], [3, 3], 'int32'));
    expect(await resultOf(m)).to.be.closeTo(2 / 3, 1e-6);
    m.dispose();
  });
});

describeBackends('regression metrics', () => {
  const yt = [[1, 2], [3, 4]];
  const yp = [[1, 3], [5, 4]];

  it('MeanSquaredError / MeanAbsoluteError / RootMeanSquaredError: hand-computed and accumulated', async () => {
    // squared errors 0 1 | 4 0, absolute errors 0 1 | 2 0
    const mse = new MeanSquaredError();
    const mae = new MeanAbsoluteError();
    const rmse = new RootMeanSquaredError();
    for (const m of [mse, mae, rmse]) await update(m, yt, yp);
    expect(await resultOf(mse)).to.be.closeTo(1.25, 1e-6);
    expect(await resultOf(mae)).to.be.closeTo(0.75, 1e-6);
    expect(await resultOf(rmse)).to.be.closeTo(Math.sqrt(1.25), 1e-6);
    // a second batch, weighted 3: squared error 9, absolute 3
    for (const m of [mse, mae, rmse]) await update(m, [[0, 0]], [[3, 3]], [3]);
    expect(await resultOf(mse)).to.be.closeTo((0.5 + 2 + 27) / 5, 1e-5);
    expect(await resultOf(mae)).to.be.closeTo((0.5 + 1 + 9) / 5, 1e-5);
    expect(await resultOf(rmse)).to.be.closeTo(Math.sqrt((0.5 + 2 + 27) / 5), 1e-5);
    expect([mse.name, mae.name, rmse.name]).to.deep.equal(['mean_squared_error', 'mean_absolute_error', 'root_mean_squared_error']);
    for (const m of [mse, mae, rmse]) {
      m.reset();
      expect(await resultOf(m)).to.equal(0);
      m.dispose();
    }
  });

  it('regression metrics: [batch] meets [batch, 1]; all-correct is 0; zero weights drop samples', async () => {
    const m = new RootMeanSquaredError();
    await update(m, [1, 2, 3], [[1], [2], [3]]);
    expect(await resultOf(m)).to.equal(0);
    await update(m, [1, 2], [5, 6], [0, 0]);
    expect(await resultOf(m)).to.equal(0);
    const bad = tf.zeros([2, 3]);
    const other = tf.zeros([2, 2]);
    expect(() => m.updateState(bad, other)).to.throw(ShapeError, /root_mean_squared_error: targets of shape \[2, 3\] do not match predictions of shape \[2, 2\]/);
    tf.dispose([bad, other]);
    m.dispose();
  });

  it('CosineSimilarity metric: positive similarity (the loss is its negative)', async () => {
    const m = new CosineSimilarity();
    await update(m, [[1, 0], [1, 1], [3, 4]], [[2, 0], [-1, -1], [4, 3]]);
    expect(await resultOf(m)).to.be.closeTo((1 - 1 + 24 / 25) / 3, 1e-6);
    m.dispose();
  });

  describe('R2Score', () => {
    it('single output, hand-computed: 1 − 1.5 / 29.1875', async () => {
      const m = new R2Score();
      expect(m.name).to.equal('r2_score');
      expect(await resultOf(m)).to.equal(0);
      await update(m, [3, -0.5], [2.5, 0]);
      await update(m, [[2], [7]], [[2], [8]]);
      expect(await resultOf(m)).to.be.closeTo(1 - 1.5 / 29.1875, 1e-5);
      m.dispose();
    });

    it('two outputs: per output, uniform and variance-weighted averages', async () => {
      const t = [[0.5, 1], [-1, 1], [7, -6]];
      const p = [[0, 2], [-1, 2], [8, -5]];
      const perOutput = [0.9654377880184332, 0.9081632653061225];
      const results: number[][] = [];
      for (const classAggregation of [null, 'uniform_average', 'variance_weighted_average'] as const) {
        const m = new R2Score({classAggregation});
        await update(m, t, p);
        results.push(await resultValues(m));
        m.dispose();
      }
      expect(results[0]!.map((v, i) => Math.abs(v - perOutput[i]!) < 1e-5)).to.deep.equal([true, true]);
      expect(results[1]![0]).to.be.closeTo(0.9368005266622779, 1e-5);
      expect(results[2]![0]).to.be.closeTo(0.9382566585956417, 1e-5);
    });

    it('sample weights, adjusted R², constant targets', async () => {
      const w = new R2Score();
      await update(w, [3, -0.5, 2, 7], [2.5, 0, 2, 8], [1, 2, 0, 1]);
      expect(await resultOf(w)).to.be.closeTo(0.954248366013072, 1e-5);
      w.dispose();
      const adj = new R2Score({numRegressors: 1});
      await update(adj, [3, -0.5, 2, 7], [2.5, 0, 2, 8]);
      // n = 4, p = 1: 1 − (1 − R²)·3/2
      expect(await resultOf(adj)).to.be.closeTo(1 - (1.5 / 29.1875) * 1.5, 1e-5);
      adj.dispose();
      const tooMany = new R2Score({numRegressors: 5});
      await update(tooMany, [3, -0.5, 2, 7], [2.5, 0, 2, 8]);
      expect(await resultOf(tooMany)).to.be.closeTo(1 - 1.5 / 29.1875, 1e-5);
      tooMany.dispose();
      const constant = new R2Score({classAggregation: null});
      await update(constant, [[2, 0.1], [2, 0.1]], [[2, 0.1], [3, 0.1]]);
      // output 0: constant target, wrong prediction → 0; output 1: constant and exact → 1
      expect(await resultValues(constant)).to.deep.equal([0, 1]);
      constant.dispose();
      expect(() => new R2Score({classAggregation: 'mean' as never})).to.throw(ValueError, /classAggregation must be one of .* received "mean"/);
      expect(() => new R2Score({numRegressors: -1})).to.throw(ValueError, /numRegressors must be an integer >= 0, received -1/);
    });

    it('rejects a change in the number of outputs', async () => {
      const m = new R2Score();
      await update(m, [[1, 2]], [[1, 2]]);
      const t = tf.zeros([1, 3]);
      expect(() => m.updateState(t, t)).to.throw(ShapeError, /received 3 outputs, but earlier batches had 2/);
      t.dispose();
      m.reset();
      expect(await resultOf(m)).to.equal(0);
      m.dispose();
    });
  });
});
