import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../index.js';
import {describeBackends, expectClose} from '../testing/index.js';
import {BinaryCrossentropy, BinaryFocalCrossentropy, CategoricalCrossentropy, CategoricalFocalCrossentropy, KLDivergence, Poisson, SparseCategoricalCrossentropy} from './index.js';
import {expectReductions, lossValue, valueOf, withTensors} from './losses.test.helpers.js';

const EPS = 1e-7;
const clip = (p: number): number => Math.min(Math.max(p, EPS), 1 - EPS);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

interface FocalRef {
  gamma?: number;
  alpha?: number | number[];
  balance?: boolean;
  ls?: number;
  fromLogits?: boolean;
}

/** Float64 binary focal crossentropy, transcribed from the published formula. */
function bfceRef(yt: number[][], yp: number[][], o: FocalRef = {}): number[] {
  const [gamma, alpha, ls] = [o.gamma ?? 2, (o.alpha as number | undefined) ?? 0.25, o.ls ?? 0];
  return yt.map((row, i) => row.reduce((s, y0, j) => {
    const y = y0 * (1 - ls) + 0.5 * ls;
    const x = yp[i]![j]!;
    const q = o.fromLogits ? sigmoid(x) : x;
    const bce = o.fromLogits ? Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))) : -(y * Math.log(clip(x)) + (1 - y) * Math.log(1 - clip(x)));
    const pt = y * q + (1 - y) * (1 - q);
    const w = o.balance ? y * alpha + (1 - y) * (1 - alpha) : 1;
    return s + w * (1 - pt) ** gamma * bce;
  }, 0) / row.length);
}

/** Float64 categorical focal crossentropy. */
function cfceRef(yt: number[][], yp: number[][], o: FocalRef = {}): number[] {
  const [gamma, ls] = [o.gamma ?? 2, o.ls ?? 0];
  return yt.map((row, i) => {
    const k = row.length;
    const x = yp[i]!;
    let q: number[];
    if (o.fromLogits) {
      const m = Math.max(...x);
      const lse = m + Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0));
      q = x.map((v) => Math.exp(v - lse));
    } else {
      const tot = x.reduce((a, b) => a + b, 0);
      q = x.map((v) => clip(v / tot));
    }
    return row.reduce((s, y0, j) => {
      const y = y0 * (1 - ls) + ls / k;
      const a = Array.isArray(o.alpha) ? o.alpha[j]! : (o.alpha ?? 0.25);
      return s - a * (1 - q[j]!) ** gamma * y * Math.log(q[j]!);
    }, 0);
  });
}

