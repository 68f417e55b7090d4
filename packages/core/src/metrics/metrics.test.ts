import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject} from '../index.js';
import {describeBackends, expectNoLeaks} from '../testing/index.js';
import {Accuracy, BinaryAccuracy, CategoricalAccuracy, Mean, Metric, SparseCategoricalAccuracy, getMetric} from './index.js';

async function resultOf(m: Metric): Promise<number> {
  const r = m.result();
  const v = (await r.data())[0] as number;
  r.dispose();
  return v;
}

/** Runs updateState with tensors it creates and frees, checking nothing leaks. */
async function update(m: Metric, yt: tf.Tensor, yp: tf.Tensor, w: tf.Tensor | null = null): Promise<void> {
  await expectNoLeaks(() => m.updateState(yt, yp, w));
  tf.dispose([yt, yp]);
  if (w !== null) w.dispose();
}

describeBackends('metrics', () => {
  it('Accuracy: exact matches, accumulated over updates', async () => {
    const m = new Accuracy();
    expect(m.name).to.equal('accuracy');
    expect(await resultOf(m)).to.equal(0);
    await update(m, tf.tensor1d([1, 2, 3, 4]), tf.tensor1d([1, 2, 0, 4]));
    expect(await resultOf(m)).to.be.closeTo(3 / 4, 1e-7);
    await update(m, tf.tensor1d([0, 0]), tf.tensor1d([1, 1]));
    expect(await resultOf(m)).to.be.closeTo(3 / 6, 1e-7);
    m.reset();
    expect(await resultOf(m)).to.equal(0);
    await update(m, tf.tensor1d([5]), tf.tensor1d([5]));
    expect(await resultOf(m)).to.equal(1);
    m.dispose();
  });

  it('BinaryAccuracy: threshold 0.5 by default, configurable', async () => {
    const m = new BinaryAccuracy();
    // predictions > 0.5 → [1, 0, 1, 0] vs [1, 1, 0, 0]: 2 of 4
    await update(m, tf.tensor2d([[1], [1], [0], [0]]), tf.tensor2d([[0.7], [0.5], [0.51], [0.2]]));
    expect(await resultOf(m)).to.be.closeTo(0.5, 1e-7);
    const t = new BinaryAccuracy({threshold: 0.1});
    await update(t, tf.tensor2d([[1], [1], [0], [0]]), tf.tensor2d([[0.7], [0.5], [0.51], [0.2]]));
    expect(await resultOf(t)).to.be.closeTo(0.5, 1e-7);
    const t2 = new BinaryAccuracy({threshold: 0.6});
    await update(t2, tf.tensor2d([[1], [1], [0], [0]]), tf.tensor2d([[0.7], [0.5], [0.51], [0.2]]));
    expect(await resultOf(t2)).to.be.closeTo(0.75, 1e-7);
    [m, t, t2].forEach((x) => x.dispose());
    expect(() => new BinaryAccuracy({threshold: NaN})).to.throw(ValueError, /threshold must be a number/);
  });

  it('BinaryAccuracy: multi-label [batch, d] counts every element', async () => {
    const m = new BinaryAccuracy();
    await update(m, tf.tensor2d([[1, 0, 1], [0, 0, 1]]), tf.tensor2d([[0.9, 0.1, 0.2], [0.8, 0.3, 0.7]]));
    // row 0: 2/3 right, row 1: 2/3 right
    expect(await resultOf(m)).to.be.closeTo(4 / 6, 1e-6);
    m.dispose();
  });

  it('BinaryAccuracy: [batch] targets and predictions are per-sample across batches of different sizes', async () => {
    const m = new BinaryAccuracy();
    await update(m, tf.tensor1d([1, 0, 1]), tf.tensor1d([0.9, 0.2, 0.1])); // 2 of 3
    await update(m, tf.tensor1d([1]), tf.tensor1d([0.8])); // 1 of 1
    expect(await resultOf(m)).to.be.closeTo(3 / 4, 1e-6);
    m.dispose();
  });

  it('BinaryAccuracy: [batch] targets against [batch, 1] predictions', async () => {
    const m = new BinaryAccuracy();
    await update(m, tf.tensor1d([1, 0, 1, 0]), tf.tensor2d([[0.9], [0.2], [0.1], [0.6]]));
    expect(await resultOf(m)).to.be.closeTo(2 / 4, 1e-6);
    m.dispose();
  });

  it('Accuracy: [batch] targets against [batch, 1] predictions compare per sample', async () => {
    const m = new Accuracy();
    await update(m, tf.tensor1d([1, 2, 3]), tf.tensor2d([[1], [0], [3]]));
    await update(m, tf.tensor2d([[4], [5]]), tf.tensor1d([4, 4]));
    expect(await resultOf(m)).to.be.closeTo(3 / 5, 1e-6);
    m.dispose();
  });

  it('BinaryAccuracy: multi-label with per-sample weights', async () => {
    const m = new BinaryAccuracy();
    // row accuracies 1/2 and 1 with weights 3 and 1 → (1.5 + 1) / 4
    await update(m, tf.tensor2d([[1, 0], [0, 1]]), tf.tensor2d([[0.9, 0.8], [0.1, 0.7]]), tf.tensor1d([3, 1]));
    expect(await resultOf(m)).to.be.closeTo(2.5 / 4, 1e-6);
    m.dispose();
  });

  it('CategoricalAccuracy: arg-max against one-hot targets', async () => {
    const m = new CategoricalAccuracy();
    expect(m.name).to.equal('categorical_accuracy');
    await update(m, tf.tensor2d([[0, 0, 1], [0, 1, 0], [1, 0, 0]]), tf.tensor2d([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.6, 0.3, 0.1]]));
    expect(await resultOf(m)).to.be.closeTo(2 / 3, 1e-6);
    await update(m, tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[0.1, 0.8, 0.1]]));
    expect(await resultOf(m)).to.be.closeTo(3 / 4, 1e-6);
    m.dispose();
  });

  it('SparseCategoricalAccuracy: [batch] and [batch, 1] integer labels', async () => {
    const preds = [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.9, 0.05, 0.05]];
    const labels = [2, 1, 1, 0]; // 3 of 4 right
    const a = new SparseCategoricalAccuracy();
    await update(a, tf.tensor1d(labels, 'int32'), tf.tensor2d(preds));
    expect(await resultOf(a)).to.be.closeTo(0.75, 1e-6);
    const b = new SparseCategoricalAccuracy();
    await update(b, tf.tensor2d(labels.map((l) => [l]), [4, 1], 'float32'), tf.tensor2d(preds));
    expect(await resultOf(b)).to.be.closeTo(0.75, 1e-6);
    await update(b, tf.tensor1d([0, 0], 'int32'), tf.tensor2d([[0, 1, 0], [0, 0, 1]]));
    expect(await resultOf(b)).to.be.closeTo(3 / 6, 1e-6);
    a.dispose();
    b.dispose();
  });

  it('sample weights weight each sample (zero weights drop it)', async () => {
    const m = new SparseCategoricalAccuracy();
    // right, wrong, right with weights 1, 3, 0 → 1 / 4
    await update(m, tf.tensor1d([0, 1, 2], 'int32'), tf.tensor2d([[1, 0, 0], [1, 0, 0], [0, 0, 1]]), tf.tensor1d([1, 3, 0]));
    expect(await resultOf(m)).to.be.closeTo(0.25, 1e-6);
    await update(m, tf.tensor1d([0], 'int32'), tf.tensor2d([[1, 0, 0]]), tf.tensor1d([4]));
    expect(await resultOf(m)).to.be.closeTo(5 / 8, 1e-6);
    m.dispose();
  });

  it('Mean: plain and weighted mean, accumulated, reset', async () => {
    const m = new Mean();
    expect(m.name).to.equal('mean');
    await update(m, tf.scalar(0), tf.tensor1d([1, 2, 3]));
    expect(await resultOf(m)).to.be.closeTo(2, 1e-6);
    await update(m, tf.scalar(0), tf.tensor1d([10]));
    expect(await resultOf(m)).to.be.closeTo(16 / 4, 1e-6);
    m.reset();
    // weighted: (1·1 + 2·0 + 3·3) / (1 + 0 + 3) = 2.5
    await update(m, tf.scalar(0), tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 3]));
    expect(await resultOf(m)).to.be.closeTo(2.5, 1e-6);
    await update(m, tf.scalar(0), tf.tensor1d([5, 7]), tf.tensor2d([[2], [2]]));
    // (10 + 10 + 14) / (4 + 4) = 4.25
    expect(await resultOf(m)).to.be.closeTo(34 / 8, 1e-6);
    m.dispose();
  });

  it('Mean: [batch, d] values with [batch] weights average each sample first', async () => {
    const m = new Mean();
    await update(m, tf.scalar(0), tf.tensor2d([[1, 3], [10, 20]]), tf.tensor1d([3, 1]));
    // sample means 2 and 15, weights 3 and 1 → (6 + 15) / 4
    expect(await resultOf(m)).to.be.closeTo(21 / 4, 1e-6);
    m.dispose();
  });

  it('Mean: updateScalar counts a value weight times; all-zero weights give 0, not NaN', async () => {
    const m = new Mean({name: 'loss'});
    expect(m.name).to.equal('loss');
    await expectNoLeaks(() => {
      const a = tf.scalar(2);
      const b = tf.scalar(5);
      m.updateScalar(a, 3);
      m.updateScalar(b, 1);
      tf.dispose([a, b]);
    });
    expect(await resultOf(m)).to.be.closeTo(11 / 4, 1e-6);
    m.reset();
    await update(m, tf.scalar(0), tf.tensor1d([1, 2]), tf.tensor1d([0, 0]));
    expect(await resultOf(m)).to.equal(0);
    m.dispose();
  });

  it('many updates leak no tensors and result() returns a new caller-owned scalar', async () => {
    const m = new CategoricalAccuracy();
    await expectNoLeaks(async () => {
      for (let i = 0; i < 20; i++) {
        const yt = tf.tensor2d([[1, 0], [0, 1]]);
        const yp = tf.tensor2d([[0.9, 0.1], [0.8, 0.2]]);
        m.updateState(yt, yp);
        tf.dispose([yt, yp]);
      }
      const r = m.result();
      expect(r.shape).to.deep.equal([]);
      expect((await r.data())[0]).to.be.closeTo(0.5, 1e-6);
      r.dispose();
      m.reset();
    });
    m.dispose();
  });
});

