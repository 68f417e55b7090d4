import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {batchMatMul} from './batch-matmul.js';
import {forceFastPath} from './backend-choice.js';
import {expectArraysClose, ownGradients, randArray, refMatMul, weightedSum} from './reference.test.helpers.js';

const FLAGS: Array<[boolean, boolean]> = [[false, false], [false, true], [true, false], [true, true]];
const [BATCH, M, K, N] = [3, 2, 5, 4];

function operands(tA: boolean, tB: boolean, seed: number): {a: Float64Array; aShape: number[]; b: Float64Array; bShape: number[]; w: Float64Array} {
  const aShape = tA ? [BATCH, K, M] : [BATCH, M, K];
  const bShape = tB ? [BATCH, N, K] : [BATCH, K, N];
  return {a: randArray(BATCH * M * K, seed), aShape, b: randArray(BATCH * K * N, seed + 1), bShape, w: randArray(BATCH * M * N, seed + 2)};
}

/** Float64 batched product: the 2-D reference on each batch entry. */
function refBatch(a: Float64Array, aShape: number[], b: Float64Array, bShape: number[], tA: boolean, tB: boolean): Float64Array {
  const [sa, sb] = [a.length / BATCH, b.length / BATCH];
  const out: number[] = [];
  for (let i = 0; i < BATCH; i++) out.push(...refMatMul(a.subarray(i * sa, (i + 1) * sa), aShape.slice(1), b.subarray(i * sb, (i + 1) * sb), bShape.slice(1), tA, tB));
  return Float64Array.from(out);
}

/** d(Σ w·C)/dA and d(Σ w·C)/dB in float64 from the definition C[i][m][n] = Σ_k op(A[i])[m][k]·op(B[i])[k][n]. */
function refGrads(x: ReturnType<typeof operands>, tA: boolean, tB: boolean): [Float64Array, Float64Array] {
  const da = new Float64Array(x.a.length), db = new Float64Array(x.b.length);
  const aAt = (i: number, m: number, k: number): number => (tA ? (i * K + k) * M + m : (i * M + m) * K + k);
  const bAt = (i: number, k: number, n: number): number => (tB ? (i * N + n) * K + k : (i * K + k) * N + n);
  for (let i = 0; i < BATCH; i++) for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) {
    const w = x.w[(i * M + m) * N + n] as number;
    da[aAt(i, m, k)] = (da[aAt(i, m, k)] as number) + w * (x.b[bAt(i, k, n)] as number);
    db[bAt(i, k, n)] = (db[bAt(i, k, n)] as number) + w * (x.a[aAt(i, m, k)] as number);
  }
  return [da, db];
}

describeBackends('fast batchMatMul', (backend) => {
  for (const [tA, tB] of FLAGS) {
    const tag = `transposeA=${tA} transposeB=${tB}`;

    it(`forward and gradients match float64 references and central differences (${tag})`, async () => {
      const x = operands(tA, tB, 40);
      const at = tf.tensor3d(Float32Array.from(x.a), x.aShape as [number, number, number]);
      const bt = tf.tensor3d(Float32Array.from(x.b), x.bShape as [number, number, number]);
      const y = batchMatMul(at, bt, tA, tB);
      expect(y.shape).to.deep.equal([BATCH, M, N]);
      await expectClose(y, Array.from(refBatch(x.a, x.aShape, x.b, x.bShape, tA, tB)), 1e-5, 1e-5);
      const inputs = [{values: x.a, shape: x.aShape}, {values: x.b, shape: x.bShape}];
      const ours = await ownGradients((p, q) => batchMatMul(p as tf.Tensor3D, q as tf.Tensor3D, tA, tB), inputs, x.w);
      const [da, db] = refGrads(x, tA, tB);
      expectArraysClose(ours[0] as Float32Array, da, 'dA vs float64 reference', 1e-5);
      expectArraysClose(ours[1] as Float32Array, db, 'dB vs float64 reference', 1e-5);
      const numA = await numericGradient((p) => weightedSum(batchMatMul(p as tf.Tensor3D, bt, tA, tB), x.w), at);
      expectArraysClose(ours[0] as Float32Array, numA, 'dA vs numeric', 1e-3, 1e-3);
      tf.dispose([at, bt, y]);
    });
  }

  if (backend === 'cpu') {
    it('the wasm formulation (explicit transposes) gives the same gradients on cpu', async () => {
      forceFastPath('wasm');
      try {
        for (const [tA, tB] of FLAGS) {
          const x = operands(tA, tB, 50);
          const ours = await ownGradients((p, q) => batchMatMul(p as tf.Tensor3D, q as tf.Tensor3D, tA, tB), [{values: x.a, shape: x.aShape}, {values: x.b, shape: x.bShape}], x.w);
          const [da, db] = refGrads(x, tA, tB);
          expectArraysClose(ours[0] as Float32Array, da, 'dA', 1e-5);
          expectArraysClose(ours[1] as Float32Array, db, 'dB', 1e-5);
        }
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('leaks no tensors through forward and backward', async () => {
    const a = tf.randomNormal([2, 3, 4]) as tf.Tensor3D;
    const b = tf.randomNormal([2, 4, 5]) as tf.Tensor3D;
    await expectNoLeaks(async () => {
      const [ga, gb] = tf.grads((p, q) => tf.sum(batchMatMul(p as tf.Tensor3D, q as tf.Tensor3D)))([a, b]);
      await (ga as tf.Tensor).data();
      tf.dispose([ga as tf.Tensor, gb as tf.Tensor, batchMatMul(a, b)]);
    });
    tf.dispose([a, b]);
  });

  it('refuses operands that do not fit, naming their shapes', () => {
    const a = tf.zeros([2, 3, 4]) as tf.Tensor3D;
    expect(() => batchMatMul(a, tf.zeros([2, 5, 2]) as tf.Tensor3D)).to.throw(ShapeError, /inner dimensions differ: \[2,3,4\] · \[2,5,2\]/);
    expect(() => batchMatMul(a, tf.zeros([3, 4, 2]) as tf.Tensor3D)).to.throw(ShapeError, /batch sizes differ/);
    expect(() => batchMatMul(a, tf.zeros([4, 2]) as unknown as tf.Tensor3D)).to.throw(ShapeError, /rank 3/);
    a.dispose();
  });
});
