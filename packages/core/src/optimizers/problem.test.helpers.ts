/**
 * Test helpers for the optimizers: the fixed least-squares problem `L(w) = Σᵢ (Aᵢ·w − bᵢ)²` with its
 * float64 gradient, and a runner that drives an optimizer and a float64 reference rule side by side.
 */
import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {Variable} from '../variable.js';
import type {Optimizer} from './optimizer.js';

export const A = [[1, 2, 0.5], [0, -1, 1], [3, 0.5, -2], [1, 1, 1]];
export const B = [1, -2, 0.5, 3];
export const W0 = [0.5, -1, 2];

/** ∇L = 2·Aᵀ(Aw − b), in float64. */
export function grad(w: readonly number[]): number[] {
  const r = A.map((row, i) => row.reduce((s, a, j) => s + a * (w[j] as number), 0) - (B[i] as number));
  return w.map((_, j) => 2 * A.reduce((s, row, i) => s + (row[j] as number) * (r[i] as number), 0));
}

/** One update of a reference rule: new weights from weights, gradient, step (0 first) and learning rate. */
export type Rule = (w: number[], g: number[], step: number, lr: number) => number[];

export interface Trajectory {
  /** The optimizer's weights after each step (float32, read back). */
  actual: number[][];
  /** The reference's weights after each step (float64). */
  expected: number[][];
}

/**
 * Runs `steps` updates of `opt` on the fixed problem (gradients computed in float64 from the variable's
 * current value) and of the float64 reference `rule`, starting both from `w0`. Disposes the optimizer.
 */
export async function runBoth(opt: Optimizer, rule: Rule, steps: number, lrAt: (step: number) => number, w0: number[] = W0): Promise<Trajectory> {
  const init = tf.tensor1d(w0);
  const v = new Variable({name: 'w', initialValue: init});
  init.dispose();
  let ref = [...w0];
  const out: Trajectory = {actual: [], expected: []};
  for (let t = 0; t < steps; t++) {
    const g = tf.tensor1d(grad(Array.from(await v.read())));
    opt.applyGradients([{variable: v, gradient: g}]);
    g.dispose();
    ref = rule(ref, grad(ref), t, lrAt(t));
    out.actual.push(Array.from(await v.read()));
    out.expected.push([...ref]);
  }
  v.dispose();
  opt.dispose();
  return out;
}

/** The weights after each of `steps` updates of `opt` on the fixed problem. Disposes the optimizer. */
export async function runOnly(opt: Optimizer, steps: number, w0: number[] = W0): Promise<number[][]> {
  return (await runBoth(opt, (w) => w, steps, () => 0, w0)).actual;
}

/** Element-wise `|actual − expected| <= rtol·|expected| + atol`. */
export function expectRel(actual: readonly number[], expected: readonly number[], rtol = 1e-6, atol = 1e-7): void {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    expect(Math.abs(a - e), `index ${i}: actual ${a}, expected ${e}`).to.be.at.most(rtol * Math.abs(e) + atol);
  });
}

/** Checks the whole trajectory, step by step, within `rtol`. */
export function expectTrajectory(t: Trajectory, rtol = 1e-6): void {
  t.expected.forEach((e, step) => {
    try {
      expectRel(t.actual[step] as number[], e, rtol);
    } catch (err) {
      throw new Error(`after step ${step + 1}: ${(err as Error).message}`);
    }
  });
}
