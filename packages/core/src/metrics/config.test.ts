import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject, setBackend} from '../index.js';
import * as losses from '../losses/index.js';
import {describeBackends, testBackends} from '../testing/index.js';
import * as metrics from './index.js';
import type {ConfigDict} from '../serialization/config.js';
import type {Metric} from './index.js';
import {resultOf, resultValues, update} from './metrics.test.helpers.js';

/** Every metric class, with non-default options where it has them, and inputs that suit it. */
function everyMetric(): [Metric, 'binary' | 'ids' | 'regression'][] {
  return [
    [new metrics.Mean({name: 'm'}), 'regression'],
    [new metrics.Accuracy(), 'ids'],
    [new metrics.BinaryAccuracy({threshold: 0.3}), 'binary'],
    [new metrics.CategoricalAccuracy(), 'binary'],
    [new metrics.SparseCategoricalAccuracy(), 'ids'],
    [new metrics.TopKCategoricalAccuracy({k: 2}), 'binary'],
    [new metrics.SparseTopKCategoricalAccuracy({k: 2, name: 'top2'}), 'ids'],
    [new metrics.Precision({thresholds: [0.3, 0.6]}), 'binary'],
    [new metrics.Recall({topK: 2, classId: 1}), 'binary'],
    [new metrics.AUC({numThresholds: 50, curve: 'PR', summationMethod: 'majoring'}), 'binary'],
    [new metrics.AUC({multiLabel: true, thresholds: [0.25, 0.5, 0.75], labelWeights: [1, 2, 1]}), 'binary'],
    [new metrics.FBetaScore({beta: 0.5, average: 'weighted', threshold: 0.4}), 'binary'],
    [new metrics.F1Score({average: 'macro'}), 'binary'],
    [new metrics.MeanSquaredError(), 'regression'],
    [new metrics.MeanAbsoluteError(), 'regression'],
    [new metrics.RootMeanSquaredError(), 'regression'],
    [new metrics.CosineSimilarity({axis: -1}), 'regression'],
    [new metrics.R2Score({classAggregation: 'variance_weighted_average', numRegressors: 1}), 'regression'],
    [new metrics.MeanIoU({numClasses: 3, ignoreClass: 0}), 'ids'],
    [new metrics.LossMetric({loss: new losses.Huber({delta: 0.5})}), 'regression'],
    [new metrics.LossMetric({loss: new losses.SparseCategoricalCrossentropy({ignoreClass: 1}), name: 'scce'}), 'ids'],
  ];
}

const PROBS = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.05, 0.05, 0.9], [0.3, 0.35, 0.35], [0.1, 0.8, 0.1]];

/** Two batches of deterministic inputs, the second weighted. */
async function feed(m: Metric, kind: 'binary' | 'ids' | 'regression'): Promise<void> {
  const ids = [1, 2, 2, 0, 1];
  const oneHot = ids.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));
  const yt = kind === 'ids' ? tf.tensor1d(ids, 'int32') : tf.tensor2d(kind === 'binary' ? oneHot : PROBS.map((r) => r.map((v) => v * 2 - 0.3)));
  const yp = m instanceof metrics.Accuracy || m instanceof metrics.MeanIoU ? tf.tensor1d([1, 0, 2, 0, 2]) : tf.tensor2d(PROBS);
  await update(m, yt.slice(0, 3), yp.slice(0, 3));
  await update(m, yt.slice(3), yp.slice(3), [2, 0.5]);
  tf.dispose([yt, yp]);
}

