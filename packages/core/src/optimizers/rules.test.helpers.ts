/**
 * Float64 transcriptions of the published Keras 3 update rules, one element at a time, written from the
 * formulas (not by calling the implementation). Each factory returns a stateful {@link Rule}.
 */
import type {Rule} from './problem.test.helpers.js';

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** Decoupled weight decay in front of any rule: `w ← w − w·wd·lr`, then the rule (same gradient). */
export function withWeightDecay(rule: Rule, wd: number): Rule {
  return (w, g, t, lr) => rule(w.map((x) => x - x * wd * lr), g, t, lr);
}

/** SGD: `v ← μv − ηg; w ← w + v` (Nesterov `w ← w + μv − ηg`). */
export function sgdRule(momentum = 0, nesterov = false): Rule {
  let v: number[] = [];
  return (w, g, _t, lr) => {
    if (momentum === 0) return w.map((x, i) => x - lr * g[i]!);
    if (v.length === 0) v = zeros(w.length);
    v = v.map((vi, i) => momentum * vi - lr * g[i]!);
    return w.map((x, i) => (nesterov ? x + momentum * v[i]! - lr * g[i]! : x + v[i]!));
  };
}

/** Adam / AMSGrad with Keras's folded bias correction. */
export function adamRule(b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false): Rule {
  let m: number[] = [];
  let v: number[] = [];
  let vmax: number[] = [];
  return (w, g, step, lr) => {
    if (m.length === 0) [m, v, vmax] = [zeros(w.length), zeros(w.length), zeros(w.length)];
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    vmax = vmax.map((h, i) => Math.max(h, v[i]!));
    const denom = amsgrad ? vmax : v;
    return w.map((x, i) => x - (alpha * m[i]!) / (Math.sqrt(denom[i]!) + eps));
  };
}

/** Adagrad: `a ← a + g²; w ← w − ηg/√(a + ε)`, `a` starting at `init`. */
export function adagradRule(init = 0.1, eps = 1e-7): Rule {
  let a: number[] = [];
  return (w, g, _t, lr) => {
    if (a.length === 0) a = w.map(() => init);
    a = a.map((ai, i) => ai + g[i]! ** 2);
    return w.map((x, i) => x - (lr * g[i]!) / Math.sqrt(a[i]! + eps));
  };
}

/** Adadelta: running averages of g² and of the squared steps, `Δ = −√(D + ε)·g/√(G + ε)`, `w ← w + ηΔ`. */
export function adadeltaRule(rho = 0.95, eps = 1e-7): Rule {
  let G: number[] = [];
  let D: number[] = [];
  return (w, g, _t, lr) => {
    if (G.length === 0) [G, D] = [zeros(w.length), zeros(w.length)];
    G = G.map((x, i) => rho * x + (1 - rho) * g[i]! ** 2);
    const delta = g.map((gi, i) => (-Math.sqrt(D[i]! + eps) * gi) / Math.sqrt(G[i]! + eps));
    D = D.map((x, i) => rho * x + (1 - rho) * delta[i]! ** 2);
    return w.map((x, i) => x + lr * delta[i]!);
  };
}

/** RMSprop, optionally centered and with momentum. */
export function rmspropRule(rho = 0.9, momentum = 0, eps = 1e-7, centered = false): Rule {
  let v: number[] = [];
  let mean: number[] = [];
  let p: number[] = [];
  return (w, g, _t, lr) => {
    if (v.length === 0) [v, mean, p] = [zeros(w.length), zeros(w.length), zeros(w.length)];
    v = v.map((x, i) => rho * x + (1 - rho) * g[i]! ** 2);
    mean = mean.map((x, i) => rho * x + (1 - rho) * g[i]!);
    const step = g.map((gi, i) => (lr * gi) / Math.sqrt(v[i]! - (centered ? mean[i]! ** 2 : 0) + eps));
    if (momentum === 0) return w.map((x, i) => x - step[i]!);
    p = p.map((x, i) => momentum * x + step[i]!);
    return w.map((x, i) => x - p[i]!);
  };
}

