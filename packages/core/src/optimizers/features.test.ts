import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {RuntimeError, ShapeError, ValueError} from '../errors.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {Variable} from '../variable.js';
import {Adam, Lamb, Nadam, SGD, schedules} from './index.js';
import type {NamedWeight, Optimizer} from './index.js';
import {W0, expectTrajectory, grad, runBoth, runOnly} from './problem.test.helpers.js';
import {adamRule, sgdRule} from './rules.test.helpers.js';

function vec(name: string, values: number[]): Variable {
  const init = tf.tensor1d(values);
  const v = new Variable({name, initialValue: init});
  init.dispose();
  v.path = `dense/${name}`;
  return v;
}

/** Applies the constant gradients `gs` (one call each) to a fresh variable starting at `w0`. */
async function applyEach(opt: Optimizer, w0: number[], gs: number[][]): Promise<number[][]> {
  const v = vec('w', w0);
  const seen: number[][] = [];
  for (const g of gs) {
    const t = tf.tensor1d(g);
    opt.applyGradients([{variable: v, gradient: t}]);
    t.dispose();
    seen.push(Array.from(await v.read()));
  }
  v.dispose();
  return seen;
}

const closeRows = (a: number[][], e: number[][], tol = 1e-6): void => {
  a.forEach((row, i) => row.forEach((x, j) => expect(x, `[${i}][${j}]`).to.be.closeTo(e[i]![j]!, tol)));
};

describeBackends('optimizers: decoupled weight decay', () => {
  it('shrinks the weights by w·wd·lr before the update (zero gradient: pure decay)', async () => {
    const opt = new SGD({learningRate: 0.1, weightDecay: 0.5});
    closeRows(await applyEach(opt, [1, -2], [[0, 0], [0, 0]]), [[0.95, -1.9], [0.9025, -1.805]]);
    opt.dispose();
  });

  it('uses the learning rate of the step (schedules included) and is skipped for excluded variables', async () => {
    const opt = new SGD({learningRate: (s) => 0.1 * (s + 1), weightDecay: 1});
    const kernel = vec('kernel', [1, 1]);
    const bias = vec('bias', [1, 1]);
    const other = vec('other', [1, 1]);
    opt.excludeFromWeightDecay({names: ['bias'], variables: [other]});
    const g = tf.zeros([2]);
    for (let i = 0; i < 2; i++) opt.applyGradients([kernel, bias, other].map((variable) => ({variable, gradient: g})));
    await expectClose(kernel.value, [0.9 * 0.8, 0.9 * 0.8], 1e-6);
    await expectClose(bias.value, [1, 1], 0);
    await expectClose(other.value, [1, 1], 0);
    tf.dispose(g);
    [kernel, bias, other].forEach((v) => v.dispose());
    opt.dispose();
  });
});

describeBackends('optimizers: gradient accumulation', () => {
  it('applies one update every N calls with the mean gradient; iterations counts updates', async () => {
    const opt = new SGD({learningRate: 1, gradientAccumulationSteps: 3});
    const v = vec('w', [0, 0]);
    const counts: number[][] = [];
    for (const g of [[3, 0], [0, 6], [0, 0], [1, 1], [1, 1], [1, 1]]) {
      const t = tf.tensor1d(g);
      opt.applyGradients([{variable: v, gradient: t}]);
      t.dispose();
      counts.push([opt.iterations, opt.stepCalls, ...Array.from(await v.read())]);
    }
    closeRows(counts, [[0, 1, 0, 0], [0, 2, 0, 0], [1, 3, -1, -2], [1, 4, -1, -2], [1, 5, -1, -2], [2, 6, -2, -3]]);
    v.dispose();
    opt.dispose();
  });

  it('matches Adam run on the mean gradients, with bias correction and schedule steps counting updates', async () => {
    const lrAt = (s: number): number => 0.1 / (1 + s);
    const acc = new Adam({learningRate: lrAt, gradientAccumulationSteps: 2});
    const v = vec('w', W0);
    for (let call = 0; call < 10; call++) {
      const g = tf.tensor1d(grad(Array.from(await v.read())));
      acc.applyGradients([{variable: v, gradient: g}]);
      g.dispose();
    }
    // the weights only change on updates, so both gradients of a pair are taken at the same point
    const ref = await runBoth(new Adam({learningRate: lrAt}), adamRule(), 5, lrAt);
    expectTrajectory(ref);
    const actual = Array.from(await v.read());
    actual.forEach((x, i) => expect(x).to.be.closeTo(ref.actual[4]![i]!, 1e-6));
    v.dispose();
    acc.dispose();
  });

  it('clips the mean gradient, and decays the weights only on update calls', async () => {
    // mean of [6, 8], [0, 0], [0, 0] is [2, 2.67] (norm 3.33) → clipped to [0.6, 0.8]
    const clip = new SGD({learningRate: 1, clipnorm: 1, gradientAccumulationSteps: 3});
    closeRows(await applyEach(clip, [0, 0], [[6, 8], [0, 0], [0, 0]]), [[0, 0], [0, 0], [-0.6, -0.8]]);
    clip.dispose();
    const decay = new SGD({learningRate: 0.1, weightDecay: 0.5, gradientAccumulationSteps: 2});
    closeRows(await applyEach(decay, [1, 2], [[0, 0], [0, 0], [0, 0]]), [[1, 2], [0.95, 1.9], [0.95, 1.9]]);
    decay.dispose();
  });
});

