import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError} from '../errors.js';
import {describeBackends, expectClose, expectNoLeaks} from '../testing/index.js';
import {IdentityInitializer, OrthogonalInitializer} from './index.js';
import {qrOrthonormal} from './qr.js';
import {gaussianSamples} from './random.js';

type Matrix = number[][];

function toMatrix(values: ArrayLike<number>, rows: number, cols: number): Matrix {
  return Array.from({length: rows}, (_, i) => Array.from({length: cols}, (_, j) => values[i * cols + j] as number));
}
/** Float64 AᵀB. */
function tmul(a: Matrix, b: Matrix): Matrix {
  const n = (a[0] as number[]).length;
  const p = (b[0] as number[]).length;
  return Array.from({length: n}, (_, i) => Array.from({length: p}, (_, j) => a.reduce((s, row, k) => s + (row[i] as number) * (b[k]![j] as number), 0)));
}
function transpose(m: Matrix): Matrix {
  return (m[0] as number[]).map((_, j) => m.map((row) => row[j] as number));
}
/** Largest |G - c·I|. */
function maxDeviationFromIdentity(g: Matrix, c = 1): number {
  let worst = 0;
  g.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - (i === j ? c : 0))))));
  return worst;
}

describe('qrOrthonormal (float64 Householder)', () => {
  it('matches a hand computation', () => {
    // A = [[3, 0], [4, 5], [0, 0]]: q₁ = [.6, .8, 0], R₁₂ = q₁·a₂ = 4, a₂ - 4q₁ = [-2.4, 1.8, 0] → q₂ = [-.8, .6, 0], R₂₂ = 3
    const q = qrOrthonormal([3, 0, 4, 5, 0, 0], 3, 2);
    const expected = [0.6, -0.8, 0.8, 0.6, 0, 0];
    expected.forEach((v, i) => expect(q[i]).to.be.closeTo(v, 1e-15));
  });

  it('makes the diagonal of R positive (A = -diag(1, 2) gives Q = -I)', () => {
    const q = qrOrthonormal([-1, 0, 0, -2], 2, 2);
    [-1, 0, 0, -1].forEach((v, i) => expect(q[i]).to.be.closeTo(v, 1e-15));
  });

  it('random 50×20: QᵀQ = I and R = QᵀA is upper triangular with a positive diagonal', () => {
    let s = 12345;
    const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const a = Array.from({length: 50 * 20}, rand);
    const q = toMatrix(qrOrthonormal(a, 50, 20), 50, 20);
    expect(maxDeviationFromIdentity(tmul(q, q))).to.be.below(1e-12);
    const r = tmul(q, toMatrix(a, 50, 20));
    r.forEach((row, i) => row.forEach((v, j) => {
      if (i > j) expect(Math.abs(v)).to.be.below(1e-12);
      if (i === j) expect(v).to.be.above(0);
    }));
  });
});

