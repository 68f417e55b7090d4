import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject} from '../index.js';
import {OrthogonalInitializer} from '../initializers/index.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../testing/index.js';
import {L2, OrthogonalRegularizer, getRegularizer} from './index.js';
import type {Regularizer} from './index.js';

/** Float64 reference: factor · mean over pairs i<j of |cos(vᵢ, vⱼ)|, vectors = rows or columns. */
function orthogonalPenalty(w: number[][], factor: number, mode: 'rows' | 'columns'): number {
  const vs = mode === 'rows' ? w : (w[0] as number[]).map((_, j) => w.map((r) => r[j] as number));
  const unit = vs.map((v) => {
    const norm = Math.sqrt(Math.max(v.reduce((s, x) => s + x * x, 0), 1e-12));
    return v.map((x) => x / norm);
  });
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < unit.length; i++) {
    for (let j = i + 1; j < unit.length; j++) {
      sum += Math.abs(unit[i]!.reduce((s, x, k) => s + x * (unit[j]![k] as number), 0));
      pairs++;
    }
  }
  return pairs === 0 ? 0 : (factor * sum) / pairs;
}

describeBackends('orthogonal regularizer', () => {
  it('by hand: rows [1,0], [1,1], [0,2] give factor·√2/3; columns give factor/√10', async () => {
    // rows: cosines 1/√2, 0, 1/√2 → mean √2/3; columns [1,1,0]/√2 · [0,1,2]/√5 = 1/√10
    const w = tf.tensor2d([[1, 0], [1, 1], [0, 2]]);
    await expectNoLeaks(async () => {
      const rows = new OrthogonalRegularizer().call(w);
      const cols = new OrthogonalRegularizer({factor: 0.5, mode: 'columns'}).call(w);
      expect(rows.shape).to.deep.equal([]);
      await expectClose(rows, (0.01 * Math.SQRT2) / 3, 1e-8, 1e-6);
      await expectClose(cols, 0.5 / Math.sqrt(10), 1e-8, 1e-6);
      tf.dispose([rows, cols]);
    });
    w.dispose();
  });

  it('matches the float64 reference on a random matrix, including a zero row', async () => {
    const values = [[0.3, -1.2, 0.8, 0.1], [1.5, 0.2, -0.4, 0.9], [0, 0, 0, 0], [-0.6, 0.7, 1.1, -2], [0.05, 0.4, -0.3, 0.2]];
    const w = tf.tensor2d(values);
    for (const mode of ['rows', 'columns'] as const) {
      const p = new OrthogonalRegularizer({factor: 2, mode}).call(w);
      await expectClose(p, orthogonalPenalty(values, 2, mode), 1e-6, 1e-5);
      p.dispose();
    }
    w.dispose();
  });

  it('is zero for an orthogonal matrix and for a single row', async () => {
    const q = new OrthogonalInitializer({seed: 2}).call([8, 5]);
    const p = new OrthogonalRegularizer({factor: 1, mode: 'columns'}).call(q);
    await expectClose(p, 0, 1e-6);
    const single = tf.tensor2d([[1, 2, 3]]);
    const ps = new OrthogonalRegularizer().call(single);
    await expectClose(ps, 0, 0);
    tf.dispose([q, p, single, ps]);
  });

  it('is differentiable (it is added to the training loss): gradients match central differences', async () => {
    const w = tf.tensor2d([[0.3, -1.2, 0.8], [1.5, 0.2, -0.4], [-0.6, 0.7, 1.1], [0.9, 0.4, -0.3]]);
    for (const reg of [new OrthogonalRegularizer({factor: 1}), new OrthogonalRegularizer({factor: 1, mode: 'columns'}), new L2({l2: 0.5})] as Regularizer[]) {
      const f = (t: tf.Tensor): tf.Tensor => reg.call(t);
      const analytic = tf.grad(f)(w);
      const numeric = await numericGradient(f, w, 1e-3);
      await expectClose(analytic, Array.from(numeric), 2e-3, 2e-3);
      analytic.dispose();
    }
    w.dispose();
  });
});

describe('orthogonal regularizer: validation, names and config', () => {
  it('rejects bad factors, modes and non-2D weights naming the value', () => {
    expect(() => new OrthogonalRegularizer({factor: -1})).to.throw(ValueError, /OrthogonalRegularizer: factor must be a finite number >= 0, received -1/);
    expect(() => new OrthogonalRegularizer({mode: 'diag' as never})).to.throw(ValueError, /mode must be one of rows, columns, received "diag"/);
    const w = tf.zeros([2, 2, 2]);
    expect(() => new OrthogonalRegularizer().call(w)).to.throw(ValueError, /must be 2D, received a tensor of shape \[2, 2, 2\]/);
    w.dispose();
  });

  it('resolves by name in both spellings and round-trips through its envelope', () => {
    for (const name of ['orthogonal_regularizer', 'orthogonalRegularizer', 'OrthogonalRegularizer']) {
      const r = getRegularizer(name) as OrthogonalRegularizer;
      expect(r).to.be.instanceOf(OrthogonalRegularizer);
      expect(r.getConfig()).to.deep.equal({factor: 0.01, mode: 'rows'});
    }
    const r = new OrthogonalRegularizer({factor: 0.2, mode: 'columns'});
    const env = serializeObject(r);
    expect(env).to.deep.equal({module: 'keras.regularizers', className: 'OrthogonalRegularizer', config: {factor: 0.2, mode: 'columns'}, registeredName: null});
    const back = deserializeObject<Regularizer>('regularizer', JSON.parse(JSON.stringify(env)));
    expect(back).to.be.instanceOf(OrthogonalRegularizer);
    expect(back.getConfig()).to.deep.equal(r.getConfig());
    expect(() => getRegularizer('orthogonall')).to.throw(ValueError, /Unknown regularizer "orthogonall"; expected one of .*l1.*l2.*orthogonal_regularizer/);
  });
});
