import {expect} from 'chai';
import {setBackend} from '../backend/backend.js';
import {describeBackends, testBackends} from '../testing/index.js';
import {Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lamb, Lion, Nadam, RMSprop, SGD} from './index.js';
import type {Optimizer} from './index.js';
import {W0, expectRel, expectTrajectory, runBoth} from './problem.test.helpers.js';
import type {Rule} from './problem.test.helpers.js';
import {
  adadeltaRule, adagradRule, adamRule, adamaxRule, ftrlRule, lambRule, lionRule, nadamRule, rmspropRule, sgdRule, withWeightDecay,
} from './rules.test.helpers.js';

interface Case {
  title: string;
  make: () => Optimizer;
  rule: () => Rule;
  lr: number;
  /** Smallest expected total move of some weight (Keras's default Adadelta barely moves). */
  minMove?: number;
}

const ftrlDefaults = {power: -0.5, init: 0.1, l1: 0, l2: 0, shrinkage: 0, beta: 0};

/** Every optimizer of the catalogue, with defaults and with non-default hyper-parameters. */
const CASES: Case[] = [
  {title: 'Adagrad (defaults: lr 0.001, initial accumulator 0.1, ε 1e-7)', make: () => new Adagrad(), rule: () => adagradRule(), lr: 0.001},
  {title: 'Adagrad (lr 0.5, initial accumulator 0, ε 1e-3)', make: () => new Adagrad({learningRate: 0.5, initialAccumulatorValue: 0, epsilon: 1e-3}), rule: () => adagradRule(0, 1e-3), lr: 0.5},
  {title: 'Adadelta (defaults: lr 0.001, ρ 0.95)', make: () => new Adadelta(), rule: () => adadeltaRule(), lr: 0.001, minMove: 5e-6},
  {title: 'Adadelta (lr 1, ρ 0.8, ε 1e-4)', make: () => new Adadelta({learningRate: 1, rho: 0.8, epsilon: 1e-4}), rule: () => adadeltaRule(0.8, 1e-4), lr: 1},
  {title: 'RMSprop (defaults: lr 0.001, ρ 0.9)', make: () => new RMSprop(), rule: () => rmspropRule(), lr: 0.001},
  {title: 'RMSprop with momentum', make: () => new RMSprop({learningRate: 0.05, momentum: 0.7, rho: 0.8}), rule: () => rmspropRule(0.8, 0.7), lr: 0.05},
  {title: 'RMSprop centered', make: () => new RMSprop({learningRate: 0.05, centered: true, epsilon: 1e-3}), rule: () => rmspropRule(0.9, 0, 1e-3, true), lr: 0.05},
  {title: 'RMSprop centered with momentum', make: () => new RMSprop({learningRate: 0.02, centered: true, momentum: 0.5, rho: 0.7, epsilon: 1e-3}), rule: () => rmspropRule(0.7, 0.5, 1e-3, true), lr: 0.02},
  {title: 'AdamW (defaults: lr 0.001, weight decay 0.004)', make: () => new AdamW(), rule: () => withWeightDecay(adamRule(), 0.004), lr: 0.001},
  {title: 'AdamW (lr 0.1, weight decay 0.5, amsgrad)', make: () => new AdamW({learningRate: 0.1, weightDecay: 0.5, amsgrad: true, beta2: 0.6}), rule: () => withWeightDecay(adamRule(0.9, 0.6, 1e-7, true), 0.5), lr: 0.1},
  {title: 'Adamax (defaults: lr 0.001, β 0.9/0.999)', make: () => new Adamax(), rule: () => adamaxRule(), lr: 0.001},
  {title: 'Adamax (lr 0.2, β 0.5/0.8)', make: () => new Adamax({learningRate: 0.2, beta1: 0.5, beta2: 0.8}), rule: () => adamaxRule(0.5, 0.8), lr: 0.2},
  {title: 'Nadam (defaults: lr 0.001)', make: () => new Nadam(), rule: () => nadamRule(), lr: 0.001},
  {title: 'Nadam (lr 0.1, β 0.8/0.9, ε 1e-4)', make: () => new Nadam({learningRate: 0.1, beta1: 0.8, beta2: 0.9, epsilon: 1e-4}), rule: () => nadamRule(0.8, 0.9, 1e-4), lr: 0.1},
  {title: 'Lion (defaults: lr 0.001, β 0.9/0.99)', make: () => new Lion(), rule: () => lionRule(), lr: 0.001},
  {title: 'Lion (lr 0.05, β 0.5/0.8)', make: () => new Lion({learningRate: 0.05, beta1: 0.5, beta2: 0.8}), rule: () => lionRule(0.5, 0.8), lr: 0.05},
  {title: 'Ftrl (defaults: lr 0.001, power −0.5, initial accumulator 0.1)', make: () => new Ftrl(), rule: () => ftrlRule(ftrlDefaults), lr: 0.001},
  {
    title: 'Ftrl (lr 0.5, power −0.3, L1, L2, shrinkage, β)',
    make: () => new Ftrl({learningRate: 0.5, learningRatePower: -0.3, initialAccumulatorValue: 0.5, l1RegularizationStrength: 0.3, l2RegularizationStrength: 0.2, l2ShrinkageRegularizationStrength: 0.1, beta: 0.4}),
    rule: () => ftrlRule({power: -0.3, init: 0.5, l1: 0.3, l2: 0.2, shrinkage: 0.1, beta: 0.4}),
    lr: 0.5,
  },
  {title: 'Lamb (defaults: lr 0.001)', make: () => new Lamb(), rule: () => lambRule(), lr: 0.001},
  {title: 'Lamb (lr 0.1, β 0.7/0.9, ε 1e-5)', make: () => new Lamb({learningRate: 0.1, beta1: 0.7, beta2: 0.9, epsilon: 1e-5}), rule: () => lambRule(0.7, 0.9, 1e-5), lr: 0.1},
  {title: 'SGD with weight decay', make: () => new SGD({learningRate: 0.01, momentum: 0.9, weightDecay: 0.1}), rule: () => withWeightDecay(sgdRule(0.9), 0.1), lr: 0.01},
  {title: 'Adam with weight decay (decoupled, as AdamW)', make: () => new Adam({learningRate: 0.05, weightDecay: 0.2}), rule: () => withWeightDecay(adamRule(), 0.2), lr: 0.05},
  {title: 'Lamb with weight decay', make: () => new Lamb({learningRate: 0.05, weightDecay: 0.3}), rule: () => withWeightDecay(lambRule(), 0.3), lr: 0.05},
  {title: 'RMSprop with weight decay', make: () => new RMSprop({learningRate: 0.05, weightDecay: 0.3}), rule: () => withWeightDecay(rmspropRule(), 0.3), lr: 0.05},
];

