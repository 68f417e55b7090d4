import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError} from '../../errors.js';
import {describeBackends, expectClose, expectNoLeaks, numericGradient} from '../../testing/index.js';
import {forceFastPath, type FastPath} from './backend-choice.js';
import {gather} from './gather.js';
import {expectArraysClose, randArray, weightedSum} from './reference.test.helpers.js';

const VOCAB = 7;
const ROW = [2, 3];
// Repeated rows (3 three times, 0 twice) exercise the summing of duplicates; rows 2 and 6 are never read.
const INDICES = [[3, 0, 5], [3, 1, 4], [0, 3, 1]];

/** Float64 references: the looked-up rows, and the table gradient of sum(out * weights) by a plain loop. */
function reference(table: Float64Array, weights: Float64Array): {out: Float64Array; dTable: Float64Array} {
  const row = ROW[0] as number * (ROW[1] as number);
  const flat = INDICES.flat();
  const out = new Float64Array(flat.length * row);
  const dTable = new Float64Array(table.length);
  flat.forEach((r, i) => {
    for (let k = 0; k < row; k++) {
      out[i * row + k] = table[r * row + k] as number;
      dTable[r * row + k] = (dTable[r * row + k] as number) + (weights[i * row + k] as number);
    }
  });
  return {out, dTable};
}

describeBackends('fast gather', (backend) => {
  const tableValues = randArray(VOCAB * 6, 5);
  const weights = randArray(9 * 6, 6);
  const ref = reference(tableValues, weights);
  const tableT = (): tf.Tensor => tf.tensor(Float32Array.from(tableValues), [VOCAB, ...ROW]);
  const indicesT = (): tf.Tensor => tf.tensor2d(INDICES, [3, 3], 'int32');

  it('looks up rows: [...indices.shape, ...rowShape], matching a float64 reference', async () => {
    const [table, indices] = [tableT(), indicesT()];
    const y = gather(table, indices);
    expect(y.shape).to.deep.equal([3, 3, 2, 3]);
    await expectClose(y, Array.from(ref.out, Math.fround), 0, 0);
    tf.dispose([table, indices, y]);
  });

  it('every lookup formulation (GatherNd, flattened and plain GatherV2) gives the reference rows here', async () => {
    for (const path of ['wasm', 'cpu', 'generic'] as FastPath[]) {
      forceFastPath(path);
      try {
        const [table, indices] = [tableT(), indicesT()];
        const y = gather(table, indices);
        expect(y.shape, path).to.deep.equal([3, 3, 2, 3]);
        await expectClose(y, Array.from(ref.out, Math.fround), 0, 0);
        tf.dispose([table, indices, y]);
      } finally {
        forceFastPath(null);
      }
    }
  });

  // Every formulation of the scatter-add is valid on every backend that has its kernel (cpu has all).
  const paths: FastPath[] = backend === 'cpu' ? ['wasm', 'cpu', 'generic'] : ['wasm', 'cpu'];
  for (const path of paths) {
    it(`the table gradient (${path} formulation) sums duplicate rows, leaves unread rows zero, and matches central differences`, async () => {
      forceFastPath(path);
      try {
        const [table, indices] = [tableT(), indicesT()];
        const f = (t: tf.Tensor): tf.Scalar => weightedSum(gather(t, indices), weights);
        const dTable = tf.grad(f)(table);
        expect(dTable.shape).to.deep.equal([VOCAB, ...ROW]);
        const got = await dTable.data();
        expectArraysClose(got, ref.dTable, 'dTable vs float64 reference', 1e-6, 1e-6);
        expectArraysClose(got, await numericGradient(f, table), 'dTable vs numeric', 2e-3, 2e-3);
        tf.dispose([table, indices, dTable]);
      } finally {
        forceFastPath(null);
      }
    });
  }

  it('trains a table variable and gives the indices no gradient; a 1-D table gives scalar rows', async () => {
    const table = tf.variable(tableT());
    const indices = indicesT();
    const {grads} = tf.variableGrads(() => weightedSum(gather(table, indices), weights));
    await expectClose(grads[table.name] as tf.Tensor, Array.from(ref.dTable), 1e-6, 1e-6);
    const vec = tf.tensor1d([10, 20, 30]);
    const picked = gather(vec, tf.tensor1d([2, 2, 0], 'int32'));
    await expectClose(picked, [30, 30, 10], 0, 0);
    const dVec = tf.grad((v) => tf.sum(gather(v, tf.tensor1d([2, 2, 0], 'int32'))))(vec);
    await expectClose(dVec, [1, 0, 2], 0, 0);
    tf.dispose([table, indices, vec, picked, dVec, ...Object.values(grads)]);
  });

  it('leaks no tensors through forward and backward', async () => {
    const table = tf.variable(tf.randomNormal([50, 8]));
    const indices = tf.randomUniform([4, 10], 0, 50, 'int32');
    await expectNoLeaks(async () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(tf.square(gather(table, indices))));
      await value.data();
      tf.dispose([value, ...Object.values(grads), gather(table, indices)]);
    });
    tf.dispose([table, indices]);
  });

  it('looks up an int32 table (labels) without a gradient path', async () => {
    const y = gather(tf.tensor1d([4, 5, 6], 'int32'), tf.tensor1d([2, 0], 'int32'));
    expect(y.dtype).to.equal('int32');
    await expectClose(y, [6, 4], 0, 0);
    y.dispose();
  });

  it('rejects a scalar table and float indices, naming them', () => {
    expect(() => gather(tf.scalar(1), tf.tensor1d([0], 'int32'))).to.throw(ShapeError, /rank/);
    expect(() => gather(tf.zeros([3, 2]), tf.tensor1d([0]))).to.throw(ValueError, /indices must be int32.*float32/);
  });
});
