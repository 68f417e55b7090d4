/**
 * Float64 references for the normalization tests, written from the papers' formulas (not from the layers):
 * statistics over a set of axes of a row-major array, and per-element broadcasting of weights.
 */

/** Strides of a row-major shape. */
function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** The multi-index of flat position `i`. */
export function unravel(i: number, shape: number[]): number[] {
  const st = strides(shape);
  return shape.map((d, k) => Math.floor(i / (st[k] as number)) % d);
}

/** For each element, the key of its group: its index with the reduced axes dropped. */
function groupKeys(shape: number[], axes: number[]): string[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({length: n}, (_v, i) => unravel(i, shape).filter((_d, k) => !axes.includes(k)).join(','));
}

/** Per element: the mean and population variance (divided by n) of its group over `axes`. */
export function moments64(data: ArrayLike<number>, shape: number[], axes: number[]): {mean: number[]; variance: number[]} {
  const keys = groupKeys(shape, axes);
  const sums = new Map<string, {n: number; s: number; ss: number}>();
  keys.forEach((k, i) => {
    const e = sums.get(k) ?? {n: 0, s: 0, ss: 0};
    const v = data[i] as number;
    e.n += 1;
    e.s += v;
    e.ss += v * v;
    sums.set(k, e);
  });
  const mean = keys.map((k) => {
    const e = sums.get(k) as {n: number; s: number};
    return e.s / e.n;
  });
  // Two-pass variance, in float64.
  const dev = new Map<string, number>();
  keys.forEach((k, i) => dev.set(k, (dev.get(k) ?? 0) + ((data[i] as number) - (mean[i] as number)) ** 2));
  const variance = keys.map((k) => (dev.get(k) as number) / (sums.get(k) as {n: number}).n);
  return {mean, variance};
}

/** Per element: the mean of squares of its group over `axes`. */
export function meanSquare64(data: ArrayLike<number>, shape: number[], axes: number[]): number[] {
  const squared = Array.from(data, (v) => v * v);
  const {mean} = moments64(squared, shape, axes);
  return mean;
}

/** The weight value that applies to each element: `w` spans `axes` of `shape` (row-major over those axes). */
export function broadcastWeight(w: number[], shape: number[], axes: number[]): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const wShape = axes.map((a) => shape[a] as number);
  const wStrides = strides(wShape);
  return Array.from({length: n}, (_v, i) => {
    const idx = unravel(i, shape);
    const j = axes.reduce((acc, a, k) => acc + (idx[a] as number) * (wStrides[k] as number), 0);
    return w[j] as number;
  });
}