describe('getMetric and metric config', () => {
  it('resolves names in both spellings', () => {
    expect(getMetric('accuracy')).to.be.instanceOf(Accuracy);
    expect(getMetric('acc')).to.be.instanceOf(Accuracy);
    expect(getMetric('binary_accuracy')).to.be.instanceOf(BinaryAccuracy);
    expect(getMetric('categoricalAccuracy')).to.be.instanceOf(CategoricalAccuracy);
    expect(getMetric('SparseCategoricalAccuracy')).to.be.instanceOf(SparseCategoricalAccuracy);
    expect(getMetric('mean')).to.be.instanceOf(Mean);
    expect(() => getMetric('acuracy')).to.throw(ValueError, /Unknown metric "acuracy"; expected one of .*accuracy/);
  });

  it('config round trip', () => {
    for (const m of [new BinaryAccuracy({threshold: 0.3, name: 'ba'}), new Accuracy(), new SparseCategoricalAccuracy({name: 'sca'}), new Mean({name: 'm'})]) {
      const env = serializeObject(m);
      expect(env.module).to.equal('keras.metrics');
      const back = deserializeObject<Metric>('metric', JSON.parse(JSON.stringify(env)));
      expect(back.constructor).to.equal(m.constructor);
      expect(back.getConfig()).to.deep.equal(m.getConfig());
      back.dispose();
      m.dispose();
    }
    const b = new BinaryAccuracy({threshold: 0.3, name: 'ba'});
    expect(b.getConfig()).to.deep.equal({name: 'ba', threshold: 0.3});
    b.dispose();
  });
});
