import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, serializeObject, deserializeObject} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {gaussianSamples} from './random.js';
import {
  Constant, GlorotNormal, GlorotUniform, HeNormal, HeUniform, IdentityInitializer, Initializer, LecunNormal, LecunUniform, Ones,
  OrthogonalInitializer, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, Zeros, computeFans, getInitializer,
} from './index.js';

/** Float64 moments of a tensor's values. */
async function moments(t: tf.Tensor): Promise<{mean: number; std: number; min: number; max: number}> {
  const v = Array.from(await t.data());
  const n = v.length;
  let s = 0;
  for (const x of v) s += x;
  const mean = s / n;
  let q = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    q += (x - mean) ** 2;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return {mean, std: Math.sqrt(q / n), min, max};
}

/** Std of the unit normal truncated to [-2, 2], from the published formula (not the constant in the code). */
function truncatedUnitStd(): number {
  // Var = 1 - 2·a·φ(a)/(Φ(a) - Φ(-a)) for a = 2
  const phi = Math.exp(-2) / Math.sqrt(2 * Math.PI);
  // Φ(2) - Φ(-2) = erf(2/√2); erf via a high-precision series
  const x = 2 / Math.SQRT2;
  let term = x;
  let sum = x;
  for (let k = 1; k < 60; k++) {
    term *= (-x * x) / k;
    sum += term / (2 * k + 1);
  }
  const z = (2 / Math.sqrt(Math.PI)) * sum;
  return Math.sqrt(1 - (2 * 2 * phi) / z);
}

describe('computeFans', () => {
  it('follows Keras for rank 0 to 4', () => {
    expect(computeFans([])).to.deep.equal({fanIn: 1, fanOut: 1});
    expect(computeFans([7])).to.deep.equal({fanIn: 7, fanOut: 7});
    expect(computeFans([3, 5])).to.deep.equal({fanIn: 3, fanOut: 5});
    // Conv1D kernel [width, in, out]: receptive field = width
    expect(computeFans([4, 3, 8])).to.deep.equal({fanIn: 12, fanOut: 32});
    // Conv2D kernel [h, w, in, out]: receptive field = h·w = 15
    expect(computeFans([3, 5, 2, 6])).to.deep.equal({fanIn: 30, fanOut: 90});
  });
});

