import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, deserializeObject, serializeObject} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {BinaryCrossentropy, CategoricalCrossentropy, Loss, MeanSquaredError, SparseCategoricalCrossentropy, getLoss} from './index.js';

// ---- float64 references, transcribed from the Keras 3 formulas ----
const EPS = 1e-7;
const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);

function mseRef(yt: number[][], yp: number[][]): number[] {
  return yt.map((row, i) => row.reduce((s, y, j) => s + (yp[i]![j]! - y) ** 2, 0) / row.length);
}

function bceRef(yt: number[][], yp: number[][], fromLogits = false, ls = 0): number[] {
  return yt.map((row, i) => {
    let s = 0;
    row.forEach((y0, j) => {
      const y = y0 * (1 - ls) + 0.5 * ls;
      const x = yp[i]![j]!;
      const p = fromLogits ? 1 / (1 + Math.exp(-x)) : clip(x);
      s += fromLogits ? Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))) : -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    });
    return s / row.length;
  });
}

function cceRef(yt: number[][], yp: number[][], fromLogits = false, ls = 0): number[] {
  return yt.map((row, i) => {
    const k = row.length;
    const y = row.map((v) => v * (1 - ls) + ls / k);
    const x = yp[i]!;
    let logp: number[];
    if (fromLogits) {
      const m = Math.max(...x);
      const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
      logp = x.map((v) => v - lse);
    } else {
      const tot = x.reduce((a, b) => a + b, 0);
      logp = x.map((v) => Math.log(clip(v / tot)));
    }
    return -y.reduce((s, v, j) => s + v * logp[j]!, 0);
  });
}

const oneHot = (labels: number[], k: number): number[][] => labels.map((l) => Array.from({length: k}, (_, j) => (j === l ? 1 : 0)));
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);

async function lossValue(loss: Loss, yt: tf.Tensor, yp: tf.Tensor, w: tf.Tensor | null = null): Promise<tf.Tensor> {
  let out: tf.Tensor | null = null;
  await expectNoLeaks(() => {
    out = loss.call(yt, yp, w);
  }, 1);
  return out as unknown as tf.Tensor;
}

