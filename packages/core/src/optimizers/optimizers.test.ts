import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {RuntimeError, ShapeError, ValueError, deserializeObject, registerSerializable, serializeObject} from '../index.js';
import type {ConfigDict} from '../index.js';
import {NonNeg} from '../constraints/index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {Variable} from '../variable.js';
import {Adam, LearningRateSchedule, Optimizer, SGD, getOptimizer} from './index.js';

// ---- the fixed problem: L(w) = Σ_i (A_i·w − b_i)², ∇L = 2 Aᵀ(Aw − b), in float64 ----
const A = [[1, 2, 0.5], [0, -1, 1], [3, 0.5, -2], [1, 1, 1]];
const B = [1, -2, 0.5, 3];
const W0 = [0.5, -1, 2];

function grad(w: readonly number[]): number[] {
  const r = A.map((row, i) => row.reduce((s, a, j) => s + a * w[j]!, 0) - B[i]!);
  return w.map((_, j) => 2 * A.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
}

type Rule = (w: number[], g: number[], step: number, lr: number) => number[];

/** Keras 3 SGD transcribed in float64. */
function sgdRule(momentum: number, nesterov: boolean): Rule {
  let m = [0, 0, 0];
  return (w, g, _t, lr) => {
    if (momentum === 0) return w.map((x, i) => x - lr * g[i]!);
    m = m.map((mi, i) => momentum * mi - lr * g[i]!);
    return nesterov ? w.map((x, i) => x + momentum * m[i]! - lr * g[i]!) : w.map((x, i) => x + m[i]!);
  };
}

/** Keras 3 Adam transcribed in float64. */
function adamRule(b1: number, b2: number, eps: number, amsgrad: boolean): Rule {
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  let vhat = [0, 0, 0];
  return (w, g, step, lr) => {
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    m = m.map((mi, i) => mi + (g[i]! - mi) * (1 - b1));
    v = v.map((vi, i) => vi + (g[i]! ** 2 - vi) * (1 - b2));
    let vv = v;
    if (amsgrad) {
      vhat = vhat.map((h, i) => Math.max(h, v[i]!));
      vv = vhat;
    }
    return w.map((x, i) => x - (m[i]! * alpha) / (Math.sqrt(vv[i]!) + eps));
  };
}

/**
 * Runs `steps` updates of `opt` on the fixed problem (gradients computed here in float64 from the
 * variable's current value) and of the float64 reference; returns both trajectories' end points.
 */
async function run(opt: Optimizer, rule: Rule, steps: number, lrAt: (step: number) => number, between?: (step: number) => void): Promise<{actual: Float32Array; expected: number[]}> {
  const v = new Variable({name: 'w', initialValue: tf.tensor1d(W0)});
  let ref = [...W0];
  for (let t = 0; t < steps; t++) {
    between?.(t);
    const g = tf.tensor1d(grad(Array.from(await v.read())));
    opt.applyGradients([{variable: v, gradient: g}]);
    g.dispose();
    ref = rule(ref, grad(ref), t, lrAt(t));
  }
  const actual = (await v.read()) as Float32Array;
  v.dispose();
  opt.dispose();
  return {actual, expected: ref};
}

function expectRel(actual: ArrayLike<number>, expected: number[], rtol = 1e-6): void {
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Math.abs(a - e), `index ${i}: actual ${a}, expected ${e}`).to.be.at.most(rtol * Math.abs(e) + 1e-7);
  });
}

class InverseTime extends LearningRateSchedule {
  static override readonly className = 'TestInverseTime';
  readonly initial: number;
  constructor(args: {initial?: number} = {}) {
    super();
    this.initial = args.initial ?? 0.1;
  }
  call(step: number): number {
    return this.initial / (1 + step);
  }
  getConfig(): ConfigDict {
    return {initial: this.initial};
  }
}
registerSerializable(InverseTime, {category: 'schedule', package: 'test'});

