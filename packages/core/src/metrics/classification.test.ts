import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../index.js';
import {describeBackends} from '../testing/index.js';
import {AUC, F1Score, FBetaScore, MeanIoU, Precision, Recall} from './index.js';
import {resultOf, resultValues, update} from './metrics.test.helpers.js';

function closeAll(actual: number[], expected: number[], tol = 1e-5): void {
  expect(actual.length).to.equal(expected.length);
  actual.forEach((v, i) => expect(v, `entry ${i}`).to.be.closeTo(expected[i]!, tol));
}

describeBackends('precision and recall', () => {
  const yt = [1, 0, 1, 1, 0];
  const yp = [0.9, 0.8, 0.3, 0.6, 0.1];

  it('threshold 0.5: TP 2, FP 1, FN 1', async () => {
    const p = new Precision();
    const r = new Recall();
    expect([p.name, r.name]).to.deep.equal(['precision', 'recall']);
    expect(await resultOf(p)).to.equal(0);
    await update(p, yt, yp);
    await update(r, yt, yp);
    expect(await resultOf(p)).to.be.closeTo(2 / 3, 1e-6);
    expect(await resultOf(r)).to.be.closeTo(2 / 3, 1e-6);
    // a second batch: one more true positive
    await update(p, [[1]], [[0.7]]);
    expect(await resultOf(p)).to.be.closeTo(3 / 4, 1e-6);
    p.reset();
    expect(await resultOf(p)).to.equal(0);
    p.dispose();
    r.dispose();
  });

  it('several thresholds give one value each; strictly above counts', async () => {
    const p = new Precision({thresholds: [0.2, 0.5, 0.85, 0.9]});
    const r = new Recall({thresholds: [0.2, 0.5, 0.85, 0.9]});
    await update(p, yt, yp);
    await update(r, yt, yp);
    // at 0.9 nothing is predicted positive: precision 0 (not NaN), recall 0
    closeAll(await resultValues(p), [3 / 4, 2 / 3, 1, 0]);
    closeAll(await resultValues(r), [1, 2 / 3, 1 / 3, 0]);
    p.dispose();
    r.dispose();
  });

  it('sample weights, zero weights, all correct and all wrong', async () => {
    const p = new Precision();
    await update(p, yt, yp, [1, 2, 0, 1, 1]);
    // TP weight 1 + 1, FP weight 2
    expect(await resultOf(p)).to.be.closeTo(0.5, 1e-6);
    p.dispose();
    const right = new Recall();
    await update(right, [[1, 0], [0, 1]], [[0.9, 0.2], [0.1, 0.7]]);
    expect(await resultOf(right)).to.equal(1);
    right.dispose();
    const wrong = new Precision();
    await update(wrong, [[1, 0], [0, 1]], [[0.1, 0.8], [0.9, 0.2]]);
    expect(await resultOf(wrong)).to.equal(0);
    wrong.dispose();
  });

  it('topK and classId', async () => {
    const t = [[0, 1, 1], [1, 0, 0]];
    const q = [[0.2, 0.7, 0.6], [0.3, 0.4, 0.2]];
    // top 1: class 1 in both rows → one TP, one FP; FN: (0, 2) and (1, 0)
    const p = new Precision({topK: 1});
    const r = new Recall({topK: 1});
    await update(p, t, q);
    await update(r, t, q);
    expect(await resultOf(p)).to.be.closeTo(0.5, 1e-6);
    expect(await resultOf(r)).to.be.closeTo(1 / 3, 1e-6);
    // class 2 only: targets (1, 0), scores (.6, .2)
    const c = new Precision({classId: 2});
    await update(c, t, q);
    expect(await resultOf(c)).to.equal(1);
    // class 2 among the top 1: never (class 1 wins both rows) → no predicted positive
    const both = new Recall({classId: 2, topK: 1});
    await update(both, t, q);
    expect(await resultOf(both)).to.equal(0);
    [p, r, c, both].forEach((m) => m.dispose());
    const oob = new Precision({classId: 5});
    const a = tf.zeros([2, 3]);
    expect(() => oob.updateState(a, a)).to.throw(ShapeError, /classId 5 is out of range for predictions of shape \[2, 3\]/);
    a.dispose();
    oob.dispose();
  });

  it('rejects bad options', () => {
    expect(() => new Precision({thresholds: [0.5, 1.2]})).to.throw(ValueError, /thresholds must be a number or a non-empty list of numbers in \[0, 1\], received \[0.5,1.2\]/);
    expect(() => new Recall({topK: 0})).to.throw(ValueError, /Recall: topK must be an integer >= 1, received 0/);
    expect(() => new Recall({classId: -1})).to.throw(ValueError, /classId must be an integer >= 0, received -1/);
  });
});