describeBackends('optimizers: exponential moving average of the weights', () => {
  it('keeps ema ← m·ema + (1 − m)·w (ema = w at the first update) and swaps it in with finalizeVariableValues', async () => {
    const opt = new SGD({learningRate: 0.1, useEma: true, emaMomentum: 0.5});
    const v = vec('w', [0, 0]);
    const g = tf.tensor1d([1, -1]);
    for (let i = 0; i < 3; i++) opt.applyGradients([{variable: v, gradient: g}]);
    await expectClose(v.value, [-0.3, 0.3], 1e-6);
    const ws = opt.getWeights();
    expect(ws.map((w) => w.name)).to.deep.equal(['iteration', 'dense/w/average']);
    await expectClose(ws[1]!.tensor, [-0.225, 0.225], 1e-6);
    tf.dispose(ws.map((w) => w.tensor));
    opt.finalizeVariableValues();
    await expectClose(v.value, [-0.225, 0.225], 1e-6);
    tf.dispose(g);
    v.dispose();
    opt.dispose();
  });

  it('with emaOverwriteFrequency copies the average into the weights every N updates', async () => {
    const opt = new SGD({learningRate: 0.1, useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 2});
    const rows = await applyEach(opt, [0], [[1], [1], [1], [1]]);
    closeRows(rows, [[-0.1], [-0.15], [-0.25], [-0.275]]);
    opt.dispose();
  });

  it('finalizeVariableValues does nothing without EMA', async () => {
    const opt = new SGD({learningRate: 0.1});
    const v = vec('w', [1]);
    const g = tf.tensor1d([1]);
    opt.applyGradients([{variable: v, gradient: g}]);
    opt.finalizeVariableValues();
    await expectClose(v.value, [0.9], 1e-6);
    tf.dispose(g);
    v.dispose();
    opt.dispose();
  });
});

/** Runs `first` calls with `a`, moves its state into `b` via getWeights/setWeights, runs `second` calls with `b`. */
async function resumeRun(a: Optimizer, b: Optimizer, first: number, second: number, buildFirst: boolean): Promise<number[]> {
  const v = vec('w', W0);
  const step = async (opt: Optimizer): Promise<void> => {
    const g = tf.tensor1d(grad(Array.from(await v.read())));
    opt.applyGradients([{variable: v, gradient: g}]);
    g.dispose();
  };
  for (let i = 0; i < first; i++) await step(a);
  const saved = a.getWeights();
  a.dispose();
  if (buildFirst) b.build([v]);
  await b.setWeights(saved);
  tf.dispose(saved.map((w) => w.tensor));
  expect(b.stepCalls).to.equal(first);
  for (let i = 0; i < second; i++) await step(b);
  const out = Array.from(await v.read());
  v.dispose();
  b.dispose();
  return out;
}

