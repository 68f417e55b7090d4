import {expect} from 'chai';
import {ValueError} from '../../errors.js';
import {registerCoreBuiltins} from '../../register.js';
import type {SerializedObject} from '../../serialization/config.js';
import {fromKerasKeys} from '../../serialization/keras-case.js';
import {deserializeObject, serializeObject} from '../../serialization/registry.js';
import {SGD} from '../sgd.js';
import {expectTrajectory, runBoth} from '../problem.test.helpers.js';
import {sgdRule} from '../rules.test.helpers.js';
import {
  CosineDecay, CosineDecayRestarts, ExponentialDecay, InverseSqrtDecay, InverseTimeDecay, LearningRateSchedule, LinearWarmup,
  PiecewiseConstantDecay, PolynomialDecay, cosineDecay, cosineDecayRestarts, exponentialDecay, getSchedule, inverseSqrtDecay,
  inverseTimeDecay, linearWarmup, piecewiseConstantDecay, polynomialDecay,
} from './index.js';

registerCoreBuiltins();

const STEPS = Array.from({length: 41}, (_, t) => t);

/** `schedule(t)` equals `formula(t)` for t = 0..40 (relative 1e-12). */
function expectFormula(schedule: LearningRateSchedule, formula: (t: number) => number, steps = STEPS): void {
  for (const t of steps) {
    const e = formula(t);
    expect(schedule.call(t), `step ${t}`).to.be.closeTo(e, 1e-12 * Math.max(1, Math.abs(e)));
  }
}

/** SGDR written as a walk over the periods: period i lasts T₀·tMulⁱ steps and peaks at η₀·mMulⁱ. */
function sgdr(eta0: number, t0: number, tMul: number, mMul: number, alpha: number): (t: number) => number {
  return (t) => {
    let [start, len, i] = [0, t0, 0];
    while (t >= start + len) [start, len, i] = [start + len, len * tMul, i + 1];
    const frac = (t - start) / len;
    return eta0 * ((1 - alpha) * mMul ** i * 0.5 * (1 + Math.cos(Math.PI * frac)) + alpha);
  };
}