describeBackends('AUC', () => {
  it('ROC with 3 thresholds, hand-computed for every summation method', async () => {
    // thresholds −ε, .5, 1+ε → (FPR, TPR) = (1, 1), (.5, .5), (0, 0)
    const expected = {interpolation: 0.5, minoring: 0.25, majoring: 0.75};
    for (const [method, value] of Object.entries(expected)) {
      const m = new AUC({numThresholds: 3, summationMethod: method as 'interpolation'});
      await update(m, [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9]);
      expect(await resultOf(m), method).to.be.closeTo(value, 1e-6);
      m.dispose();
    }
  });

  it('ROC with 200 thresholds is the fraction of correctly ranked pairs; ties count half', async () => {
    const m = new AUC();
    expect(m.name).to.equal('auc');
    expect(await resultOf(m)).to.equal(0);
    await update(m, [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9]);
    expect(await resultOf(m)).to.be.closeTo(0.75, 1e-6);
    const tie = new AUC();
    await update(tie, [0, 1], [0.3, 0.3]);
    expect(await resultOf(tie)).to.be.closeTo(0.5, 1e-6);
    const perfect = new AUC();
    await update(perfect, [0, 1, 0, 1], [0.2, 0.7, 0.1, 1]);
    expect(await resultOf(perfect)).to.be.closeTo(1, 1e-6);
    [m, tie, perfect].forEach((x) => x.dispose());
  });

  it('PR: interpolated (Davis–Goadrich), minoring and majoring, hand-computed', async () => {
    // counts at −ε, .5, 1+ε: TP 2,1,0; FP 1,1,0; FN 0,1,2
    // interval 1: slope 1, intercept −1, ln(3/2) → (1 − ln 1.5)/2; interval 2: slope ½ → ½/2
    const cases = {interpolation: (1 - Math.log(1.5)) / 2 + 0.25, minoring: 0.25, majoring: 0.5 * (2 / 3) + 0.25};
    for (const [method, value] of Object.entries(cases)) {
      const m = new AUC({numThresholds: 3, curve: 'pr', summationMethod: method as 'interpolation'});
      expect(m.curve).to.equal('PR');
      await update(m, [1, 0, 1], [0.8, 0.6, 0.2]);
      expect(await resultOf(m), method).to.be.closeTo(value, 1e-6);
      m.dispose();
    }
    const perfect = new AUC({curve: 'PR', numThresholds: 3});
    await update(perfect, [0, 1], [0.3, 0.7]);
    expect(await resultOf(perfect)).to.be.closeTo(1, 1e-6);
    perfect.dispose();
  });

  it('multi-label: per-label AUCs averaged (optionally weighted); pooled otherwise', async () => {
    const t = [[0, 1], [1, 0], [0, 1], [1, 1]];
    const p = [[0.1, 0.9], [0.8, 0.2], [0.4, 0.6], [0.3, 0.1]];
    const multi = new AUC({multiLabel: true});
    await update(multi, t, p);
    expect(multi.numLabels).to.equal(2);
    expect(await resultOf(multi)).to.be.closeTo((0.75 + 2 / 3) / 2, 1e-6);
    const weighted = new AUC({multiLabel: true, numLabels: 2, labelWeights: [1, 3]});
    await update(weighted, t, p);
    expect(await resultOf(weighted)).to.be.closeTo((0.75 + 2) / 4, 1e-6);
    const pooled = new AUC();
    await update(pooled, t, p);
    // 15 positive/negative pairs: 11 ranked right, one tie
    expect(await resultOf(pooled)).to.be.closeTo(11.5 / 15, 1e-6);
    const wide = tf.zeros([1, 3]);
    expect(() => multi.updateState(wide, wide)).to.throw(ShapeError, /predictions have 3 labels, expected 2/);
    const flat = tf.zeros([4]);
    expect(() => multi.updateState(flat, flat)).to.throw(ShapeError, /multiLabel needs \[batch, labels\] predictions, received shape \[4\]/);
    tf.dispose([wide, flat]);
    [multi, weighted, pooled].forEach((m) => m.dispose());
  });

  it('explicit thresholds, logits, sample weights', async () => {
    const m = new AUC({thresholds: [0.5]});
    expect(m.numThresholds).to.equal(3);
    await update(m, [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9]);
    expect(await resultOf(m)).to.be.closeTo(0.5, 1e-6);
    const logit = (q: number): number => Math.log(q / (1 - q));
    const l = new AUC({fromLogits: true});
    await update(l, [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9].map(logit));
    expect(await resultOf(l)).to.be.closeTo(0.75, 1e-6);
    // weight 0 on the badly ranked negative (0.6) → perfect ranking
    const w = new AUC();
    await update(w, [0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], [1, 0, 1, 1]);
    expect(await resultOf(w)).to.be.closeTo(1, 1e-6);
    [m, l, w].forEach((x) => x.dispose());
    expect(() => new AUC({numThresholds: 1})).to.throw(ValueError, /numThresholds must be an integer >= 2, received 1/);
    expect(() => new AUC({curve: 'DET' as never})).to.throw(ValueError, /curve must be "ROC" or "PR", received "DET"/);
    expect(() => new AUC({summationMethod: 'simpson' as never})).to.throw(ValueError, /received "simpson"/);
  });
});

