import {expect} from 'chai';
import {ShapeError, ValueError, ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {input} from '../engine/index.js';
import type {SymbolicTensor} from '../engine/index.js';
import {runLayerTest} from '../testing/index.js';
import {Dot} from './dot.js';

/** Float64 reference: out[b, i..., j...] = Σ_k x[b, ..k.., ...]·y[b, ..k.., ...] over axes (a1, a2), written as nested loops over flat indices. */
function refDot(x: number[], xs: number[], y: number[], ys: number[], a1: number, a2: number): number[] {
  const strides = (s: number[]): number[] => s.map((_d, i) => s.slice(i + 1).reduce((p, q) => p * q, 1));
  const [sx, sy] = [strides(xs), strides(ys)];
  const restX = xs.map((_d, i) => i).filter((i) => i !== 0 && i !== a1);
  const restY = ys.map((_d, i) => i).filter((i) => i !== 0 && i !== a2);
  const index = (dims: number[], shape: number[], n: number): number[] => {
    const out: number[] = [];
    for (let i = dims.length - 1; i >= 0; i--) {
      const size = shape[dims[i] as number] as number;
      out[i] = n % size;
      n = Math.floor(n / size);
    }
    return out;
  };
  const nx = restX.reduce((p, i) => p * (xs[i] as number), 1), ny = restY.reduce((p, i) => p * (ys[i] as number), 1);
  const out: number[] = [];
  for (let b = 0; b < (xs[0] as number); b++) for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) {
    const ix = index(restX, xs, i), iy = index(restY, ys, j);
    let s = 0;
    for (let k = 0; k < (xs[a1] as number); k++) {
      let px = b * (sx[0] as number) + k * (sx[a1] as number), py = b * (sy[0] as number) + k * (sy[a2] as number);
      restX.forEach((d, t) => (px += (ix[t] as number) * (sx[d] as number)));
      restY.forEach((d, t) => (py += (iy[t] as number) * (sy[d] as number)));
      s += (x[px] as number) * (y[py] as number);
    }
    out.push(s);
  }
  return out;
}

describeBackends('Dot', () => {
  it('passes the shared layer test (int and pair axes, negative axes, normalize, ranks 2 to 4)', async () => {
    await runLayerTest({create: () => new Dot({axes: 1}), inputShape: [[2, 3], [2, 3]], expectedOutputShape: [2, 1], expectedWeights: []});
    await runLayerTest({create: () => new Dot({axes: [2, 2]}), inputShape: [[2, 3, 4], [2, 5, 4]], expectedOutputShape: [2, 3, 5], expectedWeights: []});
    await runLayerTest({create: () => new Dot({axes: [-1, 1], normalize: true}), inputShape: [[2, 3, 4], [2, 4, 5]], expectedOutputShape: [2, 3, 5], expectedWeights: []});
    await runLayerTest({create: () => new Dot({axes: [1, 2]}), inputShape: [[2, 3, 2, 2], [2, 4, 3]], expectedOutputShape: [2, 2, 2, 4], expectedWeights: []});
    await runLayerTest({create: () => new Dot({axes: -1}), inputShape: [[2, 4], [2, 3, 4]], expectedOutputShape: [2, 3], expectedWeights: []});
  });

  it('matches the keras/src/layers/merging/dot.py docstring example, by hand', async () => {
    // x = arange(10).reshape(1, 5, 2), y = arange(10, 20).reshape(1, 2, 5), axes (1, 2):
    // out[i][j] = Σ_k x[k][i]·y[j][k] -> [[260, 360], [320, 445]].
    const x = ops.reshape(ops.range(0, 10), [1, 5, 2]);
    const y = ops.reshape(ops.range(10, 20), [1, 2, 5]);
    await expectClose(new Dot({axes: [1, 2]}).apply([x, y]), [[[260, 360], [320, 445]]]);
    ops.dispose([x, y]);
  });

  it('matches a loop reference for several axis choices', async () => {
    const cases: Array<{xs: number[]; ys: number[]; axes: [number, number]}> = [
      {xs: [2, 3, 4], ys: [2, 4, 5], axes: [2, 1]},
      {xs: [2, 3, 2, 4], ys: [2, 2, 5], axes: [2, 1]},
      {xs: [1, 4, 3], ys: [1, 2, 3, 4], axes: [1, 3]},
    ];
    for (const c of cases) {
      const n = (s: number[]): number => s.reduce((p, q) => p * q, 1);
      const xv = Array.from({length: n(c.xs)}, (_v, i) => Math.sin(i + 1));
      const yv = Array.from({length: n(c.ys)}, (_v, i) => Math.cos(2 * i));
      const [x, y] = [tensor(xv, c.xs), tensor(yv, c.ys)];
      const out = new Dot({axes: c.axes}).apply([x, y]);
      await expectClose(ops.reshape(out, [-1]), refDot(xv, c.xs, yv, c.ys, c.axes[0], c.axes[1]), 1e-5, 1e-5);
      ops.dispose([x, y, out]);
    }
  });

  it('normalize gives the cosine similarity, and 0 for a zero vector', async () => {
    const x = tensor([[3, 4], [0, 0]]);
    const y = tensor([[4, 3], [1, 2]]);
    await expectClose(new Dot({axes: 1, normalize: true}).apply([x, y]), [[24 / 25], [0]], 1e-6);
    ops.dispose([x, y]);
  });

  it('gives symbolic shapes and refuses bad axes and shapes, naming them (keras/src/layers/merging/dot.py)', () => {
    const out = new Dot({axes: [2, 1]}).apply([input({shape: [3, 4]}), input({shape: [4, 6]})]) as SymbolicTensor;
    expect(out.shape).to.deep.equal([null, 3, 6]);
    expect(() => new Dot({axes: [1, 2, 3]} as never)).to.throw(ValueError, /Dot: axes must be an integer or a list of two integers, received \[1, ?2, ?3\]/);
    expect(() => new Dot({axes: 1.5})).to.throw(ValueError, /received 1.5/);
    expect(() => new Dot({axes: 0}).computeOutputShape([[null, 3], [null, 3]])).to.throw(ValueError, /batch axis 0/);
    expect(() => new Dot({axes: 3, name: 'd'}).computeOutputShape([[null, 3], [null, 3]])).to.throw(ValueError, /Dot "d": axis 3 is out of range/);
    expect(() => new Dot({axes: 1}).computeOutputShape([[null, 3], [null, 4]])).to.throw(ShapeError, /size 3 at axis 1 .* differs from size 4/);
    expect(() => new Dot({axes: 1}).computeOutputShape([[null, 3], [null, 3], [null, 3]])).to.throw(ValueError, /exactly 2 inputs, received 3/);
    expect(() => new Dot({axes: 1}).computeOutputShape([[null, 3], [null]])).to.throw(ShapeError, /rank 2 or more/);
    const x = ops.zeros([2, 3]);
    expect(() => new Dot({axes: 1}).apply([x, ops.zeros([3, 3]) as Tensor])).to.throw(ShapeError, /different batch sizes/);
    x.dispose();
  });
});
