/**
 * Householder QR in float64, in plain JavaScript: the orthogonal initializer must give the same values
 * on every backend, so it does not go through backend kernels (whose float32 rounding differs).
 * Matrices are stored column by column here, so that each reflection streams every column once.
 */

/**
 * Applies `H = I - 2·v·vᵀ` (`v` unit, acting on rows `k..m-1`) to columns `from..n-1` of the
 * column-major `m × n` matrix `c`.
 */
function reflectColumns(c: Float64Array, m: number, n: number, k: number, v: Float64Array, from: number): void {
  const len = m - k;
  for (let j = from; j < n; j++) {
    const base = j * m + k;
    // four partial sums break the dependency chain of the additions
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let i = 0;
    for (; i + 3 < len; i += 4) {
      d0 += (v[i] as number) * (c[base + i] as number);
      d1 += (v[i + 1] as number) * (c[base + i + 1] as number);
      d2 += (v[i + 2] as number) * (c[base + i + 2] as number);
      d3 += (v[i + 3] as number) * (c[base + i + 3] as number);
    }
    for (; i < len; i++) d0 += (v[i] as number) * (c[base + i] as number);
    const dot = d0 + d1 + (d2 + d3);
    if (dot === 0) continue;
    const f = 2 * dot;
    for (let t = 0; t < len; t++) c[base + t] = (c[base + t] as number) - f * (v[t] as number);
  }
}

/**
 * The unit Householder vector that maps column `k` of `c` (rows `k..m-1`) onto a multiple of the first
 * axis, or null when that part of the column is zero.
 */
function householderVector(c: Float64Array, m: number, k: number): Float64Array | null {
  const v = c.slice(k * m + k, (k + 1) * m);
  let norm2 = 0;
  for (let i = 0; i < v.length; i++) norm2 += (v[i] as number) ** 2;
  if (norm2 === 0) return null;
  const x0 = v[0] as number;
  // reflect onto -sign(x0)·‖x‖·e₀ to avoid cancellation in x0 - alpha
  const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
  v[0] = x0 - alpha;
  let vn2 = 0;
  for (let i = 0; i < v.length; i++) vn2 += (v[i] as number) ** 2;
  const inv = 1 / Math.sqrt(vn2);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}

/**
 * Q of the thin QR decomposition `A = Q·R` of a row-major `m × n` matrix with `m >= n`, normalised so
 * that `R` has a non-negative diagonal (each column of Q multiplied by the sign of `R[j][j]`, a zero
 * diagonal entry counting as positive). For full-rank `A` this Q is unique. Returns `m × n`, row-major.
 */
export function qrOrthonormal(a: ArrayLike<number>, m: number, n: number): Float64Array {
  if (m < n) throw new RangeError(`qrOrthonormal needs rows >= columns, received ${m}×${n}`);
  const r = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) r[j * m + i] = a[i * n + j] as number;
  const reflectors: (Float64Array | null)[] = [];
  for (let k = 0; k < n; k++) {
    const v = householderVector(r, m, k);
    if (v !== null) reflectColumns(r, m, n, k, v, k);
    reflectors.push(v);
  }
  // Q = H₀·H₁·…·Hₙ₋₁ applied to the first n columns of the identity, right to left: before Hₖ is
  // applied, columns < k are still unit vectors eⱼ, zero in rows >= k
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = reflectors[k];
    if (v !== null && v !== undefined) reflectColumns(q, m, n, k, v, k);
  }
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const sign = (r[j * m + j] as number) < 0 ? -1 : 1;
    for (let i = 0; i < m; i++) out[i * n + j] = sign * (q[j * m + i] as number);
  }
  return out;
}