describeBackends('optimizers: saving and restoring state', () => {
  const makers: [string, () => Optimizer][] = [
    ['Adam (amsgrad) on an exponential-decay schedule', () => new Adam({amsgrad: true, learningRate: schedules.exponentialDecay({initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5})})],
    ['Nadam (its momentum product depends on the step)', () => new Nadam({learningRate: 0.05})],
    ['Lamb with gradient accumulation and EMA', () => new Lamb({learningRate: 0.05, gradientAccumulationSteps: 2, useEma: true, emaOverwriteFrequency: 2})],
    ['SGD with Nesterov momentum', () => new SGD({learningRate: 0.01, momentum: 0.9, nesterov: true})],
  ];
  for (const [title, make] of makers) {
    it(`${title}: 3 steps + restore into a new optimizer + 3 steps = 6 steps`, async () => {
      const straight = (await runOnly(make(), 6))[5]!;
      for (const buildFirst of [false, true]) {
        const resumed = await resumeRun(make(), make(), 3, 3, buildFirst);
        resumed.forEach((x, i) => expect(x, `build first: ${buildFirst}, index ${i}`).to.be.closeTo(straight[i]!, 1e-7));
      }
    });
  }

  it('the restored iteration count drives the schedule', async () => {
    const sched = schedules.inverseTimeDecay({initialLearningRate: 1, decaySteps: 1, decayRate: 1});
    const opt = new SGD({learningRate: sched});
    const it7 = tf.scalar(7, 'int32');
    await opt.setWeights([{name: 'iteration', tensor: it7}]);
    expect(opt.iterations).to.equal(7);
    expect(opt.learningRate).to.equal(1 / 8);
    tf.dispose(it7);
  });

  it('rejects unknown names, wrong shapes, bad counters and duplicates, naming them', async () => {
    const opt = new Adam();
    const v = vec('w', [1, 2]);
    opt.build([v]);
    const good = tf.zeros([2]);
    const bad = tf.zeros([3]);
    const frac = tf.scalar(2.5);
    const check = async (ws: NamedWeight[], type: typeof ValueError, re: RegExp): Promise<void> => {
      let caught: unknown = null;
      await opt.setWeights(ws).catch((e: unknown) => (caught = e));
      expect(caught, String(re)).to.be.instanceOf(type);
      expect((caught as Error).message).to.match(re);
    };
    await check([{name: 'dense/w/zz', tensor: good}], ValueError, /unknown optimizer weight "dense\/w\/zz"; expected "iteration" or "<variable path>\/<name>" with <name> one of m, v/);
    await check([{name: 'nopath', tensor: good}], ValueError, /unknown optimizer weight "nopath"/);
    await check([{name: 'dense/w/m', tensor: bad}], ShapeError, /"dense\/w\/m" has shape \[3\], but variable dense\/w has shape \[2\]/);
    await check([{name: 'iteration', tensor: frac}], ValueError, /"iteration" must be an integer >= 0, received 2.5/);
    await check([{name: 'dense/w/m', tensor: good}, {name: 'dense/w/m', tensor: good}], ValueError, /"dense\/w\/m" is given twice/);
    // a value for a variable not seen yet is checked when that variable first appears
    await opt.setWeights([{name: 'dense/u/m', tensor: bad}]);
    const u = vec('u', [1, 2]);
    expect(() => opt.build([u])).to.throw(ShapeError, /restored optimizer weight "dense\/u\/m" has shape \[3\], but variable dense\/u has shape \[2\]/);
    tf.dispose([good, bad, frac]);
    [u, v].forEach((x) => x.dispose());
    opt.dispose();
  });

  it('leaks nothing: restored values and state are freed by dispose', async () => {
    const before = tf.memory().numTensors;
    const opt = new Adam({useEma: true, gradientAccumulationSteps: 2});
    const v = vec('w', [1, 2]);
    const g = tf.tensor1d([0.5, 1]);
    opt.applyGradients([{variable: v, gradient: g}]);
    await expectNoLeaks(() => {
      for (let i = 0; i < 4; i++) opt.applyGradients([{variable: v, gradient: g}]);
    });
    const saved = opt.getWeights();
    expect(saved.map((w) => w.name)).to.deep.equal(['iteration', 'dense/w/m', 'dense/w/v', 'dense/w/gradient_accumulator', 'dense/w/average']);
    const other = new Adam({useEma: true, gradientAccumulationSteps: 2});
    await other.setWeights(saved);
    tf.dispose(saved.map((w) => w.tensor));
    other.dispose();
    opt.dispose();
    tf.dispose(g);
    v.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });
});

describe('optimizers: the learning rate during training', () => {
  it('can be replaced by a function or a schedule, and read back as given', () => {
    const opt = new SGD({learningRate: 0.1});
    opt.learningRate = (s: number) => 0.5 / (s + 1);
    expect(opt.learningRate).to.equal(0.5);
    opt.learningRate = 0.2;
    expect(opt.learningRateSource).to.equal(0.2);
    const sched = schedules.exponentialDecay({initialLearningRate: 0.3, decaySteps: 10, decayRate: 0.5});
    opt.learningRate = sched;
    expect(opt.learningRateSource).to.equal(sched);
    expect(opt.learningRate).to.equal(0.3);
    expect(() => {
      opt.learningRate = 0.1;
    }).to.throw(RuntimeError, /follows a schedule \(ExponentialDecay\) and cannot be set directly to 0.1/);
  });

  it('follows the number set between steps (as a LearningRateScheduler callback does)', async () => {
    const lrs = [0.01, 0.05, 0.05, 0.001, 0.02];
    const opt = new SGD({learningRate: 0.01, momentum: 0.5});
    const rule = sgdRule(0.5);
    const v = vec('w', W0);
    let ref = [...W0];
    for (let t = 0; t < 5; t++) {
      opt.learningRate = lrs[t]!;
      const g = tf.tensor1d(grad(Array.from(await v.read())));
      opt.applyGradients([{variable: v, gradient: g}]);
      g.dispose();
      ref = rule(ref, grad(ref), t, lrs[t]!);
    }
    Array.from(await v.read()).forEach((x, i) => expect(x).to.be.closeTo(ref[i]!, 1e-6 * Math.abs(ref[i]!) + 1e-7));
    v.dispose();
    opt.dispose();
  });
});
