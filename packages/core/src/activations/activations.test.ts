import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {activationNames, getActivation} from './index.js';

const xs = [-3, -1, -0.5, 0, 0.5, 2, 7];

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

describeBackends('activations', () => {
  const cases: [string, (x: number) => number][] = [
    ['linear', (x) => x],
    ['relu', (x) => Math.max(0, x)],
    ['relu6', (x) => Math.min(6, Math.max(0, x))],
    ['sigmoid', sigmoid],
    ['tanh', Math.tanh],
    ['elu', (x) => (x > 0 ? x : Math.exp(x) - 1)],
  ];
  for (const [name, ref] of cases) {
    it(`${name} matches the formula element-wise`, async () => {
      await expectNoLeaks(async () => {
        const x = tf.tensor1d(xs);
        const y = getActivation(name).apply(x);
        await expectClose(y, xs.map(ref), 1e-6, 1e-6);
        if (y !== x) y.dispose();
        x.dispose();
      });
    });
  }

  it('hand-computed spot values', async () => {
    const x = tf.tensor1d([-1, 0, 1, 8]);
    const relu6 = getActivation('relu6').apply(x);
    const elu = getActivation('elu').apply(x);
    const sig = getActivation('sigmoid').apply(x);
    await expectClose(relu6, [0, 0, 1, 6], 0, 0);
    await expectClose(elu, [-0.6321205588, 0, 1, 8], 1e-6);
    await expectClose(sig, [0.2689414214, 0.5, 0.7310585786, 0.9996646499], 1e-6);
    tf.dispose([x, relu6, elu, sig]);
  });

  it('softmax normalises over the last axis', async () => {
    const rows = [[1, 2, 3], [0, 0, 0], [-1, 5, 2]];
    const x = tf.tensor2d(rows);
    const y = getActivation('softmax').apply(x);
    const expected = rows.map((r) => {
      const m = Math.max(...r);
      const e = r.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    // [1,2,3] by hand: e^-2, e^-1, 1 over 1.5032147 = 0.09003057, 0.24472847, 0.66524096
    expect(expected[0]![0]).to.be.closeTo(0.09003057, 1e-8);
    await expectClose(y, expected, 1e-6);
    tf.dispose([x, y]);
  });

  it('softmax is stable for large logits', async () => {
    const x = tf.tensor2d([[1000, 1000], [-1000, 0]]);
    const y = getActivation('softmax').apply(x);
    await expectClose(y, [[0.5, 0.5], [0, 1]], 1e-6);
    tf.dispose([x, y]);
  });
});

describe('getActivation', () => {
  it('resolves names; null and undefined are linear', () => {
    expect(getActivation('relu').name).to.equal('relu');
    expect(getActivation('relu6').name).to.equal('relu6');
    expect(getActivation(null).name).to.equal('linear');
    expect(getActivation(undefined).name).to.equal('linear');
    expect(getActivation(' tanh ').name).to.equal('tanh');
  });

  it('accepts snake_case and camelCase spellings of registered names', () => {
    const custom = {name: 'hard_thing', apply: (x: tf.Tensor) => x, fused: null};
    // registerActivation is exported for custom activations
    return import('./index.js').then(({registerActivation}) => {
      registerActivation(custom);
      expect(getActivation('hard_thing')).to.equal(custom);
      expect(getActivation('hardThing')).to.equal(custom);
      expect(getActivation('HardThing')).to.equal(custom);
    });
  });

  it('passes activation objects through', () => {
    const a = getActivation('sigmoid');
    expect(getActivation(a)).to.equal(a);
  });

  it('lists the valid names on unknown ones', () => {
    expect(() => getActivation('rellu')).to.throw(ValueError, /Unknown activation "rellu"; expected one of .*relu.*sigmoid.*softmax.*tanh/);
    expect(activationNames()).to.include.members(['elu', 'linear', 'relu', 'relu6', 'sigmoid', 'softmax', 'tanh']);
  });

  it('advertises fused forms for element-wise activations only', () => {
    expect(getActivation('relu').fused).to.equal('relu');
    expect(getActivation('softmax').fused).to.equal(null);
  });
});