describeBackends('orthogonal initializer', () => {
  const cases: [number[], number, number][] = [[[64, 32], 64, 32], [[16, 48], 16, 48], [[30, 30], 30, 30], [[3, 3, 8, 16], 72, 16]];
  for (const [shape, rows, cols] of cases) {
    it(`[${shape.join(', ')}] has orthonormal ${rows >= cols ? 'columns' : 'rows'} times the gain`, async () => {
      await expectNoLeaks(async () => {
        const t = new OrthogonalInitializer({gain: 1.5, seed: 21}).call(shape);
        expect(t.shape).to.deep.equal(shape);
        const w = toMatrix(await t.data(), rows, cols);
        t.dispose();
        const gram = rows >= cols ? tmul(w, w) : tmul(transpose(w), transpose(w));
        expect(maxDeviationFromIdentity(gram, 1.5 * 1.5)).to.be.below(2e-5);
      });
    });
  }

  it('is the sign-corrected Q of the QR of the seeded normal draw', async () => {
    // tall: W = Q of a [12, 5] draw; wide [5, 12]: Wᵀ = Q of the [12, 5] draw
    for (const shape of [[12, 5], [5, 12]]) {
      const a = toMatrix(gaussianSamples(60, 31), 12, 5);
      const t = new OrthogonalInitializer({seed: 31}).call(shape);
      let q = toMatrix(await t.data(), shape[0] as number, shape[1] as number);
      t.dispose();
      if ((shape[0] as number) < (shape[1] as number)) q = transpose(q);
      const r = tmul(q, a);
      r.forEach((row, i) => row.forEach((v, j) => {
        if (i > j) expect(Math.abs(v)).to.be.below(1e-5);
        if (i === j) expect(v).to.be.above(0);
      }));
    }
  });

  it('entries of a square orthogonal matrix have the Haar moments: mean 0, variance 1/n, kurtosis 3n/(n+2)', async () => {
    const n = 120;
    const t = new OrthogonalInitializer({seed: 4}).call([n, n]);
    const v = Array.from(await t.data());
    t.dispose();
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const m2 = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    const m4 = v.reduce((a, b) => a + (b - mean) ** 4, 0) / v.length;
    expect(Math.abs(mean)).to.be.below(0.003);
    expect(Math.abs(m2 * n - 1)).to.be.below(1e-3);
    // a uniformly random unit vector in Rⁿ has E[x⁴] = 3/(n(n+2)) per coordinate
    expect(m4 / (m2 * m2)).to.be.closeTo((3 * n) / (n + 2), 0.15);
  });

  it('seeded draws repeat; unseeded ones differ', async () => {
    const a = new OrthogonalInitializer({seed: 9});
    const [a1, a2, b1] = [a.call([6, 4]), a.call([6, 4]), new OrthogonalInitializer({seed: 9}).call([6, 4])];
    await expectClose(a1, a2, 0, 0);
    await expectClose(a1, b1, 0, 0);
    const u = new OrthogonalInitializer();
    const [u1, u2] = [u.call([6, 4]), u.call([6, 4])];
    expect(Array.from(await u1.data())).to.not.deep.equal(Array.from(await u2.data()));
    tf.dispose([a1, a2, b1, u1, u2]);
  });

  it('identity: gain times the (rectangular) identity', async () => {
    const sq = new IdentityInitializer({gain: 2}).call([3, 3]);
    const wide = new IdentityInitializer().call([2, 4]);
    const tall = new IdentityInitializer().call([3, 2]);
    await expectClose(sq, [[2, 0, 0], [0, 2, 0], [0, 0, 2]], 0, 0);
    await expectClose(wide, [[1, 0, 0, 0], [0, 1, 0, 0]], 0, 0);
    await expectClose(tall, [[1, 0], [0, 1], [0, 0]], 0, 0);
    tf.dispose([sq, wide, tall]);
  });
});

describe('orthogonal and identity initializers: validation and backends', () => {
  it('reject bad gains at construction and bad shapes at call', () => {
    expect(() => new OrthogonalInitializer({gain: NaN})).to.throw(ValueError, /OrthogonalInitializer: gain must be a finite number, received NaN/);
    expect(() => new IdentityInitializer({gain: Infinity})).to.throw(ValueError, /IdentityInitializer: gain must be a finite number, received Infinity/);
    expect(() => new OrthogonalInitializer().call([5])).to.throw(ValueError, /at least 2 dimensions, received \[5\]/);
    expect(() => new IdentityInitializer().call([2, 2, 2])).to.throw(ValueError, /only 2D shapes \[rows, cols\] are supported, received \[2,2,2\] of rank 3/);
  });

  it('a seeded orthogonal draw is identical on cpu and wasm', async () => {
    const {setBackend} = await import('../backend/backend.js');
    const draws: number[][] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await setBackend(backend);
      const t = new OrthogonalInitializer({seed: 77, gain: 0.7}).call([3, 3, 4, 10]);
      draws.push(Array.from(await t.data()));
      t.dispose();
    }
    expect(draws[1]).to.deep.equal(draws[0]);
  });
});
