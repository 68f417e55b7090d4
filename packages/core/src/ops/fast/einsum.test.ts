import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath} from './backend-choice.js';
import {einsum} from './einsum.js';
import {expectArraysClose, ownGradients, randArray, size, weightedSum} from './reference.test.helpers.js';

interface EqCase {
  equation: string;
  shapes: number[][];
  /** The output shape the equation must give (checks the implicit-output rule too). */
  out: number[];
}

// keras/src/layers/attention/multi_head_attention.py builds these: _build_proj_equation gives the
// projections ('abc,cde->abde' for query/key/value, 'abcd,cde->abe' for the output) and
// _build_attention_equation the scores and the combination, for 1-D attention (rank 4) and 2-D
// attention (rank 5, attention_axes=(1, 2)).
const CASES: EqCase[] = [
  {equation: 'abc,cde->abde', shapes: [[2, 3, 4], [4, 2, 3]], out: [2, 3, 2, 3]},
  {equation: 'abcd,cde->abe', shapes: [[2, 3, 2, 3], [2, 3, 4]], out: [2, 3, 4]},
  {equation: 'aecd,abcd->acbe', shapes: [[2, 4, 2, 3], [2, 3, 2, 3]], out: [2, 2, 3, 4]},
  {equation: 'acbe,aecd->abcd', shapes: [[2, 2, 3, 4], [2, 4, 2, 3]], out: [2, 3, 2, 3]},
  {equation: 'afgde,abcde->adbcfg', shapes: [[2, 2, 3, 2, 2], [2, 3, 2, 2, 2]], out: [2, 2, 3, 2, 2, 3]},
  {equation: 'adbcfg,afgde->abcde', shapes: [[2, 2, 3, 2, 2, 3], [2, 2, 3, 2, 2]], out: [2, 3, 2, 2, 2]},
  {equation: 'ij,jk->ik', shapes: [[3, 4], [4, 5]], out: [3, 5]},
  {equation: 'bij,bjk->bik', shapes: [[2, 3, 4], [2, 4, 5]], out: [2, 3, 5]},
  {equation: 'bji,bjk->bik', shapes: [[2, 4, 3], [2, 4, 5]], out: [2, 3, 5]},
  {equation: 'bij,bkj->bik', shapes: [[2, 3, 4], [2, 5, 4]], out: [2, 3, 5]},
  {equation: 'ij->ji', shapes: [[3, 4]], out: [4, 3]},
  {equation: 'ij->i', shapes: [[3, 4]], out: [3]},
  {equation: 'ii->i', shapes: [[4, 4]], out: [4]},
  {equation: 'ii->', shapes: [[4, 4]], out: []},
  {equation: 'ij,jk', shapes: [[3, 4], [4, 2]], out: [3, 2]},
  {equation: 'ba', shapes: [[3, 4]], out: [4, 3]},
  {equation: 'i,j->ij', shapes: [[3], [4]], out: [3, 4]},
  {equation: 'i,i->', shapes: [[5], [5]], out: []},
  {equation: 'ab,ab->ab', shapes: [[3, 4], [3, 4]], out: [3, 4]},
  {equation: 'ij,kl->ik', shapes: [[2, 3], [4, 2]], out: [2, 4]},
  {equation: 'iij,jk->ik', shapes: [[3, 3, 4], [4, 2]], out: [3, 2]},
  {equation: 'ij,jk,kl->il', shapes: [[2, 3], [3, 4], [4, 2]], out: [2, 2]},
  {equation: 'Ab,bC->AC', shapes: [[2, 3], [3, 2]], out: [2, 2]},
];

/** Row-major flat index of `idx` in `shape`. */
function flat(idx: number[], shape: number[]): number {
  return idx.reduce((acc, i, axis) => acc * (shape[axis] as number) + i, 0);
}

/**
 * Float64 einsum by explicit loops over every assignment of every index letter: out[o] = Σ Π x_k[...]
 * and, for the gradient of sum(out · w), dx_k[...] += w[o] · Π_{j≠k} x_j[...].
 */
function reference(c: EqCase, xs: Float64Array[], w: Float64Array): {out: Float64Array; grads: Float64Array[]} {
  const [lhs, rhs] = c.equation.includes('->') ? c.equation.split('->') as [string, string] : [c.equation, null];
  const terms = (lhs as string).split(',').map((t) => [...t]);
  const sizes = new Map<string, number>();
  terms.forEach((t, k) => t.forEach((l, axis) => sizes.set(l, (c.shapes[k] as number[])[axis] as number)));
  const outLetters = rhs !== null ? [...rhs] : [...sizes.keys()].filter((l) => terms.flat().filter((m) => m === l).length === 1).sort();
  const all = [...sizes.keys()];
  const out = new Float64Array(size(c.out));
  const grads = xs.map((x) => new Float64Array(x.length));
  const value = new Map<string, number>();
  const visit = (depth: number): void => {
    if (depth === all.length) {
      const at = terms.map((t, k) => flat(t.map((l) => value.get(l) as number), c.shapes[k] as number[]));
      const factors = at.map((p, k) => (xs[k] as Float64Array)[p] as number);
      const o = flat(outLetters.map((l) => value.get(l) as number), c.out);
      out[o] = (out[o] as number) + factors.reduce((a, b) => a * b, 1);
      factors.forEach((_, k) => {
        const others = factors.reduce((a, f, j) => (j === k ? a : a * f), 1);
        (grads[k] as Float64Array)[at[k] as number] = ((grads[k] as Float64Array)[at[k] as number] as number) + (w[o] as number) * others;
      });
      return;
    }
    const letter = all[depth] as string;
    for (let i = 0; i < (sizes.get(letter) as number); i++) {
      value.set(letter, i);
      visit(depth + 1);
    }
  };
  visit(0);
  return {out, grads};
}

