import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import {ValueError, deserializeObject, serializeObject, setBackend} from '../index.js';
import {describeBackends, expectClose, expectNoLeaks, testBackends} from '../testing/index.js';
import * as losses from './index.js';
import type {ConfigDict} from '../serialization/config.js';
import type {Loss} from './index.js';

/** One instance of every loss, with non-default options where it has them. */
function everyLoss(): Loss[] {
  return [
    new losses.MeanSquaredError({reduction: 'sum', name: 'my_mse'}),
    new losses.MeanAbsoluteError(),
    new losses.MeanAbsolutePercentageError({reduction: 'none'}),
    new losses.MeanSquaredLogarithmicError(),
    new losses.Huber({delta: 0.5}),
    new losses.LogCosh(),
    new losses.CosineSimilarity({axis: -1}),
    new losses.BinaryCrossentropy({fromLogits: true, labelSmoothing: 0.1}),
    new losses.CategoricalCrossentropy({labelSmoothing: 0.2}),
    new losses.SparseCategoricalCrossentropy({fromLogits: true, ignoreClass: 2}),
    new losses.BinaryFocalCrossentropy({applyClassBalancing: true, alpha: 0.4, gamma: 1.5, fromLogits: true}),
    new losses.CategoricalFocalCrossentropy({alpha: [0.2, 0.3, 0.5], gamma: 1}),
    new losses.Hinge(),
    new losses.SquaredHinge(),
    new losses.CategoricalHinge(),
    new losses.MulticlassHinge({margin: 0.5}),
    new losses.LogisticLoss(),
    new losses.ExponentialLoss(),
    new losses.KLDivergence(),
    new losses.Poisson({reduction: 'sum'}),
  ];
}

/** Deterministic inputs that suit each loss: class ids for the sparse ones, probabilities otherwise. */
function inputsFor(loss: Loss): [tf.Tensor, tf.Tensor] {
  const probs = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.05, 0.05, 0.9], [0.3, 0.3, 0.4]];
  if (loss instanceof losses.SparseCategoricalCrossentropy) return [tf.tensor1d([1, 2, 2, 0], 'int32'), tf.tensor2d(probs)];
  return [tf.tensor2d([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]), tf.tensor2d(probs)];
}

async function evaluate(loss: Loss): Promise<number[]> {
  const [t, p] = inputsFor(loss);
  const w = tf.tensor1d([1, 0, 2, 0.5]);
  const v = loss.call(t, p, w);
  const out = Array.from(await v.data());
  tf.dispose([t, p, w, v]);
  return out;
}