describeBackends('optimizers: five steps match the Keras 3 update rules', () => {
  it('the reference gradient is right (finite differences on the float64 loss)', () => {
    const loss = (w: number[]): number => A.reduce((s, row, i) => s + (row.reduce((q, a, j) => q + a * w[j]!, 0) - B[i]!) ** 2, 0);
    const g = grad(W0);
    for (let j = 0; j < 3; j++) {
      const p = [...W0];
      const m = [...W0];
      p[j]! += 1e-6;
      m[j]! -= 1e-6;
      expect((loss(p) - loss(m)) / 2e-6).to.be.closeTo(g[j]!, 1e-5);
    }
  });

  it('SGD: one step by hand', async () => {
    // g(W0) = 2·Aᵀ·r, r = Aw − b = [0.5−2+1−1, 1+2+2, 1.5−0.5−4−0.5, 1.5−3] = [−1.5, 5, −3.5, −1.5]
    expect(grad(W0)).to.deep.equal([2 * (-1.5 + 0 - 10.5 - 1.5), 2 * (-3 - 5 - 1.75 - 1.5), 2 * (-0.75 + 5 + 7 - 1.5)]);
    const v = new Variable({name: 'w', initialValue: tf.tensor1d(W0)});
    const g = tf.tensor1d(grad(W0));
    const opt = new SGD({learningRate: 0.1});
    opt.applyGradients([{variable: v, gradient: g}]);
    await expectClose(v.value, [0.5 + 2.7, -1 + 2.25, 2 - 1.95], 1e-6);
    expect(opt.iterations).to.equal(1);
    tf.dispose(g);
    v.dispose();
  });

  it('SGD plain (default learning rate 0.01)', async () => {
    const opt = new SGD();
    expect(opt.learningRate).to.equal(0.01);
    const {actual, expected} = await run(opt, sgdRule(0, false), 5, () => 0.01);
    expectRel(actual, expected);
  });

  it('SGD with momentum', async () => {
    const {actual, expected} = await run(new SGD({learningRate: 0.01, momentum: 0.9}), sgdRule(0.9, false), 5, () => 0.01);
    expectRel(actual, expected);
  });

  it('SGD with Nesterov momentum', async () => {
    const {actual, expected} = await run(new SGD({learningRate: 0.01, momentum: 0.8, nesterov: true}), sgdRule(0.8, true), 5, () => 0.01);
    expectRel(actual, expected);
    // and it differs from plain momentum
    const plain = await run(new SGD({learningRate: 0.01, momentum: 0.8}), sgdRule(0.8, false), 5, () => 0.01);
    expect(Math.abs(plain.expected[0]! - expected[0]!)).to.be.above(1e-3);
  });

  it('Adam (defaults: lr 0.001, β1 0.9, β2 0.999, ε 1e-7)', async () => {
    const opt = new Adam();
    expect([opt.learningRate, opt.beta1, opt.beta2, opt.epsilon, opt.amsgrad]).to.deep.equal([0.001, 0.9, 0.999, 1e-7, false]);
    const {actual, expected} = await run(opt, adamRule(0.9, 0.999, 1e-7, false), 5, () => 0.001);
    expectRel(actual, expected);
  });

  it('Adam with a large learning rate and custom betas', async () => {
    const {actual, expected} = await run(new Adam({learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-3}), adamRule(0.5, 0.9, 1e-3, false), 5, () => 0.1);
    expectRel(actual, expected);
  });

  it('Adam with amsgrad', async () => {
    const {actual, expected} = await run(new Adam({learningRate: 0.2, amsgrad: true, beta2: 0.5}), adamRule(0.9, 0.5, 1e-7, true), 5, () => 0.2);
    expectRel(actual, expected);
    // amsgrad matters on this trajectory
    const plain = adamRule(0.9, 0.5, 1e-7, false);
    let ref = [...W0];
    for (let t = 0; t < 5; t++) ref = plain(ref, grad(ref), t, 0.2);
    expect(Math.abs(ref[0]! - expected[0]!) + Math.abs(ref[1]! - expected[1]!) + Math.abs(ref[2]! - expected[2]!)).to.be.above(1e-4);
  });

  it('the learning rate can be set between steps', async () => {
    const lrs = [0.01, 0.01, 0.05, 0.05, 0.002];
    const opt = new SGD({learningRate: 0.01, momentum: 0.5});
    const {actual, expected} = await run(opt, sgdRule(0.5, false), 5, (t) => lrs[t]!, (t) => {
      opt.learningRate = lrs[t]!;
      expect(opt.learningRate).to.equal(lrs[t]);
    });
    expectRel(actual, expected);
    const adam = new Adam({learningRate: 0.01});
    const r = await run(adam, adamRule(0.9, 0.999, 1e-7, false), 5, (t) => lrs[t]!, (t) => {
      adam.learningRate = lrs[t]!;
    });
    expectRel(r.actual, r.expected);
  });

  it('the learning rate can be a function of the step (0 for the first update)', async () => {
    const fn = (step: number): number => 0.02 * 0.5 ** step;
    const opt = new SGD({learningRate: fn});
    expect(opt.learningRate).to.equal(0.02);
    const {actual, expected} = await run(opt, sgdRule(0, false), 5, fn);
    expectRel(actual, expected);
    const adam = new Adam({learningRate: fn});
    const r = await run(adam, adamRule(0.9, 0.999, 1e-7, false), 5, fn);
    expectRel(r.actual, r.expected);
  });

  it('a schedule drives the learning rate, cannot be overwritten, and serializes', async () => {
    const opt = new SGD({learningRate: new InverseTime({initial: 0.05})});
    const {actual, expected} = await run(opt, sgdRule(0, false), 5, (t) => 0.05 / (1 + t));
    expectRel(actual, expected);
    expect(opt.learningRate).to.be.closeTo(0.05 / 6, 1e-12);
    expect(() => {
      opt.learningRate = 0.1;
    }).to.throw(RuntimeError, /follows a schedule \(TestInverseTime\)/);
    const cfg = opt.getConfig();
    expect(cfg['learningRate']).to.deep.include({className: 'TestInverseTime', config: {initial: 0.05}, registeredName: 'test>TestInverseTime'});
    const back = new SGD(cfg as never);
    expect(back.learningRate).to.be.closeTo(0.05, 1e-12);
  });
});