describeBackends('losses', () => {
  const ytReg = [[1, 2, 3], [0, -1, 0.5]];
  const ypReg = [[1.5, 1, 3], [0.25, 0, -0.5]];

  describe('MeanSquaredError', () => {
    it('hand-computed per-sample values and reductions', async () => {
      // sample 0: (0.25 + 1 + 0)/3 = 0.41666667; sample 1: (0.0625 + 1 + 1)/3 = 0.6875
      expect(mseRef(ytReg, ypReg)).to.deep.equal([1.25 / 3, 2.0625 / 3]);
      const yt = tf.tensor2d(ytReg);
      const yp = tf.tensor2d(ypReg);
      const none = await lossValue(new MeanSquaredError({reduction: 'none'}), yt, yp);
      await expectClose(none, [1.25 / 3, 2.0625 / 3]);
      const s = await lossValue(new MeanSquaredError({reduction: 'sum'}), yt, yp);
      await expectClose(s, 3.3125 / 3);
      const m = await lossValue(new MeanSquaredError(), yt, yp);
      expect(m.shape).to.deep.equal([]);
      await expectClose(m, 3.3125 / 6);
      tf.dispose([yt, yp, none, s, m]);
    });

    it('sample weights, including zero, [batch] and [batch, 1]', async () => {
      const yt = tf.tensor2d(ytReg);
      const yp = tf.tensor2d(ypReg);
      const per = mseRef(ytReg, ypReg);
      for (const w of [tf.tensor1d([2, 0]), tf.tensor2d([[2], [0]])]) {
        const m = await lossValue(new MeanSquaredError(), yt, yp, w);
        // Keras 3 sum_over_batch_size divides by the number of values, zero-weighted ones included
        await expectClose(m, (2 * per[0]!) / 2);
        const s = await lossValue(new MeanSquaredError({reduction: 'sum'}), yt, yp, w);
        await expectClose(s, 2 * per[0]!);
        const n = await lossValue(new MeanSquaredError({reduction: 'none'}), yt, yp, w);
        await expectClose(n, [2 * per[0]!, 0]);
        tf.dispose([m, s, n, w]);
      }
      tf.dispose([yt, yp]);
    });

    it('rank-3 inputs give [batch, time] values', async () => {
      const yt = tf.tensor3d([[[1, 2], [3, 4]]]);
      const yp = tf.tensor3d([[[1, 0], [0, 4]]]);
      const n = await lossValue(new MeanSquaredError({reduction: 'none'}), yt, yp);
      expect(n.shape).to.deep.equal([1, 2]);
      await expectClose(n, [[2, 4.5]]);
      tf.dispose([yt, yp, n]);
    });

    it('rejects mismatched shapes naming both', () => {
      const yt = tf.zeros([2, 3]);
      const yp = tf.zeros([2, 2]);
      expect(() => new MeanSquaredError().call(yt, yp)).to.throw(ShapeError, /targets of shape \[2, 3\] do not match predictions of shape \[2, 2\]/);
      const w = tf.ones([3]);
      expect(() => new MeanSquaredError().call(yt, tf.zeros([2, 3]), w)).to.throw(ShapeError, /sampleWeight has 3 entries.*\(2\)/);
      tf.dispose([yt, yp, w]);
    });
  });

  describe('BinaryCrossentropy', () => {
    const yt = [[1, 0, 1], [0, 0, 1]];
    const probs = [[0.9, 0.2, 0.6], [0.3, 0.05, 0.99]];
    const logits = [[2, -1, 0.3], [-4, 25, -0.7]];

    it('from probabilities, all reductions', async () => {
      // sample 0 by hand: -(ln .9 + ln .8 + ln .6)/3 = (0.1053605 + 0.2231436 + 0.5108256)/3 = 0.2797766
      expect(bceRef(yt, probs)[0]).to.be.closeTo(0.2797766, 1e-6);
      const t = tf.tensor2d(yt);
      const p = tf.tensor2d(probs);
      const none = await lossValue(new BinaryCrossentropy({reduction: 'none'}), t, p);
      await expectClose(none, bceRef(yt, probs), 1e-6, 1e-5);
      const m = await lossValue(new BinaryCrossentropy(), t, p);
      await expectClose(m, mean(bceRef(yt, probs)), 1e-6, 1e-5);
      const s = await lossValue(new BinaryCrossentropy({reduction: 'sum'}), t, p);
      await expectClose(s, sum(bceRef(yt, probs)), 1e-6, 1e-5);
      tf.dispose([t, p, none, m, s]);
    });

    it('from logits, stable for large logits', async () => {
      const t = tf.tensor2d(yt);
      const x = tf.tensor2d(logits);
      const none = await lossValue(new BinaryCrossentropy({fromLogits: true, reduction: 'none'}), t, x);
      await expectClose(none, bceRef(yt, logits, true), 1e-5, 1e-5);
      const big = tf.tensor2d([[100, -100, 100, -100]]);
      const yb = tf.tensor2d([[0, 1, 1, 0]]);
      const vb = await lossValue(new BinaryCrossentropy({fromLogits: true}), yb, big);
      // two terms of 100, two of ln(1+e^-100) ≈ 0
      await expectClose(vb, 50, 1e-4);
      tf.dispose([t, x, none, big, yb, vb]);
    });

    it('label smoothing moves targets towards 0.5', async () => {
      const t = tf.tensor2d(yt);
      const p = tf.tensor2d(probs);
      const x = tf.tensor2d(logits);
      const a = await lossValue(new BinaryCrossentropy({labelSmoothing: 0.2, reduction: 'none'}), t, p);
      await expectClose(a, bceRef(yt, probs, false, 0.2), 1e-6, 1e-5);
      const b = await lossValue(new BinaryCrossentropy({labelSmoothing: 0.2, fromLogits: true, reduction: 'none'}), t, x);
      await expectClose(b, bceRef(yt, logits, true, 0.2), 1e-5, 1e-5);
      tf.dispose([t, p, x, a, b]);
    });

    it('probabilities exactly 0 and 1 give finite values: all correct ≈ 0, all wrong ≈ -ln(ε)', async () => {
      const t = tf.tensor2d([[1, 0], [0, 1]]);
      const right = tf.tensor2d([[1, 0], [0, 1]]);
      const wrong = tf.tensor2d([[0, 1], [1, 0]]);
      const r = await lossValue(new BinaryCrossentropy(), t, right);
      const w = await lossValue(new BinaryCrossentropy(), t, wrong);
      const [rv, wv] = [(await r.data())[0]!, (await w.data())[0]!];
      expect(Number.isFinite(rv) && Number.isFinite(wv)).to.equal(true);
      expect(rv).to.be.at.least(0).and.below(1e-5);
      // −ln(1e-7) = 16.118 in float64; float32 rounding of 1 − 1e-7 gives ≈ 15.94
      expect(wv).to.be.closeTo(-Math.log(EPS), 0.3);
      tf.dispose([t, right, wrong, r, w]);
    });

    it('single-output [batch, 1] with sample weights', async () => {
      const t = tf.tensor2d([[1], [0], [1]]);
      const p = tf.tensor2d([[0.8], [0.4], [0.1]]);
      const w = tf.tensor1d([1, 0.5, 0]);
      const per = bceRef([[1], [0], [1]], [[0.8], [0.4], [0.1]]);
      const m = await lossValue(new BinaryCrossentropy(), t, p, w);
      await expectClose(m, (per[0]! + 0.5 * per[1]!) / 3, 1e-6, 1e-5);
      tf.dispose([t, p, w, m]);
    });

    it('rejects labelSmoothing outside [0, 1] and mismatched shapes', () => {
      expect(() => new BinaryCrossentropy({labelSmoothing: 1.5})).to.throw(ValueError, /labelSmoothing must be in \[0, 1\], received 1.5/);
      expect(() => new BinaryCrossentropy({labelSmoothing: -0.1})).to.throw(ValueError, /received -0.1/);
      const t = tf.zeros([4]);
      const p = tf.zeros([4, 1]);
      expect(() => new BinaryCrossentropy().call(t, p)).to.throw(ShapeError, /\[4\].*\[4, 1\]/);
      tf.dispose([t, p]);
    });
  });

  describe('CategoricalCrossentropy', () => {
    const labels = [2, 0, 1];
    const yt = oneHot(labels, 3);
    const probs = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]];
    const logits = [[1, 2, 3], [4, -2, 0], [0.5, 0.5, -30]];

    it('from probabilities (hand-computed) and logits', async () => {
      // -ln .7, -ln .5, -ln .3
      expect(cceRef(yt, probs)).to.satisfy((v: number[]) => Math.abs(v[0]! - 0.3566749) < 1e-6 && Math.abs(v[2]! - 1.2039728) < 1e-6);
      const t = tf.tensor2d(yt);
      const p = tf.tensor2d(probs);
      const x = tf.tensor2d(logits);
      const a = await lossValue(new CategoricalCrossentropy({reduction: 'none'}), t, p);
      await expectClose(a, cceRef(yt, probs), 1e-6, 1e-5);
      const b = await lossValue(new CategoricalCrossentropy({fromLogits: true}), t, x);
      await expectClose(b, mean(cceRef(yt, logits, true)), 1e-5, 1e-5);
      const c = await lossValue(new CategoricalCrossentropy({fromLogits: true, reduction: 'sum'}), t, x);
      await expectClose(c, sum(cceRef(yt, logits, true)), 1e-5, 1e-5);
      tf.dispose([t, p, x, a, b, c]);
    });

    it('normalises unnormalised probabilities', async () => {
      const t = tf.tensor2d([[0, 1]]);
      const p = tf.tensor2d([[2, 6]]);
      const v = await lossValue(new CategoricalCrossentropy(), t, p);
      await expectClose(v, -Math.log(0.75), 1e-6);
      tf.dispose([t, p, v]);
    });

    it('label smoothing: y·(1−α) + α/k', async () => {
      const t = tf.tensor2d(yt);
      const p = tf.tensor2d(probs);
      const x = tf.tensor2d(logits);
      const a = await lossValue(new CategoricalCrossentropy({labelSmoothing: 0.3, reduction: 'none'}), t, p);
      await expectClose(a, cceRef(yt, probs, false, 0.3), 1e-6, 1e-5);
      const b = await lossValue(new CategoricalCrossentropy({labelSmoothing: 0.1, fromLogits: true, reduction: 'none'}), t, x);
      await expectClose(b, cceRef(yt, logits, true, 0.1), 1e-5, 1e-5);
      tf.dispose([t, p, x, a, b]);
    });

    it('sample weights with zeros', async () => {
      const t = tf.tensor2d(yt);
      const p = tf.tensor2d(probs);
      const w = tf.tensor1d([0, 3, 1]);
      const per = cceRef(yt, probs);
      const m = await lossValue(new CategoricalCrossentropy(), t, p, w);
      await expectClose(m, (3 * per[1]! + per[2]!) / 3, 1e-6, 1e-5);
      tf.dispose([t, p, w, m]);
    });

    it('probabilities 0 and 1: all correct ≈ 0, all wrong finite ≈ -ln(ε)', async () => {
      const t = tf.tensor2d([[1, 0, 0], [0, 0, 1]]);
      const right = tf.tensor2d([[1, 0, 0], [0, 0, 1]]);
      const wrong = tf.tensor2d([[0, 1, 0], [1, 0, 0]]);
      const r = await lossValue(new CategoricalCrossentropy(), t, right);
      const w = await lossValue(new CategoricalCrossentropy(), t, wrong);
      const [rv, wv] = [(await r.data())[0]!, (await w.data())[0]!];
      expect(rv).to.be.at.least(0).and.below(1e-5);
      expect(wv).to.be.closeTo(-Math.log(EPS), 1e-3);
      tf.dispose([t, right, wrong, r, w]);
    });

    it('one class: the loss is ≈ 0', async () => {
      const t = tf.tensor2d([[1], [1]]);
      const p = tf.tensor2d([[0.3], [1]]);
      const v = await lossValue(new CategoricalCrossentropy(), t, p);
      expect((await v.data())[0]).to.be.at.least(0).and.below(1e-5);
      const x = tf.tensor2d([[5], [-3]]);
      const vl = await lossValue(new CategoricalCrossentropy({fromLogits: true}), t, x);
      await expectClose(vl, 0, 1e-6);
      tf.dispose([t, p, v, x, vl]);
    });

    it('axis 1 of a [batch, classes, time] tensor with [batch] sample weights', async () => {
      // sample 0: time 0 → class 1 (p .75), time 1 → class 0 (p .5); sample 1: time 0 → class 0 (p .1), time 1 → class 1 (p .2)
      const t = tf.tensor3d([[[0, 1], [1, 0]], [[1, 0], [0, 1]]]);
      const p = tf.tensor3d([[[0.25, 0.5], [0.75, 0.5]], [[0.1, 0.8], [0.9, 0.2]]]);
      const n = await lossValue(new CategoricalCrossentropy({axis: 1, reduction: 'none'}), t, p);
      expect(n.shape).to.deep.equal([2, 2]);
      await expectClose(n, [[-Math.log(0.75), -Math.log(0.5)], [-Math.log(0.1), -Math.log(0.2)]], 1e-6, 1e-5);
      const w = tf.tensor1d([2, 0]);
      const m = await lossValue(new CategoricalCrossentropy({axis: 1}), t, p, w);
      await expectClose(m, (2 * -Math.log(0.75) + 2 * -Math.log(0.5)) / 4, 1e-6, 1e-5);
      tf.dispose([t, p, n, w, m]);
    });

    it('rejects mismatched shapes', () => {
      const t = tf.zeros([2, 3]);
      const p = tf.zeros([2, 4]);
      expect(() => new CategoricalCrossentropy().call(t, p)).to.throw(ShapeError, /categorical_crossentropy: targets of shape \[2, 3\]/);
      tf.dispose([t, p]);
    });
  });

  describe('SparseCategoricalCrossentropy', () => {
    const labels = [2, 0, 1];
    const probs = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]];
    const logits = [[1, 2, 3], [4, -2, 0], [0.5, 0.5, -30]];

    it('equals categorical crossentropy of the one-hot targets, [batch] and [batch, 1] labels', async () => {
      const p = tf.tensor2d(probs);
      const x = tf.tensor2d(logits);
      for (const l of [tf.tensor1d(labels, 'int32'), tf.tensor2d(labels.map((v) => [v]), [3, 1], 'int32'), tf.tensor1d(labels, 'float32')]) {
        const a = await lossValue(new SparseCategoricalCrossentropy({reduction: 'none'}), l, p);
        await expectClose(a, cceRef(oneHot(labels, 3), probs), 1e-6, 1e-5);
        const b = await lossValue(new SparseCategoricalCrossentropy({fromLogits: true}), l, x);
        await expectClose(b, mean(cceRef(oneHot(labels, 3), logits, true)), 1e-5, 1e-5);
        tf.dispose([l, a, b]);
      }
      tf.dispose([p, x]);
    });

    it('sample weights and sum reduction', async () => {
      const l = tf.tensor1d(labels, 'int32');
      const x = tf.tensor2d(logits);
      const w = tf.tensor1d([1, 0, 2]);
      const per = cceRef(oneHot(labels, 3), logits, true);
      const s = await lossValue(new SparseCategoricalCrossentropy({fromLogits: true, reduction: 'sum'}), l, x, w);
      await expectClose(s, per[0]! + 2 * per[2]!, 1e-5, 1e-5);
      tf.dispose([l, x, w, s]);
    });

    it('one class: loss 0 from logits', async () => {
      const l = tf.tensor1d([0, 0], 'int32');
      const x = tf.tensor2d([[3], [-7]]);
      const v = await lossValue(new SparseCategoricalCrossentropy({fromLogits: true}), l, x);
      await expectClose(v, 0, 1e-6);
      tf.dispose([l, x, v]);
    });

    it('rejects labels that do not match the predictions', () => {
      const l = tf.tensor1d([0, 1, 2], 'int32');
      const p = tf.zeros([2, 3]);
      expect(() => new SparseCategoricalCrossentropy().call(l, p)).to.throw(ShapeError, /integer targets of shape \[3\] do not match predictions of shape \[2, 3\]; expected \[2\]/);
      const l2 = tf.zeros([2, 3]);
      expect(() => new SparseCategoricalCrossentropy().call(l2, p)).to.throw(ShapeError);
      tf.dispose([l, p, l2]);
    });
  });
});