describe('learning-rate schedules: values equal the closed-form formulas', () => {
  it('exponentialDecay: η₀·r^(t/T), staircase η₀·r^⌊t/T⌋', () => {
    expectFormula(exponentialDecay({initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5}), (t) => 0.1 * 0.5 ** (t / 4));
    const stair = exponentialDecay({initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true});
    expectFormula(stair, (t) => 0.1 * 0.5 ** Math.floor(t / 4));
    expect([0, 3, 4, 7, 8].map((t) => stair.call(t))).to.deep.equal([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('piecewiseConstantDecay (step decay): values[i] while t <= boundaries[i]', () => {
    const s = piecewiseConstantDecay({boundaries: [3, 7], values: [1, 0.5, 0.1]});
    expect(STEPS.slice(0, 11).map((t) => s.call(t))).to.deep.equal([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1]);
    expectFormula(s, (t) => (t <= 3 ? 1 : t <= 7 ? 0.5 : 0.1));
  });

  it('polynomialDecay: linear when power = 1, polynomial otherwise, constant after decaySteps', () => {
    const linear = polynomialDecay({initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01});
    expectFormula(linear, (t) => 0.1 - 0.009 * Math.min(t, 10));
    expect(linear.call(5)).to.be.closeTo(0.055, 1e-15);
    expectFormula(polynomialDecay({initialLearningRate: 1, decaySteps: 8, power: 2, endLearningRate: 0}), (t) => (1 - Math.min(t, 8) / 8) ** 2);
    expect(polynomialDecay({initialLearningRate: 1, decaySteps: 8}).call(100)).to.equal(0.0001);
  });

  it('polynomialDecay with cycle: the span grows to the first multiple of decaySteps >= t', () => {
    const s = polynomialDecay({initialLearningRate: 1, decaySteps: 4, endLearningRate: 0, cycle: true});
    expect([0, 2, 4, 5, 6, 8, 9, 12].map((t) => s.call(t))).to.deep.equal([1, 0.5, 0, 1 - 5 / 8, 0.25, 0, 1 - 9 / 12, 0]);
    expectFormula(s, (t) => 1 - t / (4 * Math.max(1, Math.ceil(t / 4))));
  });

  it('inverseTimeDecay (1/t): η₀/(1 + k·t/T), staircase with ⌊t/T⌋', () => {
    expectFormula(inverseTimeDecay({initialLearningRate: 0.5, decaySteps: 2, decayRate: 3}), (t) => 0.5 / (1 + (3 * t) / 2));
    expectFormula(inverseTimeDecay({initialLearningRate: 0.5, decaySteps: 2, decayRate: 3, staircase: true}), (t) => 0.5 / (1 + 3 * Math.floor(t / 2)));
  });

  it('cosineDecay: half-cosine from η₀ to α·η₀ over T steps, then flat', () => {
    const s = cosineDecay({initialLearningRate: 0.2, decaySteps: 20, alpha: 0.1});
    expectFormula(s, (t) => 0.2 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 20)) / 20)) + 0.1));
    expect(s.call(0)).to.equal(0.2);
    expect(s.call(10)).to.be.closeTo(0.2 * 0.55, 1e-15);
    expect(s.call(40)).to.be.closeTo(0.02, 1e-15);
  });

  it('cosineDecay with warmup: linear from η₀ to the target over W steps, then the cosine from the target', () => {
    const s = cosineDecay({initialLearningRate: 0, decaySteps: 16, warmupTarget: 0.1, warmupSteps: 4});
    expectFormula(s, (t) => (t < 4 ? (0.1 * t) / 4 : 0.1 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t - 4, 16)) / 16))));
    expect([0, 2, 4].map((t) => s.call(t))).to.deep.equal([0, 0.05, 0.1]);
  });

  it('cosineDecayRestarts (SGDR): periods growing by tMul, peaks shrinking by mMul', () => {
    const s = cosineDecayRestarts({initialLearningRate: 1, firstDecaySteps: 4, tMul: 2, mMul: 0.5, alpha: 0.1});
    expectFormula(s, sgdr(1, 4, 2, 0.5, 0.1));
    // restarts at t = 4 and t = 12, each at the shrunk peak
    expect(s.call(4)).to.be.closeTo(0.9 * 0.5 + 0.1, 1e-12);
    expect(s.call(12)).to.be.closeTo(0.9 * 0.25 + 0.1, 1e-12);
    expectFormula(cosineDecayRestarts({initialLearningRate: 0.3, firstDecaySteps: 5, tMul: 1}), sgdr(0.3, 5, 1, 1, 0));
    // exact period boundaries far out (1, 4, 13, 40, 121, 364 with tMul = 3) land in the right period
    const far = cosineDecayRestarts({initialLearningRate: 1, firstDecaySteps: 1, tMul: 3});
    expectFormula(far, sgdr(1, 1, 3, 1, 0), Array.from({length: 400}, (_, t) => t));
    for (const b of [1, 4, 13, 40, 121, 364]) expect(far.call(b), `restart at ${b}`).to.equal(1);
  });

  it('inverseSqrtDecay: η₀/√(1 + t/T); behind a W-step warmup with T = W it is the Transformer schedule', () => {
    expectFormula(inverseSqrtDecay({initialLearningRate: 0.4, decaySteps: 3}), (t) => 0.4 / Math.sqrt(1 + t / 3));
    const noam = linearWarmup({schedule: inverseSqrtDecay({initialLearningRate: 1e-3, decaySteps: 8}), warmupSteps: 8});
    expectFormula(noam, (t) => (t < 8 ? (1e-3 * t) / 8 : 1e-3 * Math.sqrt(8 / t)));
  });

  it('linearWarmup: from initialLearningRate to schedule(0) over W steps, then schedule(t − W)', () => {
    const inner = exponentialDecay({initialLearningRate: 0.1, decaySteps: 5, decayRate: 0.5});
    const s = linearWarmup({schedule: inner, warmupSteps: 5, initialLearningRate: 0.01});
    expectFormula(s, (t) => (t < 5 ? 0.01 + ((0.1 - 0.01) * t) / 5 : 0.1 * 0.5 ** ((t - 5) / 5)));
    expectFormula(linearWarmup({schedule: 0.3, warmupSteps: 10}), (t) => (t < 10 ? 0.03 * t : 0.3));
    expectFormula(linearWarmup({schedule: inner, warmupSteps: 0}), (t) => inner.call(t));
  });

  it('drives an optimizer: SGD on a step schedule matches the float64 rule with the same rates', async () => {
    const sched = piecewiseConstantDecay({boundaries: [1, 3], values: [0.02, 0.01, 0.002]});
    const t = await runBoth(new SGD({learningRate: sched, momentum: 0.5}), sgdRule(0.5), 5, (s) => (s <= 1 ? 0.02 : s <= 3 ? 0.01 : 0.002));
    expectTrajectory(t);
  });
});

