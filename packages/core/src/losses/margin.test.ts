import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../index.js';
import {describeBackends, expectClose} from '../testing/index.js';
import {CategoricalHinge, ExponentialLoss, Hinge, LogisticLoss, MulticlassHinge, SquaredHinge} from './index.js';
import {expectReductions, lossValue, valueOf, withTensors} from './losses.test.helpers.js';

describeBackends('margin losses', () => {
  // {0, 1} targets become {−1, +1}: margins y·f are [−0.3, 0.8] and [−0.5, −2]
  const yt01 = [[0, 1], [1, 0]];
  const ytSigned = [[-1, 1], [1, -1]];
  const yp = [[0.3, 0.8], [-0.5, 2]];

  it('Hinge: mean(max(1 − y·f, 0)), {0, 1} and {−1, +1} targets agree', async () => {
    // row 0: (1.3 + 0.2)/2 = 0.75; row 1: (1.5 + 3)/2 = 2.25
    for (const t of [yt01, ytSigned]) {
      await withTensors([t, yp], (a, b) => expectReductions((reduction) => new Hinge({reduction}), a, b, [0.75, 2.25]));
    }
  });

  it('Hinge: non-binary targets are used as they are; all-correct margins ≥ 1 give 0', async () => {
    // y = 2 is not binary, so no conversion: max(1 − 2·0.25, 0) = 0.5
    await withTensors([[[2]], [[0.25]]], async (t, p) => expect(await valueOf(new Hinge().call(t, p))).to.be.closeTo(0.5, 1e-6));
    await withTensors([[[1, 0]], [[3, -1]]], async (t, p) => expect(await valueOf(new Hinge().call(t, p))).to.equal(0));
  });

  it('SquaredHinge: mean(max(1 − y·f, 0)²)', async () => {
    // row 0: (1.69 + 0.04)/2; row 1: (2.25 + 9)/2
    await withTensors([yt01, yp], (a, b) => expectReductions((reduction) => new SquaredHinge({reduction}), a, b, [0.865, 5.625]));
  });

  it('LogisticLoss: log(1 + e^(−y·f)), stable for huge margins', async () => {
    const ref = (m: number): number => Math.log1p(Math.exp(-m));
    await withTensors([[[1, 0], [0, 1]], [[2, 3], [0, -1]]], (a, b) =>
      expectReductions((reduction) => new LogisticLoss({reduction}), a, b, [(ref(2) + ref(-3)) / 2, (Math.LN2 + ref(-1)) / 2]));
    // margins −1000 and +1000: losses 1000 and ≈ 0, finite
    await withTensors([[[0, 1]], [[1000, 1000]]], async (t, p) => expect(await valueOf(new LogisticLoss().call(t, p))).to.be.closeTo(500, 1e-3));
  });

  it('ExponentialLoss: e^(−y·f)', async () => {
    await withTensors([[[1, -1], [-1, 1]], [[2, 3], [0, 0.5]]], (a, b) =>
      expectReductions((reduction) => new ExponentialLoss({reduction}), a, b, [(Math.exp(-2) + Math.exp(3)) / 2, (1 + Math.exp(-0.5)) / 2]));
    expect(new ExponentialLoss().name).to.equal('exponential_loss');
    expect(new LogisticLoss().name).to.equal('logistic_loss');
  });

  it('CategoricalHinge: max(0, 1 + max wrong score − true score)', async () => {
    // row 0: pos 0.5, neg 0.9 → 1.4; row 1: pos 0.6, neg 0.1 → 0.5; row 2 all correct by a margin → 0
    await withTensors([[[0, 1, 0], [1, 0, 0], [0, 0, 1]], [[0.2, 0.5, 0.9], [0.6, 0.1, 0.1], [-1, 0, 1.5]]], (a, b) =>
      expectReductions((reduction) => new CategoricalHinge({reduction}), a, b, [1.4, 0.5, 0]));
  });

  describe('MulticlassHinge (Weston–Watkins)', () => {
    // the cat / car / frog scores of the classic linear-classifier example: losses 2.9, 0 and 12.9
    const scores = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]];
    const labels = [0, 1, 2];
    const oneHot = labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));

    it('one-hot targets: Σ_{j≠y} max(0, f_j − f_y + 1)', async () => {
      await withTensors([oneHot, scores], (a, b) => expectReductions((reduction) => new MulticlassHinge({reduction}), a, b, [2.9, 0, 12.9]));
    });

    it('integer targets, [batch] and [batch, 1], give the same values', async () => {
      const p = tf.tensor2d(scores);
      for (const l of [tf.tensor1d(labels, 'int32'), tf.tensor2d(labels.map((v) => [v]), [3, 1], 'int32')]) {
        const v = await lossValue(new MulticlassHinge({reduction: 'none'}), l, p);
        await expectClose(v, [2.9, 0, 12.9], 1e-5);
        tf.dispose([l, v]);
      }
      p.dispose();
    });

    it('margin Δ = 2, one class gives 0, and bad targets are rejected', async () => {
      // cat: max(0, 1.9 + 2) + max(0, −4.9 + 2) = 3.9
      await withTensors([oneHot, scores], async (a, b) => {
        const v = await lossValue(new MulticlassHinge({margin: 2, reduction: 'none'}), a, b);
        // car: both others below the margin → 0; frog: (2.2 + 3.1 + 2) + (2.5 + 3.1 + 2) = 14.9
        await expectClose(v, [3.9, 0, 14.9], 1e-5);
        v.dispose();
      });
      await withTensors([[[1], [1]], [[5], [-5]]], async (a, b) => expect(await valueOf(new MulticlassHinge().call(a, b))).to.equal(0));
      const bad = tf.zeros([2, 2]);
      const p = tf.zeros([3, 3]);
      expect(() => new MulticlassHinge().call(bad, p)).to.throw(ShapeError, /targets of shape \[2, 2\] match neither predictions of shape \[3, 3\] \(one-hot\) nor \[3\] \(class ids\)/);
      tf.dispose([bad, p]);
      expect(() => new MulticlassHinge({margin: -1})).to.throw(ValueError, /margin must be a number >= 0, received -1/);
    });
  });
});