describe('metrics: configs, identifiers and backends', () => {
  it('every metric round-trips through fromConfig(getConfig()) and its JSON envelope with equal config and results', async () => {
    for (const [m, kind] of everyMetric()) {
      const env = serializeObject(m);
      const back = deserializeObject<Metric>('metric', JSON.parse(JSON.stringify(env)) as typeof env);
      expect(back.constructor, m.name).to.equal(m.constructor);
      expect(back.getConfig(), m.name).to.deep.equal(m.getConfig());
      expect(back.name).to.equal(m.name);
      const direct = (m.constructor as unknown as {fromConfig(c: ConfigDict): Metric}).fromConfig(m.getConfig());
      expect(direct.constructor, m.name).to.equal(m.constructor);
      expect(direct.getConfig(), m.name).to.deep.equal(m.getConfig());
      for (const x of [m, back, direct]) await feed(x, kind);
      const [a, b, c] = [await resultValues(m), await resultValues(back), await resultValues(direct)];
      expect(a.every(Number.isFinite), `${m.name} is finite`).to.equal(true);
      expect(b, m.name).to.deep.equal(a);
      expect(c, m.name).to.deep.equal(a);
      [m, back, direct].forEach((x) => x.dispose());
    }
  });

  it('Keras metrics are written with module keras.metrics; LossMetric nests its loss', () => {
    expect(serializeObject(new metrics.AUC({numThresholds: 3}))).to.deep.equal({
      module: 'keras.metrics', className: 'AUC', registeredName: null,
      config: {name: 'auc', numThresholds: 3, curve: 'ROC', summationMethod: 'interpolation', multiLabel: false, numLabels: null, labelWeights: null, fromLogits: false, thresholds: null},
    });
    const f1 = new metrics.F1Score();
    expect(f1.getConfig()).to.deep.equal({name: 'f1_score', average: null, threshold: null});
    const lm = new metrics.LossMetric({loss: 'logcosh'});
    const env = serializeObject(lm);
    expect(env.registeredName).to.equal('stratum>LossMetric');
    expect(env.config).to.deep.equal({name: 'log_cosh', loss: serializeObject(new losses.LogCosh())});
    [f1, lm].forEach((m) => m.dispose());
  });

  it('getMetric: metric names in both spellings and Keras aliases give metric objects', () => {
    const cases: [string[], unknown][] = [
      [['mse', 'MSE', 'mean_squared_error', 'meanSquaredError'], metrics.MeanSquaredError],
      [['mae', 'mean_absolute_error'], metrics.MeanAbsoluteError],
      [['rmse', 'root_mean_squared_error', 'RootMeanSquaredError'], metrics.RootMeanSquaredError],
      [['acc', 'accuracy'], metrics.Accuracy],
      [['auc', 'AUC'], metrics.AUC],
      [['precision', 'Precision'], metrics.Precision],
      [['recall'], metrics.Recall],
      [['f1_score', 'f1Score', 'F1Score'], metrics.F1Score],
      [['fbeta_score', 'fbetaScore', 'FBetaScore'], metrics.FBetaScore],
      [['r2_score', 'r2Score'], metrics.R2Score],
      [['top_k_categorical_accuracy', 'topKCategoricalAccuracy'], metrics.TopKCategoricalAccuracy],
      [['sparse_top_k_categorical_accuracy'], metrics.SparseTopKCategoricalAccuracy],
      [['cosine_similarity'], metrics.CosineSimilarity],
    ];
    for (const [ids, cls] of cases) {
      for (const id of ids) {
        const m = metrics.getMetric(id);
        expect(m, id).to.be.instanceOf(cls as new () => Metric);
        m.dispose();
      }
    }
    expect(() => metrics.getMetric('mean_iou')).to.throw(ValueError, /MeanIoU: numClasses must be an integer >= 1, received undefined/);
    expect(() => metrics.getMetric('presicion')).to.throw(ValueError, /Unknown metric "presicion"; expected one of .*precision.* or a loss name \(.*huber/);
  });

  it('getMetric: any other loss (name, alias, instance or envelope) gives the mean of that loss', () => {
    const cases: [string, unknown, string][] = [
      ['mape', losses.MeanAbsolutePercentageError, 'mean_absolute_percentage_error'],
      ['msle', losses.MeanSquaredLogarithmicError, 'mean_squared_logarithmic_error'],
      ['kld', losses.KLDivergence, 'kl_divergence'],
      ['logcosh', losses.LogCosh, 'log_cosh'],
      ['huber', losses.Huber, 'huber_loss'],
      ['binary_crossentropy', losses.BinaryCrossentropy, 'binary_crossentropy'],
      ['categoricalCrossentropy', losses.CategoricalCrossentropy, 'categorical_crossentropy'],
      ['sparse_categorical_crossentropy', losses.SparseCategoricalCrossentropy, 'sparse_categorical_crossentropy'],
      ['hinge', losses.Hinge, 'hinge'],
      ['poisson', losses.Poisson, 'poisson'],
      ['multiclass_hinge', losses.MulticlassHinge, 'multiclass_hinge'],
    ];
    for (const [id, cls, name] of cases) {
      const m = metrics.getMetric(id);
      expect(m, id).to.be.instanceOf(metrics.LossMetric);
      expect((m as metrics.LossMetric).loss, id).to.be.instanceOf(cls as new () => losses.Loss);
      expect(m.name).to.equal(name);
      m.dispose();
    }
    const fromInstance = metrics.getMetric(new losses.Huber({delta: 3}));
    expect(((fromInstance as metrics.LossMetric).loss as losses.Huber).delta).to.equal(3);
    const fromEnvelope = metrics.getMetric(serializeObject(new losses.MeanSquaredError({name: 'l2'})));
    expect((fromEnvelope as metrics.LossMetric).loss).to.be.instanceOf(losses.MeanSquaredError);
    expect(fromEnvelope.name).to.equal('l2');
    const metricEnvelope = metrics.getMetric(serializeObject(new metrics.MeanSquaredError()));
    expect(metricEnvelope).to.be.instanceOf(metrics.MeanSquaredError);
    [fromInstance, fromEnvelope, metricEnvelope].forEach((m) => m.dispose());
    expect(() => new metrics.LossMetric({loss: 3 as never})).to.throw(ValueError, /LossMetric: loss must be a loss instance, name or serialized envelope, received 3/);
  });

  it('cpu and wasm agree within float32 tolerance on every metric', async function () {
    const backends = testBackends();
    if (backends.length < 2) this.skip();
    const results: number[][][] = [];
    for (const backend of backends) {
      await setBackend(backend as 'cpu' | 'wasm');
      const values: number[][] = [];
      for (const [m, kind] of everyMetric()) {
        await feed(m, kind);
        values.push(await resultValues(m));
        m.dispose();
      }
      results.push(values);
    }
    await setBackend(backends[0] as 'cpu' | 'wasm');
    for (let b = 1; b < results.length; b++) {
      results[b]!.forEach((vals, i) => vals.forEach((v, j) => expect(v, `metric ${i}, value ${j}`).to.be.closeTo(results[0]![i]![j]!, 1e-5 + 1e-5 * Math.abs(v))));
    }
  });
});

describeBackends('LossMetric', () => {
  it('the weighted mean of per-sample loss values over batches', async () => {
    const m = metrics.getMetric('huber');
    // per-sample Huber (δ 1): row errors (0.5, 2) → (0.125 + 1.5)/2; (0, 0) → 0; (−3) → 2.5
    await update(m, [[0, 0], [1, 1]], [[0.5, 2], [1, 1]]);
    expect(await resultOf(m)).to.be.closeTo(1.625 / 2 / 2, 1e-6);
    await update(m, [[0, 0]], [[-3, -3]], [2]);
    expect(await resultOf(m)).to.be.closeTo((0.8125 + 0 + 2 * 2.5) / 4, 1e-6);
    m.reset();
    expect(await resultOf(m)).to.equal(0);
    m.dispose();
  });

  it('values masked by the loss (ignoreClass) leave the mean', async () => {
    const m = new metrics.LossMetric({loss: new losses.SparseCategoricalCrossentropy({ignoreClass: 0})});
    await update(m, tf.tensor1d([0, 1, 2], 'int32'), [[0.5, 0.25, 0.25], [0.5, 0.25, 0.25], [0.5, 0.25, 0.25]]);
    expect(await resultOf(m)).to.be.closeTo(-Math.log(0.25), 1e-5);
    await update(m, tf.tensor1d([0], 'int32'), [[0.5, 0.25, 0.25]], [3]);
    expect(await resultOf(m)).to.be.closeTo(-Math.log(0.25), 1e-5);
    m.dispose();
  });
});