describe('learning-rate schedules: serialization', () => {
  const all = (): LearningRateSchedule[] => [
    new ExponentialDecay({initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9, staircase: true, name: 'exp'}),
    new PiecewiseConstantDecay({boundaries: [2, 5], values: [0.3, 0.2, 0.1]}),
    new PolynomialDecay({initialLearningRate: 0.1, decaySteps: 7, endLearningRate: 0.001, power: 0.5, cycle: true}),
    new InverseTimeDecay({initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5}),
    new CosineDecay({initialLearningRate: 0.01, decaySteps: 30, alpha: 0.2, warmupTarget: 0.1, warmupSteps: 5}),
    new CosineDecayRestarts({initialLearningRate: 0.1, firstDecaySteps: 6, tMul: 1.5, mMul: 0.8, alpha: 0.05}),
    new InverseSqrtDecay({initialLearningRate: 0.1, decaySteps: 4}),
    new LinearWarmup({schedule: new CosineDecay({initialLearningRate: 0.1, decaySteps: 20}), warmupSteps: 3, initialLearningRate: 0.001}),
  ];

  it('every class round-trips through JSON and fromConfig(getConfig()) with equal values', () => {
    for (const s of all()) {
      const name = (s.constructor as typeof LearningRateSchedule).className;
      const env = JSON.parse(JSON.stringify(serializeObject(s))) as SerializedObject;
      const back = deserializeObject<LearningRateSchedule>('schedule', env);
      expect(back.constructor, name).to.equal(s.constructor);
      expect(back.getConfig(), name).to.deep.equal(s.getConfig());
      for (const t of STEPS) expect(back.call(t), `${name} at ${t}`).to.equal(s.call(t));
      expect(getSchedule(env).getConfig()).to.deep.equal(s.getConfig());
    }
  });

  it('Keras schedules are written under keras.optimizers.schedules, Stratum ones with a registered name', () => {
    expect(serializeObject(new ExponentialDecay({initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9}))).to.deep.include({module: 'keras.optimizers.schedules', className: 'ExponentialDecay', registeredName: null});
    expect(serializeObject(new InverseSqrtDecay({initialLearningRate: 0.1}))).to.deep.include({module: null, registeredName: 'stratum>InverseSqrtDecay'});
    expect(new CosineDecayRestarts({initialLearningRate: 0.1, firstDecaySteps: 6}).getConfig()).to.deep.equal({
      initialLearningRate: 0.1, firstDecaySteps: 6, tMul: 2, mMul: 1, alpha: 0, name: 'SGDRDecay',
    });
  });

  it('reads Keras 3 schedule JSON (snake_case keys)', () => {
    const keras = {module: 'keras.optimizers.schedules', class_name: 'CosineDecayRestarts', registered_name: null,
      config: {initial_learning_rate: 0.1, first_decay_steps: 6, t_mul: 3, m_mul: 0.5, alpha: 0.1, name: 'SGDRDecay'}};
    const s = deserializeObject<CosineDecayRestarts>('schedule', fromKerasKeys(keras) as SerializedObject);
    expect([s.tMul, s.mMul, s.alpha, s.firstDecaySteps]).to.deep.equal([3, 0.5, 0.1, 6]);
  });
});

describe('learning-rate schedules: invalid arguments fail at construction', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['decay steps 0', () => exponentialDecay({initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5}), /ExponentialDecay: decaySteps must be positive, received 0/],
    ['negative decay rate', () => inverseTimeDecay({initialLearningRate: 0.1, decaySteps: 1, decayRate: -1}), /InverseTimeDecay: decayRate must be a finite number >= 0, received -1/],
    ['negative initial rate', () => polynomialDecay({initialLearningRate: -0.1, decaySteps: 10}), /PolynomialDecay: initialLearningRate must be a finite number >= 0, received -0.1/],
    ['polynomial decay steps 0', () => polynomialDecay({initialLearningRate: 0.1, decaySteps: 0}), /PolynomialDecay: decaySteps must be positive, received 0/],
    ['missing decay steps', () => cosineDecay({initialLearningRate: 0.1} as never), /CosineDecay: decaySteps must be positive, received undefined/],
    ['cosine alpha above 1', () => cosineDecay({initialLearningRate: 0.1, decaySteps: 5, alpha: 1.5}), /CosineDecay: alpha must be in \[0, 1\], received 1.5/],
    ['restarts with first period 0', () => cosineDecayRestarts({initialLearningRate: 0.1, firstDecaySteps: 0}), /CosineDecayRestarts: firstDecaySteps must be positive, received 0/],
    ['restarts with shrinking periods', () => cosineDecayRestarts({initialLearningRate: 0.1, firstDecaySteps: 3, tMul: 0.5}), /CosineDecayRestarts: tMul must be a finite number >= 1.*received 0.5/],
    ['inverse sqrt time scale 0', () => inverseSqrtDecay({initialLearningRate: 0.1, decaySteps: 0}), /InverseSqrtDecay: decaySteps must be positive, received 0/],
    ['piecewise with too few values', () => piecewiseConstantDecay({boundaries: [1, 2], values: [0.1, 0.2]}), /values must have one more entry than boundaries \(3\), received \[0.1,0.2\]/],
    ['piecewise with unsorted boundaries', () => piecewiseConstantDecay({boundaries: [5, 2], values: [1, 2, 3]}), /boundaries must be an array of strictly increasing finite numbers, received \[5,2\]/],
    ['warmup with a negative length', () => linearWarmup({schedule: 0.1, warmupSteps: -1}), /LinearWarmup: warmupSteps must be a finite number >= 0, received -1/],
    ['warmup of something else', () => linearWarmup({schedule: 'cosine' as never, warmupSteps: 2}), /LinearWarmup: schedule must be a LearningRateSchedule, a number or a serialized schedule, received "cosine"/],
  ];
  for (const [title, make, re] of bad) {
    it(title, () => {
      expect(make).to.throw(ValueError, re);
    });
  }
});