describeBackends('initializers', () => {
  it('zeros / ones / constant fill the shape', async () => {
    await expectNoLeaks(async () => {
      const z = new Zeros().call([2, 3]);
      const o = new Ones().call([4]);
      const c = new Constant({value: -2.5}).call([2, 2]);
      expect(z.shape).to.deep.equal([2, 3]);
      expect(z.dtype).to.equal('float32');
      await expectClose(z, [[0, 0, 0], [0, 0, 0]], 0, 0);
      await expectClose(o, [1, 1, 1, 1], 0, 0);
      await expectClose(c, [[-2.5, -2.5], [-2.5, -2.5]], 0, 0);
      const zi = new Zeros().call([3], 'int32');
      expect(zi.dtype).to.equal('int32');
      tf.dispose([z, o, c, zi]);
    });
  });

  it('constant defaults to 0 and rejects non-finite values', async () => {
    const c = new Constant().call([2]);
    await expectClose(c, [0, 0], 0, 0);
    c.dispose();
    expect(() => new Constant({value: NaN})).to.throw(ValueError, /value must be a finite number, received/);
    expect(() => new Constant({value: Infinity})).to.throw(ValueError, /received Infinity/);
  });

  it('glorotUniform stays within ±√(6/(fanIn+fanOut)) with mean≈0 and variance≈limit²/3', async () => {
    const shape = [200, 300];
    const limit = Math.sqrt(6 / (200 + 300));
    const t = new GlorotUniform({seed: 7}).call(shape);
    const m = await moments(t);
    t.dispose();
    expect(m.min).to.be.at.least(-limit);
    expect(m.max).to.be.at.most(limit);
    // 60000 draws: std error of the mean ≈ limit/√3/245 ≈ 1.4e-4
    expect(Math.abs(m.mean)).to.be.below(0.002);
    const variance = (limit * limit) / 3;
    expect(Math.abs(m.std ** 2 - variance) / variance).to.be.below(0.03);
    // the draw covers most of the interval
    expect(m.max).to.be.above(0.99 * limit);
    expect(m.min).to.be.below(-0.99 * limit);
  });

  it('glorotUniform uses the receptive field for conv kernels', async () => {
    const shape = [3, 3, 16, 32];
    const limit = Math.sqrt(6 / (3 * 3 * 16 + 3 * 3 * 32));
    const t = new GlorotUniform({seed: 3}).call(shape);
    const m = await moments(t);
    t.dispose();
    expect(m.max).to.be.at.most(limit);
    expect(m.max).to.be.above(0.98 * limit);
  });

  it('heNormal is a normal truncated at 2σ with sample std √(2/fanIn)', async () => {
    const fanIn = 400;
    const t = new HeNormal({seed: 11}).call([fanIn, 250]);
    const m = await moments(t);
    t.dispose();
    const target = Math.sqrt(2 / fanIn);
    expect(Math.abs(m.std - target) / target).to.be.below(0.03);
    expect(Math.abs(m.mean)).to.be.below(0.003 * 10 * target);
    // σ of the underlying (untruncated) normal
    const sigma = target / truncatedUnitStd();
    expect(m.max).to.be.at.most(2 * sigma * (1 + 1e-6));
    expect(m.min).to.be.at.least(-2 * sigma * (1 + 1e-6));
    expect(m.max).to.be.above(1.9 * sigma);
  });

  it('glorotNormal, heUniform, lecunUniform, lecunNormal have the published spreads', async () => {
    const [fi, fo] = [300, 200];
    const gn = new GlorotNormal({seed: 1}).call([fi, fo]);
    const hu = new HeUniform({seed: 1}).call([fi, fo]);
    const lu = new LecunUniform({seed: 1}).call([fi, fo]);
    const ln = new LecunNormal({seed: 1}).call([fi, fo]);
    const [mgn, mhu, mlu, mln] = await Promise.all([gn, hu, lu, ln].map(moments));
    tf.dispose([gn, hu, lu, ln]);
    const rel = (a: number, b: number): number => Math.abs(a - b) / b;
    expect(rel(mgn!.std, Math.sqrt(2 / (fi + fo)))).to.be.below(0.03);
    expect(mhu!.max).to.be.at.most(Math.sqrt(6 / fi));
    expect(rel(mhu!.std, Math.sqrt(6 / fi) / Math.sqrt(3))).to.be.below(0.03);
    expect(mlu!.max).to.be.at.most(Math.sqrt(3 / fi));
    expect(rel(mlu!.std, Math.sqrt(1 / fi))).to.be.below(0.03);
    expect(rel(mln!.std, Math.sqrt(1 / fi))).to.be.below(0.03);
  });

  it('varianceScaling untruncated_normal fan_out has variance scale/fanOut', async () => {
    const t = new VarianceScaling({scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 5}).call([100, 600]);
    const m = await moments(t);
    t.dispose();
    const target = Math.sqrt(3 / 600);
    expect(Math.abs(m.std - target) / target).to.be.below(0.03);
    // untruncated: some values beyond 2σ exist in 60000 draws (expected ≈ 2.3%·2)
    expect(m.max).to.be.above(3 * target);
  });

  it('randomNormal has the requested moments (default stddev 0.05)', async () => {
    const t = new RandomNormal({mean: 1.5, stddev: 0.2, seed: 9}).call([50000]);
    const m = await moments(t);
    t.dispose();
    expect(Math.abs(m.mean - 1.5)).to.be.below(0.004);
    expect(Math.abs(m.std - 0.2) / 0.2).to.be.below(0.02);
    const d = new RandomNormal({seed: 2}).call([50000]);
    const md = await moments(d);
    d.dispose();
    expect(Math.abs(md.mean)).to.be.below(0.002);
    expect(Math.abs(md.std - 0.05) / 0.05).to.be.below(0.02);
    expect(() => new RandomNormal({stddev: -1})).to.throw(ValueError, /stddev must be >= 0, received -1/);
  });

  it('seeded initializers repeat across instances and across calls (Keras 3)', async () => {
    for (const make of [() => new GlorotUniform({seed: 42}), () => new HeNormal({seed: 42}), () => new RandomNormal({seed: 42})] as (() => Initializer)[]) {
      const a = make();
      const b = make();
      const a1 = a.call([5, 4]);
      const b1 = b.call([5, 4]);
      await expectClose(a1, b1, 0, 0);
      const a2 = a.call([5, 4]);
      const b2 = b.call([5, 4]);
      await expectClose(a2, b2, 0, 0);
      await expectClose(a1, a2, 0, 0);
      tf.dispose([a1, b1, a2, b2]);
    }
  });

  it('different seeds give different values', async () => {
    const a = new GlorotUniform({seed: 1}).call([10]);
    const b = new GlorotUniform({seed: 2}).call([10]);
    const av = Array.from(await a.data());
    const bv = Array.from(await b.data());
    expect(av).to.not.deep.equal(bv);
    tf.dispose([a, b]);
  });

  it('rejects bad seed, scale, mode and distribution naming the value', () => {
    expect(() => new GlorotUniform({seed: 1.5})).to.throw(ValueError, /seed must be an integer or null, received 1.5/);
    expect(() => new VarianceScaling({scale: 0})).to.throw(ValueError, /scale must be a positive number, received 0/);
    expect(() => new VarianceScaling({mode: 'fan_x' as never})).to.throw(ValueError, /mode must be one of fan_in, fan_out, fan_avg, received "fan_x"/);
    expect(() => new VarianceScaling({distribution: 'normal' as never})).to.throw(ValueError, /received "normal"/);
  });
});