describeBackends('optimizers: clipping, constraints, state', () => {
  async function oneStep(opt: Optimizer, w: number[][], g: number[][]): Promise<number[][]> {
    const vars = w.map((x, i) => new Variable({name: `v${i}`, initialValue: tf.tensor1d(x)}));
    const grads = g.map((x) => tf.tensor1d(x));
    opt.applyGradients(vars.map((variable, i) => ({variable, gradient: grads[i]!})));
    const out = await Promise.all(vars.map(async (v) => Array.from(await v.read())));
    tf.dispose(grads);
    vars.forEach((v) => v.dispose());
    opt.dispose();
    return out;
  }
  const close = (a: number[][], e: number[][]): void => {
    a.forEach((row, i) => row.forEach((x, j) => expect(x, `[${i}][${j}]`).to.be.closeTo(e[i]![j]!, 1e-6)));
  };

  it('clipnorm rescales each gradient whose norm exceeds it', async () => {
    // [3, 4] has norm 5 → [0.6, 0.8]; [0.3, 0.4] has norm 0.5 < 1 → unchanged
    close(await oneStep(new SGD({learningRate: 1, clipnorm: 1}), [[0, 0], [0, 0]], [[3, 4], [0.3, 0.4]]), [[-0.6, -0.8], [-0.3, -0.4]]);
  });

  it('clipvalue clips each element', async () => {
    close(await oneStep(new SGD({learningRate: 1, clipvalue: 0.5}), [[1, 1, 1]], [[2, -0.25, -7]]), [[0.5, 1.25, 1.5]]);
  });

  it('globalClipnorm rescales all gradients together', async () => {
    // global norm √(9 + 16 + 144) = 13; clip to 2.6 → scale 0.2
    close(await oneStep(new SGD({learningRate: 1, globalClipnorm: 2.6}), [[0, 0], [0]], [[3, 4], [12]]), [[-0.6, -0.8], [-2.4]]);
    // below the global norm: unchanged
    close(await oneStep(new SGD({learningRate: 1, globalClipnorm: 100}), [[0, 0], [0]], [[3, 4], [12]]), [[-3, -4], [-12]]);
  });

  it('clipping composes with Adam (first step moves each weight by ≈ lr)', async () => {
    // after clipping, Adam's first step is lr·ĝ/(|ĝ| + ε') ≈ lr·sign(g)
    close(await oneStep(new Adam({learningRate: 0.1, clipnorm: 1}), [[0, 0]], [[300, -400]]), [[-0.1, 0.1]]);
  });

  it('applies variable constraints after the step', async () => {
    const v = new Variable({name: 'w', initialValue: tf.tensor1d([1, 0.1, -1]), constraint: new NonNeg()});
    const g = tf.tensor1d([0.5, 1, -3]);
    const opt = new SGD({learningRate: 1});
    opt.applyGradients([{variable: v, gradient: g}]);
    await expectClose(v.value, [0.5, 0, 2], 1e-6);
    tf.dispose(g);
    v.dispose();
  });

  it('rejects gradients of the wrong shape naming the variable', () => {
    const v = new Variable({name: 'kernel', initialValue: tf.zeros([2, 3])});
    v.path = 'dense/kernel';
    const g = tf.zeros([3, 2]);
    const opt = new SGD();
    expect(() => opt.applyGradients([{variable: v, gradient: g}])).to.throw(ShapeError, /gradient of shape \[3,2\] does not match variable dense\/kernel of shape \[2,3\]/);
    expect(opt.iterations).to.equal(0);
    tf.dispose(g);
    v.dispose();
  });

  it('keeps per-variable slots, exposes them with getWeights, and leaks nothing after the first step', async () => {
    const v = new Variable({name: 'w', initialValue: tf.tensor1d([1, 2])});
    v.path = 'dense/w';
    const opt = new Adam({learningRate: 0.01, amsgrad: true});
    const g = tf.tensor1d([0.5, -2]);
    opt.applyGradients([{variable: v, gradient: g}]);
    await expectNoLeaks(() => {
      for (let i = 0; i < 3; i++) opt.applyGradients([{variable: v, gradient: g}]);
    });
    expect(opt.iterations).to.equal(4);
    const weights = opt.getWeights();
    expect(weights.map((w) => w.name)).to.deep.equal(['iteration', 'dense/w/m', 'dense/w/v', 'dense/w/vhat']);
    expect(Array.from(await weights[0]!.tensor.data())).to.deep.equal([4]);
    // constant gradient: m_t = g·(1 − β1ᵗ), v_t = g²·(1 − β2ᵗ)
    await expectClose(weights[1]!.tensor, [0.5 * (1 - 0.9 ** 4), -2 * (1 - 0.9 ** 4)], 1e-6, 1e-5);
    await expectClose(weights[2]!.tensor, [0.25 * (1 - 0.999 ** 4), 4 * (1 - 0.999 ** 4)], 1e-7, 1e-5);
    tf.dispose(weights.map((w) => w.tensor));
    const sgd = new SGD({momentum: 0.9});
    sgd.applyGradients([{variable: v, gradient: g}]);
    const sw = sgd.getWeights();
    expect(sw.map((w) => w.name)).to.deep.equal(['iteration', 'dense/w/momentum']);
    await expectClose(sw[1]!.tensor, [-0.01 * 0.5, -0.01 * -2], 1e-8);
    tf.dispose(sw.map((w) => w.tensor));
    const plain = new SGD();
    expect(plain.getWeights().map((w) => w.name)).to.deep.equal(['iteration']);
    const before = tf.memory().numTensors;
    opt.dispose();
    sgd.dispose();
    expect(tf.memory().numTensors).to.equal(before - 4);
    tf.dispose(g);
    v.dispose();
  });
});