function data(c: EqCase, seed: number): {xs: Float64Array[]; w: Float64Array} {
  return {xs: c.shapes.map((s, k) => randArray(size(s), seed + k)), w: randArray(size(c.out), seed + 99)};
}

describeBackends('fast einsum', (backend) => {
  for (const c of CASES) {
    it(`${c.equation}: values and gradients match float64 loops over the index letters`, async () => {
      const {xs, w} = data(c, 7);
      const ref = reference(c, xs, w);
      const ts = xs.map((x, k) => tf.tensor(Float32Array.from(x), c.shapes[k]));
      const y = einsum(c.equation, ...ts);
      expect(y.shape).to.deep.equal(c.out);
      expectArraysClose(await y.data(), ref.out, 'value', 1e-5, 1e-5);
      const ours = await ownGradients((...a) => einsum(c.equation, ...a), xs.map((x, k) => ({values: x, shape: c.shapes[k] as number[]})), w);
      ours.forEach((g, k) => expectArraysClose(g, ref.grads[k] as Float64Array, `d(operand ${k})`, 1e-5, 1e-5));
      tf.dispose([...ts, y]);
    });
  }

  it('gradients agree with central differences (MHA scores equation)', async () => {
    const c = CASES[2] as EqCase;
    const {xs, w} = data(c, 21);
    const [k, q] = xs.map((x, i) => tf.tensor(Float32Array.from(x), c.shapes[i])) as [tf.Tensor, tf.Tensor];
    const ours = await ownGradients((a, b) => einsum(c.equation, a as tf.Tensor, b as tf.Tensor), xs.map((x, i) => ({values: x, shape: c.shapes[i] as number[]})), w);
    expectArraysClose(ours[0] as Float32Array, await numericGradient((a) => weightedSum(einsum(c.equation, a, q), w), k), 'dKey vs numeric', 1e-3, 1e-3);
    expectArraysClose(ours[1] as Float32Array, await numericGradient((b) => weightedSum(einsum(c.equation, k, b), w), q), 'dQuery vs numeric', 1e-3, 1e-3);
    tf.dispose([k, q]);
  });

  if (backend === 'cpu') {
    it('the wasm formulation gives the same values and gradients on cpu', async () => {
      forceFastPath('wasm');
      try {
        for (const c of CASES.slice(0, 4)) {
          const {xs, w} = data(c, 31);
          const ref = reference(c, xs, w);
          const ours = await ownGradients((...a) => einsum(c.equation, ...a), xs.map((x, k) => ({values: x, shape: c.shapes[k] as number[]})), w);
          ours.forEach((g, k) => expectArraysClose(g, ref.grads[k] as Float64Array, `${c.equation} d(operand ${k})`, 1e-5, 1e-5));
        }
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('trains variables through tf.variableGrads and leaks no tensors', async () => {
    const x = tf.randomNormal([2, 3, 4]);
    const kernel = tf.variable(tf.randomNormal([4, 2, 3]));
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(tf.square(einsum('abc,cde->abde', x, kernel))));
      await value.data();
      expect((grads[kernel.name] as tf.Tensor).shape).to.deep.equal([4, 2, 3]);
      const z = tf.zeros([2, 2]);
      tf.dispose([value, ...Object.values(grads), z, einsum('ij->ij', z), einsum('ii->', z)]);
    });
    tf.dispose([x, kernel]);
  });

  it('returns a new tensor for an identity equation (disposing it leaves the operand alive)', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const y = einsum('ij->ij', x);
    y.dispose();
    expect(Array.from(await x.data())).to.deep.equal([1, 2, 3, 4]);
    x.dispose();
  });

  it('rejects malformed equations and misfitting operands, naming them', () => {
    const a = tf.zeros([2, 3]);
    const b = tf.zeros([4, 5]);
    expect(() => einsum('ij,jk->ik', a, b)).to.throw(ShapeError, /index "j" has size 3 and 4/);
    expect(() => einsum('ijk,jk->ik', a, b)).to.throw(ShapeError, /operand 0 has shape \[2,3\] \(rank 2\)/);
    expect(() => einsum('ij->iz', a)).to.throw(ValueError, /output letter "z".*in no operand/);
    expect(() => einsum('ij->ii', a)).to.throw(ValueError, /output letter "i" repeats/);
    expect(() => einsum('ij,jk->ik', a)).to.throw(ValueError, /names 2 operand\(s\), received 1/);
    expect(() => einsum('...j->j', a)).to.throw(ValueError, /ellipsis/);
    expect(() => einsum('i1->i', a)).to.throw(ValueError, /"1"/);
    expect(() => einsum('ij->ji', tf.zeros([2, 2], 'int32'))).to.throw(ValueError, /float32.*int32/);
    tf.dispose([a, b]);
  });
});