describe('initializers: seeds agree across backends', () => {
  it('a seeded draw is identical on cpu and wasm', async () => {
    const {setBackend} = await import('../backend/backend.js');
    const draws: number[][] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await setBackend(backend);
      for (const init of [new GlorotUniform({seed: 123}), new HeNormal({seed: 123}), new RandomNormal({seed: 123}), new RandomUniform({seed: 123}), new TruncatedNormal({seed: 123})]) {
        const t = init.call([6, 7]);
        draws.push(Array.from(await t.data()));
        t.dispose();
      }
    }
    expect(draws[5]).to.deep.equal(draws[0]);
    expect(draws[6]).to.deep.equal(draws[1]);
    expect(draws[7]).to.deep.equal(draws[2]);
    expect(draws[8]).to.deep.equal(draws[3]);
    expect(draws[9]).to.deep.equal(draws[4]);
  });
});

describe('getInitializer', () => {
  it('accepts snake_case, camelCase and PascalCase names', () => {
    for (const name of ['glorot_uniform', 'glorotUniform', 'GlorotUniform']) {
      expect(getInitializer(name)).to.be.instanceOf(GlorotUniform);
    }
    expect(getInitializer('he_normal')).to.be.instanceOf(HeNormal);
    expect(getInitializer('lecun_uniform')).to.be.instanceOf(LecunUniform);
    expect(getInitializer('zeros')).to.be.instanceOf(Zeros);
    expect(getInitializer('Ones')).to.be.instanceOf(Ones);
    expect(getInitializer('random_normal')).to.be.instanceOf(RandomNormal);
    expect(getInitializer('variance_scaling')).to.be.instanceOf(VarianceScaling);
  });

  it('resolves every catalogue initializer and the Keras 3 / Keras 2 / TF.js aliases', () => {
    const cases: [string, typeof Initializer][] = [
      ['random_uniform', RandomUniform], ['randomUniform', RandomUniform], ['uniform', RandomUniform],
      ['truncated_normal', TruncatedNormal], ['TruncatedNormal', TruncatedNormal], ['normal', RandomNormal],
      ['orthogonal', OrthogonalInitializer], ['Orthogonal', OrthogonalInitializer], ['orthogonal_initializer', OrthogonalInitializer],
      ['identity', IdentityInitializer], ['IdentityInitializer', IdentityInitializer], ['glorot_normal', GlorotNormal],
      ['he_uniform', HeUniform], ['lecun_normal', LecunNormal], ['lecunNormal', LecunNormal], ['one', Ones], ['zero', Zeros],
    ];
    for (const [name, cls] of cases) expect(getInitializer(name), name).to.be.instanceOf(cls);
    // a resolved alias is an instance of the canonical class (and serializes under its Keras 3 name)
    expect(getInitializer('orthogonal').constructor).to.equal(OrthogonalInitializer);
    expect(serializeObject(getInitializer('identity')).className).to.equal('IdentityInitializer');
  });

  it('reads Keras 2 / TF.js envelopes (Orthogonal, Identity, LeCunNormal)', () => {
    const o = getInitializer({module: null, className: 'Orthogonal', config: {gain: 2, seed: 5}, registeredName: null});
    expect(o.constructor).to.equal(OrthogonalInitializer);
    expect(o.getConfig()).to.deep.equal({gain: 2, seed: 5});
    const i = getInitializer({module: null, className: 'Identity', config: {gain: 0.5}, registeredName: null});
    expect(i.constructor).to.equal(IdentityInitializer);
    expect(i.getConfig()).to.deep.equal({gain: 0.5});
    const l = getInitializer({module: null, className: 'LeCunNormal', config: {seed: 3}, registeredName: null});
    expect(l.constructor).to.equal(LecunNormal);
    expect(l.getConfig()).to.deep.equal({seed: 3});
  });

  it('returns instances as they are', () => {
    const init = new HeUniform({seed: 1});
    expect(getInitializer(init)).to.equal(init);
  });

  it('accepts Keras envelopes', () => {
    const init = getInitializer({module: 'keras.initializers', className: 'RandomNormal', config: {mean: 2, stddev: 0.5, seed: 4}, registeredName: null});
    expect(init).to.be.instanceOf(RandomNormal);
    expect(init.getConfig()).to.deep.equal({mean: 2, stddev: 0.5, seed: 4});
    const c = getInitializer({module: 'keras.initializers', className: 'Constant', config: {value: 3}, registeredName: null});
    expect((c as Constant).value).to.equal(3);
  });

  it('fails on unknown names listing the valid ones', () => {
    let message = '';
    try {
      getInitializer('glorot_uniformm');
    } catch (e) {
      expect(e).to.be.instanceOf(ValueError);
      message = (e as Error).message;
    }
    expect(message).to.match(/"glorot_uniformm"/);
    for (const valid of ['glorot_uniform', 'he_normal', 'zeros', 'ones', 'constant', 'random_normal', 'variance_scaling', 'random_uniform', 'truncated_normal', 'orthogonal', 'identity']) {
      expect(message).to.include(valid);
    }
  });
});