describe('optimizer validation, lookup and config', () => {
  it('rejects invalid hyper-parameters at construction naming the value', () => {
    expect(() => new SGD({learningRate: -0.1})).to.throw(ValueError, /learningRate must be a finite number >= 0, received -0.1/);
    expect(() => new Adam({learningRate: NaN})).to.throw(ValueError, /learningRate must be a finite number >= 0, received NaN/);
    expect(() => new SGD({momentum: 1})).to.throw(ValueError, /momentum must be in \[0, 1\), received 1/);
    expect(() => new SGD({momentum: -0.5})).to.throw(ValueError, /received -0.5/);
    expect(() => new Adam({beta1: 1})).to.throw(ValueError, /beta1 must be in \[0, 1\), received 1/);
    expect(() => new Adam({beta2: 1.5})).to.throw(ValueError, /beta2 must be in \[0, 1\), received 1.5/);
    expect(() => new Adam({beta1: -0.1})).to.throw(ValueError, /beta1.*received -0.1/);
    expect(() => new Adam({epsilon: 0})).to.throw(ValueError, /epsilon must be positive, received 0/);
    expect(() => new SGD({clipnorm: -1})).to.throw(ValueError, /clipnorm must be a positive number, received -1/);
    expect(() => new SGD({clipvalue: 0})).to.throw(ValueError, /clipvalue must be a positive number, received 0/);
    expect(() => new SGD({clipnorm: 1, clipvalue: 1})).to.throw(ValueError, /at most one of clipnorm, clipvalue and globalClipnorm/);
  });

  it('rejects invalid learning rates in the setter', () => {
    const opt = new SGD();
    expect(() => {
      opt.learningRate = -1;
    }).to.throw(ValueError, /received -1/);
    expect(() => {
      opt.learningRate = Infinity;
    }).to.throw(ValueError);
    expect(opt.learningRate).to.equal(0.01);
  });

  it('getOptimizer resolves sgd / SGD / adam / Adam', () => {
    expect(getOptimizer('sgd')).to.be.instanceOf(SGD);
    expect(getOptimizer('SGD')).to.be.instanceOf(SGD);
    expect(getOptimizer('adam')).to.be.instanceOf(Adam);
    expect(getOptimizer('Adam')).to.be.instanceOf(Adam);
    const o = new Adam();
    expect(getOptimizer(o)).to.equal(o);
    expect(() => getOptimizer('adamw_x')).to.throw(ValueError, /Unknown optimizer "adamw_x"; expected one of .*adam.*sgd/i);
    const env = getOptimizer({module: 'keras.optimizers', className: 'SGD', config: {learningRate: 0.3, momentum: 0.5}, registeredName: null}) as SGD;
    expect([env.learningRate, env.momentum]).to.deep.equal([0.3, 0.5]);
  });

  it('default names follow Keras', () => {
    expect(new SGD().name).to.equal('SGD');
    expect(new Adam().name).to.equal('adam');
  });

  it('getConfig round trip', () => {
    const cases: Optimizer[] = [
      new SGD({learningRate: 0.2, momentum: 0.7, nesterov: true, clipnorm: 2}),
      new Adam({learningRate: 0.003, beta1: 0.8, beta2: 0.95, epsilon: 1e-5, amsgrad: true, globalClipnorm: 1}),
      new Adam({clipvalue: 0.1, name: 'my_adam'}),
    ];
    for (const opt of cases) {
      const env = serializeObject(opt);
      expect(env.module).to.equal('keras.optimizers');
      const back = deserializeObject<Optimizer>('optimizer', JSON.parse(JSON.stringify(env)));
      expect(back.constructor).to.equal(opt.constructor);
      expect(back.getConfig()).to.deep.equal(opt.getConfig());
    }
    expect(new SGD({learningRate: 0.2, momentum: 0.7}).getConfig()).to.deep.equal({
      name: 'SGD', learningRate: 0.2, clipnorm: null, clipvalue: null, globalClipnorm: null, momentum: 0.7, nesterov: false,
    });
    // a function learning rate is written as its current value
    expect(new SGD({learningRate: (s: number) => 0.5 + s}).getConfig()['learningRate']).to.equal(0.5);
  });
});