describeBackends('F1 and Fβ', () => {
  const t = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]];
  const p = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]];

  it('per class, macro, weighted and micro averages (arg-max predictions)', async () => {
    // class 0: P ½ R 1; class 1: P 1 R ½; class 2: P 0 R 0 → F1 ⅔, ⅔, 0
    const expected: [F1Score, number[]][] = [
      [new F1Score(), [2 / 3, 2 / 3, 0]],
      [new F1Score({average: 'none'}), [2 / 3, 2 / 3, 0]],
      [new F1Score({average: 'macro'}), [4 / 9]],
      [new F1Score({average: 'weighted'}), [(2 / 3 + 4 / 3) / 4]],
      [new F1Score({average: 'micro'}), [0.5]],
      [new F1Score({threshold: 0.5}), [2 / 3, 2 / 3, 0]],
    ];
    for (const [m, values] of expected) {
      await update(m, t, p);
      closeAll(await resultValues(m), values, 1e-5);
      m.dispose();
    }
  });

  it('Fβ with β = 2 favours recall', async () => {
    const m = new FBetaScore({beta: 2});
    expect(m.name).to.equal('fbeta_score');
    await update(m, t, p);
    closeAll(await resultValues(m), [2.5 / 3, 2.5 / 4.5, 0], 1e-5);
    m.dispose();
  });

  it('all correct ≈ 1, all wrong 0, weights and accumulation, zero rows predict nothing', async () => {
    const right = new F1Score({average: 'macro'});
    await update(right, [[1, 0], [0, 1]], [[0.9, 0.1], [0.2, 0.8]]);
    expect(await resultOf(right)).to.be.closeTo(1, 1e-5);
    const wrong = new F1Score({average: 'micro'});
    await update(wrong, [[1, 0], [0, 1]], [[0.1, 0.9], [0.8, 0.2]]);
    expect(await resultOf(wrong)).to.equal(0);
    // weight 0 on the wrong row 2 and row 3 → classes 0 and 1 perfect, class 2 absent
    const w = new F1Score();
    await update(w, t.slice(0, 2), p.slice(0, 2), [1, 1]);
    await update(w, t.slice(2), p.slice(2), [0, 0]);
    closeAll(await resultValues(w), [1, 1, 0], 1e-5);
    const zeros = new F1Score({average: 'micro'});
    await update(zeros, [[1, 0]], [[0, 0]]);
    expect(await resultOf(zeros)).to.equal(0);
    [right, wrong, w, zeros].forEach((m) => m.dispose());
  });

  it('rejects bad options and inputs', async () => {
    expect(() => new F1Score({average: 'samples' as never})).to.throw(ValueError, /F1Score: average must be "micro", "macro", "weighted", "none" or null, received "samples"/);
    expect(() => new FBetaScore({beta: 0})).to.throw(ValueError, /FBetaScore: beta must be a number > 0, received 0/);
    expect(() => new F1Score({threshold: 0})).to.throw(ValueError, /threshold must be a number in \(0, 1\], received 0/);
    const m = new F1Score();
    const cube = tf.zeros([1, 2, 2]);
    expect(() => m.updateState(cube, cube)).to.throw(ShapeError, /expected \[batch, classes\] predictions, received shape \[1, 2, 2\]/);
    await update(m, [[1, 0]], [[1, 0]]);
    const three = tf.zeros([1, 3]);
    expect(() => m.updateState(three, three)).to.throw(ShapeError, /received 3 classes, but earlier batches had 2/);
    tf.dispose([cube, three]);
    m.dispose();
  });
});

