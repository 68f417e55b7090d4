import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import '../backend/backend.js'; // registers the cpu backend when this file runs alone
import {flatten, mapStructure, packSequenceAs} from './index.js';
import type {Nested} from './index.js';

const isNum = (v: unknown): v is number => typeof v === 'number';
const isTensor = (v: unknown): v is tf.Tensor => v instanceof tf.Tensor;

describe('tree', () => {
  it('flatten: leaves, lists, records with sorted keys, depth first', () => {
    expect(flatten(5, isNum)).to.deep.equal([5]);
    expect(flatten([1, [2, [3, 4]], 5], isNum)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(flatten({b: 2, a: 1, c: 3}, isNum)).to.deep.equal([1, 2, 3]);
    const s: Nested<number> = {z: [1, {y: 2, x: 3}], a: 4, m: {k: [5, 6]}};
    expect(flatten(s, isNum)).to.deep.equal([4, 5, 6, 1, 3, 2]);
    expect(flatten([], isNum)).to.deep.equal([]);
    expect(flatten({}, isNum)).to.deep.equal([]);
  });

  it('flatten treats tensors as leaves, not records', () => {
    const a = tf.scalar(1);
    const b = tf.scalar(2);
    expect(flatten({out2: b, out1: [a]}, isTensor)).to.deep.equal([a, b]);
    tf.dispose([a, b]);
  });

  it('flatten rejects values that are neither leaves nor containers', () => {
    expect(() => flatten([1, 'two' as unknown as number], isNum)).to.throw(TypeError, /flatten: unexpected value "two"/);
    expect(() => flatten([1, null as unknown as number], isNum)).to.throw(TypeError);
  });

  it('mapStructure keeps the structure; indices follow flatten order', () => {
    const s: Nested<number> = {b: [10, 20], a: {y: 30, x: 40}};
    const out = mapStructure(s, isNum, (v, i) => `${v}@${i}`);
    // sorted: a.x=40 (0), a.y=30 (1), b[0]=10 (2), b[1]=20 (3)
    expect(out).to.deep.equal({a: {x: '40@0', y: '30@1'}, b: ['10@2', '20@3']});
    expect(Object.keys(out as object)).to.deep.equal(['a', 'b']);
    expect(mapStructure(7, isNum, (v) => v * 2)).to.equal(14);
    expect(mapStructure([[1], [2, 3]], isNum, (v) => -v)).to.deep.equal([[-1], [-2, -3]]);
  });

  it('packSequenceAs inverts flatten', () => {
    const s: Nested<number> = {outB: [0, 0], outA: 0, nested: {q: 0, p: [0]}};
    const flat = flatten(s, isNum).map((_, i) => `v${i}`);
    const packed = packSequenceAs(s, isNum, flat);
    // sorted keys: nested.p[0], nested.q, outA, outB[0], outB[1]
    expect(packed).to.deep.equal({nested: {p: ['v0'], q: 'v1'}, outA: 'v2', outB: ['v3', 'v4']});
    expect(flatten(packed as Nested<string>, (v): v is string => typeof v === 'string')).to.deep.equal(flat);
    expect(packSequenceAs([0, [0, 0]], isNum, ['a', 'b', 'c'])).to.deep.equal(['a', ['b', 'c']]);
  });

  it('packSequenceAs rejects the wrong number of values', () => {
    expect(() => packSequenceAs([0, 0, 0], isNum, [1, 2])).to.throw(TypeError, /the structure has 3 leaves, received 2 values/);
  });
});