describeBackends('optimizer catalogue: five steps match the Keras 3 update rules (float64 reference)', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const opt = c.make();
      expect(opt.learningRate).to.equal(c.lr);
      const t = await runBoth(opt, c.rule(), 5, () => c.lr);
      expectTrajectory(t);
      // the problem is not trivial: the weights moved
      expect(Math.max(...(t.actual[4] as number[]).map((x, i) => Math.abs(x - (W0[i] as number))))).to.be.above(c.minMove ?? 1e-4);
    });
  }

  it('Ftrl with a strong L1 term sets weights to exactly zero', async () => {
    const opt = new Ftrl({learningRate: 0.5, l1RegularizationStrength: 30});
    const t = await runBoth(opt, ftrlRule({...ftrlDefaults, l1: 30}), 5, () => 0.5);
    expectTrajectory(t);
    expect((t.actual[4] as number[]).filter((x) => x === 0).length).to.be.greaterThan(0);
  });

  it('Lion moves every weight by exactly ±lr per step', async () => {
    const t = await runBoth(new Lion({learningRate: 0.125}), lionRule(), 3, () => 0.125);
    const moves = (t.actual[0] as number[]).map((x, i) => Math.abs(x - (W0[i] as number)));
    moves.forEach((m) => expect(m).to.be.closeTo(0.125, 1e-6));
  });

  it('centered RMSprop differs from plain RMSprop, and Nadam from Adam, on this problem', async () => {
    const plain = await runBoth(new RMSprop({learningRate: 0.05, epsilon: 1e-3}), rmspropRule(0.9, 0, 1e-3), 5, () => 0.05);
    const centered = await runBoth(new RMSprop({learningRate: 0.05, epsilon: 1e-3, centered: true}), rmspropRule(0.9, 0, 1e-3, true), 5, () => 0.05);
    expect(Math.abs((plain.actual[4] as number[])[0]! - (centered.actual[4] as number[])[0]!)).to.be.above(1e-3);
    const adam = await runBoth(new Adam({learningRate: 0.1}), adamRule(), 5, () => 0.1);
    const nadam = await runBoth(new Nadam({learningRate: 0.1}), nadamRule(), 5, () => 0.1);
    expect(Math.abs((adam.actual[4] as number[])[0]! - (nadam.actual[4] as number[])[0]!)).to.be.above(1e-3);
  });
});

describe('optimizer catalogue: cpu and wasm agree within float32 tolerance', () => {
  after(async () => {
    await setBackend('cpu');
  });
  it('every optimizer gives the same five-step trajectory on each backend', async function () {
    const backends = testBackends();
    if (backends.length < 2) this.skip();
    const results = new Map<string, number[][]>();
    for (const backend of backends) {
      await setBackend(backend as 'cpu' | 'wasm');
      for (const c of CASES) {
        const t = await runBoth(c.make(), c.rule(), 5, () => c.lr);
        results.set(c.title, [...(results.get(c.title) ?? []), t.actual[4] as number[]]);
      }
    }
    for (const [title, [first, ...others]] of results) {
      for (const other of others) {
        try {
          expectRel(other, first as number[], 2e-6, 1e-7);
        } catch (e) {
          throw new Error(`${title}: ${(e as Error).message}`);
        }
      }
    }
  });
});