describeBackends('probabilistic losses', () => {
  it('KLDivergence: Σ y·log(y/p), zero probabilities clipped to ε', async () => {
    // row 0: ½ln2 + ½ln(2/3); row 1: ln 2 (the 0 target is clipped to ε: + ε·ln(ε/0.5)); row 2: identical → 0
    const expected = [0.5 * Math.LN2 + 0.5 * Math.log(0.5 / 0.75), Math.LN2 + EPS * Math.log(EPS / 0.5), 0];
    await withTensors([[[0.5, 0.5], [1, 0], [0.2, 0.8]], [[0.25, 0.75], [0.5, 0.5], [0.2, 0.8]]], (t, p) =>
      expectReductions((reduction) => new KLDivergence({reduction}), t, p, expected));
    // all wrong with a zero prediction: ln(1/ε), finite
    await withTensors([[[1, 0]], [[0, 1]]], async (t, p) => expect(await valueOf(new KLDivergence().call(t, p))).to.be.closeTo(-Math.log(EPS), 1e-3));
  });

  it('Poisson: mean(p − y·log(p + ε))', async () => {
    const expected = [(1 - Math.log(1 + EPS) + 4 - 2 * Math.log(4 + EPS)) / 2, (0.5 - 0 + 2) / 2];
    await withTensors([[[1, 2], [0, 0]], [[1, 4], [0.5, 2]]], (t, p) => expectReductions((reduction) => new Poisson({reduction}), t, p, expected));
  });

  describe('BinaryFocalCrossentropy', () => {
    const yt = [[1, 0, 1], [0, 0, 1]];
    const probs = [[0.9, 0.9, 0.6], [0.3, 0.05, 0.99]];
    const logits = [[2, -1, 0.3], [-4, 25, -0.7]];

    it('hand-computed: easy examples are down-weighted by (1 − p_t)^γ', async () => {
      // y = 1, p = .9: 0.01·(−ln .9); y = 0, p = .9: 0.81·(−ln .1)
      const v = bfceRef([[1, 0]], [[0.9, 0.9]]);
      expect(v[0]).to.be.closeTo((0.01 * -Math.log(0.9) + 0.81 * -Math.log(0.1)) / 2, 1e-12);
      await withTensors([yt, probs], (t, p) => expectReductions((reduction) => new BinaryFocalCrossentropy({reduction}), t, p, bfceRef(yt, probs)));
    });

    it('class balancing, γ, label smoothing and logits', async () => {
      await withTensors([yt, probs, logits], async (t, p, x) => {
        const cases: [BinaryFocalCrossentropy, tf.Tensor, number[]][] = [
          [new BinaryFocalCrossentropy({applyClassBalancing: true, alpha: 0.3, reduction: 'none'}), p, bfceRef(yt, probs, {balance: true, alpha: 0.3})],
          [new BinaryFocalCrossentropy({gamma: 0.5, labelSmoothing: 0.2, reduction: 'none'}), p, bfceRef(yt, probs, {gamma: 0.5, ls: 0.2})],
          [new BinaryFocalCrossentropy({fromLogits: true, reduction: 'none'}), x, bfceRef(yt, logits, {fromLogits: true})],
        ];
        for (const [loss, input, expected] of cases) {
          const v = await lossValue(loss, t, input);
          await expectClose(v, expected, 1e-5, 1e-4);
          v.dispose();
        }
      });
    });

    it('γ = 0 is binary crossentropy; probabilities 0 and 1 give no NaN', async () => {
      await withTensors([yt, probs], async (t, p) => {
        const a = await valueOf(new BinaryFocalCrossentropy({gamma: 0}).call(t, p));
        const b = await valueOf(new BinaryCrossentropy().call(t, p));
        expect(a).to.be.closeTo(b, 1e-6);
      });
      await withTensors([[[1, 0], [0, 1]], [[1, 0], [1, 0]]], async (t, p) => {
        const v = await lossValue(new BinaryFocalCrossentropy({reduction: 'none'}), t, p);
        const [right, wrong] = Array.from(await v.data());
        expect(right).to.be.closeTo(0, 1e-6);
        expect(Number.isFinite(wrong)).to.equal(true);
        v.dispose();
      });
      expect(() => new BinaryFocalCrossentropy({alpha: 1.5})).to.throw(ValueError, /alpha must be a number in \[0, 1\], received 1.5/);
      expect(() => new BinaryFocalCrossentropy({gamma: -1})).to.throw(ValueError, /gamma must be a number >= 0, received -1/);
    });
  });

  describe('CategoricalFocalCrossentropy', () => {
    const yt = [[0, 1, 0], [1, 0, 0], [0, 0, 1]];
    const probs = [[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6]];
    const logits = [[1, 3, -1], [0.5, 2, -40], [0, 0, 0]];

    it('hand-computed: −α(1 − p)^γ·log p of the true class', async () => {
      expect(cfceRef([[0, 1, 0]], [[0.1, 0.8, 0.1]])[0]).to.be.closeTo(0.25 * 0.04 * -Math.log(0.8), 1e-12);
      await withTensors([yt, probs], (t, p) => expectReductions((reduction) => new CategoricalFocalCrossentropy({reduction}), t, p, cfceRef(yt, probs)));
    });

    it('per-class alpha, label smoothing, logits (stable for very negative logits)', async () => {
      await withTensors([yt, probs, logits], async (t, p, x) => {
        const cases: [CategoricalFocalCrossentropy, tf.Tensor, number[]][] = [
          [new CategoricalFocalCrossentropy({alpha: [0.5, 1, 2], gamma: 1, reduction: 'none'}), p, cfceRef(yt, probs, {alpha: [0.5, 1, 2], gamma: 1})],
          [new CategoricalFocalCrossentropy({labelSmoothing: 0.1, reduction: 'none'}), p, cfceRef(yt, probs, {ls: 0.1})],
          [new CategoricalFocalCrossentropy({fromLogits: true, reduction: 'none'}), x, cfceRef(yt, logits, {fromLogits: true})],
        ];
        for (const [loss, input, expected] of cases) {
          const v = await lossValue(loss, t, input);
          await expectClose(v, expected, 1e-5, 1e-4);
          v.dispose();
        }
        const wrongAlpha = new CategoricalFocalCrossentropy({alpha: [1, 2]});
        expect(() => wrongAlpha.call(t, p)).to.throw(ShapeError, /alpha has 2 entries, expected one per class \(3\)/);
      });
    });

    it('γ = 0 and α = 1 is categorical crossentropy; one class gives 0', async () => {
      await withTensors([yt, probs], async (t, p) => {
        const a = await valueOf(new CategoricalFocalCrossentropy({gamma: 0, alpha: 1}).call(t, p));
        const b = await valueOf(new CategoricalCrossentropy().call(t, p));
        expect(a).to.be.closeTo(b, 1e-6);
      });
      await withTensors([[[1], [1]], [[0.4], [3]]], async (t, p) => expect(await valueOf(new CategoricalFocalCrossentropy().call(t, p))).to.be.closeTo(0, 1e-6));
    });
  });

  describe('SparseCategoricalCrossentropy ignoreClass and class axes', () => {
    const probs = [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25], [0.3, 0.3, 0.4]];

    it('ignored targets give 0 and leave the mean', async () => {
      const l = tf.tensor1d([2, 1, 0], 'int32');
      const p = tf.tensor2d(probs);
      const per = [-Math.log(0.7), 0, -Math.log(0.3)];
      const none = await lossValue(new SparseCategoricalCrossentropy({ignoreClass: 1, reduction: 'none'}), l, p);
      await expectClose(none, per, 1e-6, 1e-5);
      const mean = await lossValue(new SparseCategoricalCrossentropy({ignoreClass: 1}), l, p);
      await expectClose(mean, (per[0]! + per[2]!) / 2, 1e-6, 1e-5);
      const sum = await lossValue(new SparseCategoricalCrossentropy({ignoreClass: 1, reduction: 'sum'}), l, p);
      await expectClose(sum, per[0]! + per[2]!, 1e-6, 1e-5);
      const w = tf.tensor1d([2, 5, 0]);
      const weighted = await lossValue(new SparseCategoricalCrossentropy({ignoreClass: 1}), l, p, w);
      await expectClose(weighted, (2 * per[0]!) / 2, 1e-6, 1e-5);
      tf.dispose([l, p, none, mean, sum, w, weighted]);
    });

    it('everything ignored gives 0, not NaN; an out-of-range ignoreClass (−1 padding) works', async () => {
      const p = tf.tensor2d(probs);
      const all = tf.tensor1d([1, 1, 1], 'int32');
      expect(await valueOf(new SparseCategoricalCrossentropy({ignoreClass: 1}).call(all, p))).to.equal(0);
      const padded = tf.tensor2d([[2], [-1], [-1]], [3, 1], 'int32');
      const v = await valueOf(new SparseCategoricalCrossentropy({ignoreClass: -1, fromLogits: true}).call(padded, p));
      const logit = probs[0]!;
      const lse = Math.log(logit.reduce((a, x) => a + Math.exp(x), 0));
      expect(v).to.be.closeTo(lse - 0.7, 1e-5);
      expect(() => new SparseCategoricalCrossentropy({ignoreClass: 1.5})).to.throw(ValueError, /ignoreClass must be an integer, received 1.5/);
      tf.dispose([p, all, padded]);
    });

    it('axis 1 of [batch, classes, time]: logits and integer targets [batch, time]', async () => {
      // sample 0, time 0: logits (0, ln 3) → class 1 has p = .75
      const x = tf.tensor3d([[[0, 0], [Math.log(3), 0]]]);
      const onehot = tf.tensor3d([[[0, 1], [1, 0]]]);
      const c = await lossValue(new CategoricalCrossentropy({axis: 1, fromLogits: true, reduction: 'none'}), onehot, x);
      await expectClose(c, [[-Math.log(0.75), -Math.log(0.5)]], 1e-6, 1e-5);
      const ids = tf.tensor2d([[1, 0]], [1, 2], 'int32');
      const s = await lossValue(new SparseCategoricalCrossentropy({axis: 1, fromLogits: true, reduction: 'none'}), ids, x);
      await expectClose(s, [[-Math.log(0.75), -Math.log(0.5)]], 1e-6, 1e-5);
      const smooth = await lossValue(new CategoricalCrossentropy({axis: 1, fromLogits: true, labelSmoothing: 0.2, reduction: 'none'}), onehot, x);
      // y = (0.1, 0.9) over 2 classes
      await expectClose(smooth, [[-(0.9 * Math.log(0.75) + 0.1 * Math.log(0.25)), -Math.log(0.5)]], 1e-6, 1e-5);
      expect(() => new CategoricalCrossentropy({axis: 3}).call(onehot, x)).to.throw(ValueError, /axis must be an integer in \[-3, 2\] for rank-3 predictions, received 3/);
      tf.dispose([x, onehot, c, ids, s, smooth]);
    });
  });
});