describe('loss construction, getLoss and config', () => {
  it('rejects unknown reductions', () => {
    expect(() => new MeanSquaredError({reduction: 'mean' as never})).to.throw(ValueError, /reduction must be one of sum_over_batch_size, sum, none, received "mean"/);
  });

  it('resolves aliases and both spellings', () => {
    for (const id of ['mse', 'MSE', 'mean_squared_error', 'meanSquaredError', 'MeanSquaredError']) {
      expect(getLoss(id)).to.be.instanceOf(MeanSquaredError);
    }
    expect(getLoss('binary_crossentropy')).to.be.instanceOf(BinaryCrossentropy);
    expect(getLoss('binaryCrossentropy')).to.be.instanceOf(BinaryCrossentropy);
    expect(getLoss('categorical_crossentropy')).to.be.instanceOf(CategoricalCrossentropy);
    expect(getLoss('sparseCategoricalCrossentropy')).to.be.instanceOf(SparseCategoricalCrossentropy);
    const inst = new MeanSquaredError();
    expect(getLoss(inst)).to.equal(inst);
  });

  it('default names are Keras snake_case names', () => {
    expect(new MeanSquaredError().name).to.equal('mean_squared_error');
    expect(new BinaryCrossentropy().name).to.equal('binary_crossentropy');
    expect(new CategoricalCrossentropy().name).to.equal('categorical_crossentropy');
    expect(new SparseCategoricalCrossentropy().name).to.equal('sparse_categorical_crossentropy');
  });

  it('unknown names list the valid ones', () => {
    expect(() => getLoss('mean_squared_errr')).to.throw(ValueError, /Unknown loss "mean_squared_errr"; expected one of .*binary_crossentropy.*mean_squared_error/);
  });

  it('config round trip through the envelope', () => {
    const cases: Loss[] = [
      new MeanSquaredError({reduction: 'sum', name: 'my_mse'}),
      new BinaryCrossentropy({fromLogits: true, labelSmoothing: 0.1}),
      new CategoricalCrossentropy({labelSmoothing: 0.2, reduction: 'none'}),
      new SparseCategoricalCrossentropy({fromLogits: true}),
    ];
    for (const loss of cases) {
      const env = serializeObject(loss);
      expect(env.module).to.equal('keras.losses');
      const back = deserializeObject<Loss>('loss', JSON.parse(JSON.stringify(env)));
      expect(back.constructor).to.equal(loss.constructor);
      expect(back.getConfig()).to.deep.equal(loss.getConfig());
    }
    expect(new BinaryCrossentropy({fromLogits: true, labelSmoothing: 0.1}).getConfig()).to.deep.equal({
      name: 'binary_crossentropy', reduction: 'sum_over_batch_size', fromLogits: true, labelSmoothing: 0.1, axis: -1,
    });
    const fromEnvelope = getLoss({module: 'keras.losses', className: 'CategoricalCrossentropy', config: {fromLogits: true}, registeredName: null});
    expect((fromEnvelope as CategoricalCrossentropy).fromLogits).to.equal(true);
  });
});