describeBackends('MeanIoU', () => {
  it('class-id targets and predictions, weighted (the Keras example)', async () => {
    const m = new MeanIoU({numClasses: 2});
    expect(m.name).to.equal('mean_io_u');
    await update(m, [0, 0, 1, 1], [0, 1, 0, 1]);
    expect(await resultOf(m)).to.be.closeTo(1 / 3, 1e-6);
    m.reset();
    await update(m, [0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
    // class 0: .3 / .9; class 1: .1 / .7
    expect(await resultOf(m)).to.be.closeTo((0.3 / 0.9 + 0.1 / 0.7) / 2, 1e-6);
    m.dispose();
  });

  it('absent classes leave the mean; all correct 1, all wrong 0; images flatten', async () => {
    const m = new MeanIoU({numClasses: 4});
    await update(m, [[[0, 1], [1, 0]]], [[[0, 1], [1, 0]]]);
    expect(await resultOf(m)).to.be.closeTo(1, 1e-6);
    const wrong = new MeanIoU({numClasses: 2});
    await update(wrong, [0, 1], [1, 0]);
    expect(await resultOf(wrong)).to.equal(0);
    const one = new MeanIoU({numClasses: 1});
    await update(one, [0, 0], [0, 0]);
    expect(await resultOf(one)).to.be.closeTo(1, 1e-6);
    [m, wrong, one].forEach((x) => x.dispose());
  });

  it('ignoreClass, and scores reduced by arg-max with sparseYPred false', async () => {
    const m = new MeanIoU({numClasses: 3, ignoreClass: 2, sparseYPred: false});
    // targets 0, 1, 2 (ignored); predictions arg-max 0, 0, 1
    await update(m, [0, 1, 2], [[0.9, 0.1, 0], [0.6, 0.4, 0], [0.1, 0.8, 0.1]]);
    // class 0: TP 1, union 2 → ½; class 1: TP 0, union 1 → 0; class 2 absent
    expect(await resultOf(m)).to.be.closeTo(0.25, 1e-6);
    m.dispose();
    const oneHot = new MeanIoU({numClasses: 2, sparseYTrue: false, sparseYPred: false});
    await update(oneHot, [[1, 0], [0, 1]], [[0.7, 0.3], [0.4, 0.6]]);
    expect(await resultOf(oneHot)).to.be.closeTo(1, 1e-6);
    oneHot.dispose();
    expect(() => new MeanIoU({} as never)).to.throw(ValueError, /MeanIoU: numClasses must be an integer >= 1, received undefined/);
  });
});