describe('losses: configs, identifiers and backends', () => {
  it('every loss round-trips through fromConfig(getConfig()) and its JSON envelope with equal config and values', async () => {
    for (const loss of everyLoss()) {
      const env = serializeObject(loss);
      const back = deserializeObject<Loss>('loss', JSON.parse(JSON.stringify(env)) as typeof env);
      expect(back.constructor, loss.name).to.equal(loss.constructor);
      expect(back.getConfig()).to.deep.equal(loss.getConfig());
      const direct = (loss.constructor as unknown as {fromConfig(c: ConfigDict): Loss}).fromConfig(loss.getConfig());
      expect(direct.constructor).to.equal(loss.constructor);
      expect(direct.getConfig()).to.deep.equal(loss.getConfig());
      const [a, b, c] = [await evaluate(loss), await evaluate(back), await evaluate(direct)];
      expect(a.every(Number.isFinite), `${loss.name} gives finite values`).to.equal(true);
      expect(b).to.deep.equal(a);
      expect(c).to.deep.equal(a);
    }
  });

  it('Keras losses are written with module keras.losses, Stratum-only ones with a registered name', () => {
    expect(serializeObject(new losses.Huber())).to.deep.equal({module: 'keras.losses', className: 'Huber', config: {name: 'huber_loss', reduction: 'sum_over_batch_size', delta: 1}, registeredName: null});
    const svm = serializeObject(new losses.MulticlassHinge());
    expect(svm.module).to.equal(null);
    expect(svm.registeredName).to.equal('stratum>MulticlassHinge');
    expect(new losses.SparseCategoricalCrossentropy().getConfig()).to.deep.equal({name: 'sparse_categorical_crossentropy', reduction: 'sum_over_batch_size', fromLogits: false, labelSmoothing: 0, axis: -1, ignoreClass: null});
    expect(new losses.CategoricalFocalCrossentropy().getConfig()).to.deep.equal({name: 'categorical_focal_crossentropy', reduction: 'sum_over_batch_size', fromLogits: false, labelSmoothing: 0, axis: -1, alpha: 0.25, gamma: 2});
  });

  it('default names are the Keras snake_case names', () => {
    const names = everyLoss().map((l) => (new (l.constructor as new () => Loss)()).name);
    expect(names).to.deep.equal([
      'mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'mean_squared_logarithmic_error', 'huber_loss',
      'log_cosh', 'cosine_similarity', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy',
      'binary_focal_crossentropy', 'categorical_focal_crossentropy', 'hinge', 'squared_hinge', 'categorical_hinge', 'multiclass_hinge',
      'logistic_loss', 'exponential_loss', 'kl_divergence', 'poisson',
    ]);
  });

  it('getLoss: both spellings and the Keras aliases', () => {
    const cases: [string[], unknown][] = [
      [['mse', 'MSE', 'mean_squared_error', 'meanSquaredError'], losses.MeanSquaredError],
      [['mae', 'MAE', 'mean_absolute_error', 'MeanAbsoluteError'], losses.MeanAbsoluteError],
      [['mape', 'MAPE', 'mean_absolute_percentage_error'], losses.MeanAbsolutePercentageError],
      [['msle', 'MSLE', 'meanSquaredLogarithmicError'], losses.MeanSquaredLogarithmicError],
      [['kld', 'KLD', 'kl_divergence', 'KLDivergence', 'kullback_leibler_divergence'], losses.KLDivergence],
      [['logcosh', 'log_cosh', 'logCosh'], losses.LogCosh],
      [['huber', 'huber_loss', 'Huber'], losses.Huber],
      [['bce', 'binary_crossentropy'], losses.BinaryCrossentropy],
      [['binary_focal_crossentropy', 'binaryFocalCrossentropy'], losses.BinaryFocalCrossentropy],
      [['categorical_focal_crossentropy'], losses.CategoricalFocalCrossentropy],
      [['hinge'], losses.Hinge],
      [['squared_hinge', 'squaredHinge'], losses.SquaredHinge],
      [['categorical_hinge'], losses.CategoricalHinge],
      [['multiclass_hinge', 'multiclassHinge', 'multiclass_svm'], losses.MulticlassHinge],
      [['logistic', 'logistic_loss', 'logisticLoss'], losses.LogisticLoss],
      [['exponential', 'exponential_loss'], losses.ExponentialLoss],
      [['poisson', 'Poisson'], losses.Poisson],
      [['cosine_similarity', 'cosineSimilarity'], losses.CosineSimilarity],
    ];
    for (const [ids, cls] of cases) for (const id of ids) expect(losses.getLoss(id), id).to.be.instanceOf(cls as new () => Loss);
    expect(() => losses.getLoss('hinj')).to.throw(ValueError, /Unknown loss "hinj"; expected one of .*categorical_hinge.*multiclass_hinge/);
  });

  it('cpu and wasm agree within float32 tolerance on every loss', async function () {
    const backends = testBackends();
    if (backends.length < 2) this.skip();
    const results: number[][][] = [];
    for (const backend of backends) {
      await setBackend(backend as 'cpu' | 'wasm');
      const values: number[][] = [];
      for (const loss of everyLoss()) values.push(await evaluate(loss));
      results.push(values);
    }
    await setBackend(backends[0] as 'cpu' | 'wasm');
    for (let b = 1; b < results.length; b++) {
      for (let i = 0; i < results[0]!.length; i++) {
        const t = tf.tensor(results[b]![i]!);
        await expectClose(t, results[0]![i]!, 1e-5, 1e-5);
        t.dispose();
      }
    }
  });
});

describeBackends('losses: gradients', () => {
  it('every loss has finite values and gradients where probabilities are exactly 0 and 1', async () => {
    const cases = [...everyLoss(), new losses.BinaryFocalCrossentropy({gamma: 0.5}), new losses.CategoricalFocalCrossentropy({gamma: 0.5})];
    for (const loss of cases) {
      const [t, p] = inputsFor(loss);
      const exact = tf.tensor2d([[0, 1, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1]]);
      await expectNoLeaks(async () => {
        const [value, grad] = tf.tidy(() => {
          const g = tf.valueAndGrad((x: tf.Tensor) => tf.sum(loss.call(t, x)) as tf.Scalar)(exact);
          return [g.value, g.grad];
        });
        const numbers = [...Array.from(await value.data()), ...Array.from(await grad.data())];
        expect(numbers.every(Number.isFinite), `${loss.name}: ${numbers.join(', ')}`).to.equal(true);
        tf.dispose([value, grad]);
      });
      tf.dispose([t, p, exact]);
    }
  });
});