/** Adamax: `m` as Adam, `u ← max(β2u, |g|)`, `w ← w − η/(1 − β1ᵗ) · m/(u + ε)`. */
export function adamaxRule(b1 = 0.9, b2 = 0.999, eps = 1e-7): Rule {
  let m: number[] = [];
  let u: number[] = [];
  return (w, g, step, lr) => {
    if (m.length === 0) [m, u] = [zeros(w.length), zeros(w.length)];
    const t = step + 1;
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
    u = u.map((x, i) => Math.max(b2 * x, Math.abs(g[i]!)));
    return w.map((x, i) => x - (lr / (1 - b1 ** t)) * (m[i]! / (u[i]! + eps)));
  };
}

/** Nadam with Keras's momentum schedule `μₜ = β1(1 − ½·0.96ᵗ)`. */
export function nadamRule(b1 = 0.9, b2 = 0.999, eps = 1e-7): Rule {
  let m: number[] = [];
  let v: number[] = [];
  let product = 1;
  const mu = (t: number): number => b1 * (1 - 0.5 * 0.96 ** t);
  return (w, g, step, lr) => {
    if (m.length === 0) [m, v] = [zeros(w.length), zeros(w.length)];
    const t = step + 1;
    product *= mu(t);
    const productNext = product * mu(t + 1);
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
    v = v.map((x, i) => b2 * x + (1 - b2) * g[i]! ** 2);
    return w.map((x, i) => {
      const mHat = (mu(t + 1) * m[i]!) / (1 - productNext) + ((1 - mu(t)) * g[i]!) / (1 - product);
      const vHat = v[i]! / (1 - b2 ** t);
      return x - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
  };
}

/** Lion: `w ← w − η·sign(β1m + (1 − β1)g)`, then `m ← β2m + (1 − β2)g`. */
export function lionRule(b1 = 0.9, b2 = 0.99): Rule {
  let m: number[] = [];
  return (w, g, _t, lr) => {
    if (m.length === 0) m = zeros(w.length);
    const out = w.map((x, i) => x - lr * Math.sign(b1 * m[i]! + (1 - b1) * g[i]!));
    m = m.map((x, i) => b2 * x + (1 - b2) * g[i]!);
    return out;
  };
}

export interface FtrlParams {
  /** Keras's `learning_rate_power` (<= 0). */
  power: number;
  init: number;
  l1: number;
  l2: number;
  shrinkage: number;
  beta: number;
}

/** FTRL-Proximal as Keras writes it (accumulator n, linear z). */
export function ftrlRule(p: FtrlParams): Rule {
  let n: number[] = [];
  let z: number[] = [];
  return (w, g, _t, lr) => {
    if (n.length === 0) [n, z] = [w.map(() => p.init), zeros(w.length)];
    const l2 = p.l2 + p.beta / (2 * lr);
    const out = w.map((x, i) => {
      const gs = g[i]! + 2 * p.shrinkage * x;
      const nNew = n[i]! + g[i]! ** 2;
      const sigma = (nNew ** -p.power - n[i]! ** -p.power) / lr;
      z[i] = z[i]! + gs - sigma * x;
      n[i] = nNew;
      const zi = z[i]!;
      const clipped = Math.min(Math.max(zi, -p.l1), p.l1);
      return (clipped - zi) / (nNew ** -p.power / lr + 2 * l2);
    });
    return out;
  };
}

/** LAMB: Adam's bias-corrected direction `u`, scaled by the trust ratio `‖w‖/‖u‖`. */
export function lambRule(b1 = 0.9, b2 = 0.999, eps = 1e-7): Rule {
  let m: number[] = [];
  let v: number[] = [];
  return (w, g, step, lr) => {
    if (m.length === 0) [m, v] = [zeros(w.length), zeros(w.length)];
    const t = step + 1;
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
    v = v.map((x, i) => b2 * x + (1 - b2) * g[i]! ** 2);
    const u = m.map((mi, i) => mi / (1 - b1 ** t) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps));
    const norm = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
    const [wn, un] = [norm(w), norm(u)];
    const ratio = wn > 0 && un > 0 ? wn / un : 1;
    return w.map((x, i) => x - ratio * lr * u[i]!);
  };
}