describe('initializer config round trip', () => {
  it('getConfig gives Keras fields and fromConfig rebuilds an equal initializer', async () => {
    const cases: Initializer[] = [
      new Zeros(), new Ones(), new Constant({value: 0.25}), new RandomNormal({mean: 1, stddev: 2, seed: 3}),
      new VarianceScaling({scale: 2, mode: 'fan_avg', distribution: 'uniform', seed: 5}),
      new GlorotUniform({seed: 6}), new GlorotNormal(), new HeNormal({seed: 7}), new HeUniform(), new LecunNormal(), new LecunUniform({seed: 8}),
      new RandomUniform({minval: -1, maxval: 2, seed: 9}), new TruncatedNormal({mean: 0.5, stddev: 0.1, seed: 10}),
      new OrthogonalInitializer({gain: 1.2, seed: 11}), new IdentityInitializer({gain: 3}),
      new VarianceScaling({scale: 0.5, mode: 'fan_out', distribution: 'untruncated_normal'}),
    ];
    for (const init of cases) {
      const envelope = serializeObject(init);
      expect(envelope.module).to.equal('keras.initializers');
      expect(envelope.className).to.equal((init.constructor as typeof Initializer).className);
      const back = deserializeObject<Initializer>('initializer', JSON.parse(JSON.stringify(envelope)));
      expect(back.constructor).to.equal(init.constructor);
      expect(back.getConfig()).to.deep.equal(init.getConfig());
    }
    expect(new GlorotUniform({seed: 6}).getConfig()).to.deep.equal({seed: 6});
    expect(new GlorotUniform().getConfig()).to.deep.equal({seed: null});
    expect(new VarianceScaling().getConfig()).to.deep.equal({scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null});
    expect(new RandomUniform().getConfig()).to.deep.equal({minval: -0.05, maxval: 0.05, seed: null});
    expect(new TruncatedNormal().getConfig()).to.deep.equal({mean: 0, stddev: 0.05, seed: null});
    expect(new OrthogonalInitializer().getConfig()).to.deep.equal({gain: 1, seed: null});
    expect(new IdentityInitializer().getConfig()).to.deep.equal({gain: 1});
    expect(serializeObject(new OrthogonalInitializer({seed: 1}))).to.deep.equal({module: 'keras.initializers', className: 'OrthogonalInitializer', config: {gain: 1, seed: 1}, registeredName: null});
    // a seeded round-tripped initializer draws the same values
    const a = new HeNormal({seed: 99});
    const b = deserializeObject<Initializer>('initializer', serializeObject(a));
    const ta = a.call([3, 3]);
    const tb = b.call([3, 3]);
    await expectClose(ta, tb, 0, 0);
    tf.dispose([ta, tb]);
  });
});

describe('gaussianSamples', () => {
  it('draws standard normal values, repeatable for a seed', () => {
    const a = gaussianSamples(20001, 3);
    expect(Array.from(gaussianSamples(5, 3))).to.deep.equal(Array.from(a.slice(0, 5)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(mean).to.be.closeTo(0, 0.03);
    expect(variance).to.be.closeTo(1, 0.05);
    expect(Array.from(gaussianSamples(5, 4))).to.not.deep.equal(Array.from(a.slice(0, 5)));
  });
});
