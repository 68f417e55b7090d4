/**
 * BatchNormalization inside models: `fit` moves the moving statistics (state updated by the forward
 * pass, not by the optimizer), a frozen BatchNormalization stays in inference mode during `fit` and its
 * statistics never move (Keras 3 fine-tuning semantics), and a conv + BN model round-trips through Keras
 * 3 JSON, Keras 2 JSON (one-element `axis` lists) and a TF.js folder with Keras's weight order.
 */
import {expect} from 'chai';
import {ops, optimizers, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {BatchNormalization, Conv2D, Dense, GlobalAveragePooling2D, ReLU, input, resetNames} from '@stratum/layers';
import {fromJSON, loadModel, model, sequential} from './index.js';
import type {Model} from './index.js';
import {copyWeights, tempDir} from './saving/fixtures.test.helpers.js';
import {modelToConfig} from './saving/to-json.js';

const X = [
  [1, -2, 0.5],
  [3, 0, -1.5],
  [-1, 4, 2],
  [0.5, 1, 1],
];

function convBn(): Model {
  const x = input({shape: [6, 6, 2], name: 'img'});
  const c = new Conv2D({filters: 3, kernelSize: 3, useBias: false, name: 'conv'}).apply(x);
  const b = new BatchNormalization({name: 'bn'}).apply(c);
  const r = new ReLU({maxValue: 6, name: 'relu6'}).apply(b);
  return model({inputs: x, outputs: new Dense({units: 2, name: 'out'}).apply(new GlobalAveragePooling2D({name: 'gap'}).apply(r)), name: 'convbn'});
}

async function read(t: Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describeBackends('BatchNormalization in models', () => {
  beforeEach(() => resetNames());

  it('fit moves the moving statistics to the batch statistics (momentum 0), the optimizer does not touch them', async () => {
    const bn = new BatchNormalization({momentum: 0, inputShape: [3], name: 'bn'});
    const m = sequential([bn, new Dense({units: 1, kernelInitializer: 'ones'})]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.01}), loss: 'mse'});
    expect(m.trainableWeights.map((w) => w.path)).to.deep.equal(['bn/gamma', 'bn/beta', 'dense/kernel', 'dense/bias']);
    await m.fit(tensor2d(X), ops.ones([4, 1]), {epochs: 2, batchSize: 4, verbose: 0});
    const mean = [0, 1, 2].map((j) => X.reduce((a, r) => a + (r[j] as number), 0) / 4);
    const variance = mean.map((mu, j) => X.reduce((a, r) => a + ((r[j] as number) - mu) ** 2, 0) / 4);
    await expectClose((bn.movingMean as NonNullable<typeof bn.movingMean>).value, mean, 1e-5);
    await expectClose((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value, variance, 1e-5);
    m.dispose();
  });

  it('a frozen BatchNormalization keeps inference mode through fit and its statistics do not move', async () => {
    const bn = new BatchNormalization({momentum: 0.5, inputShape: [3], name: 'bn'});
    const m = sequential([bn, new Dense({units: 1})]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    await m.fit(tensor2d(X), ops.ones([4, 1]), {epochs: 1, batchSize: 4, verbose: 0});
    bn.trainable = false;
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const stats = [await read((bn.movingMean as NonNullable<typeof bn.movingMean>).value), await read((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value)];
    const gamma = await read((bn.gamma as NonNullable<typeof bn.gamma>).value);
    await m.fit(tensor2d(X), ops.ones([4, 1]), {epochs: 3, batchSize: 2, verbose: 0});
    expect(await read((bn.movingMean as NonNullable<typeof bn.movingMean>).value)).to.deep.equal(stats[0]);
    expect(await read((bn.movingVariance as NonNullable<typeof bn.movingVariance>).value)).to.deep.equal(stats[1]);
    expect(await read((bn.gamma as NonNullable<typeof bn.gamma>).value)).to.deep.equal(gamma);
    expect(m.trainableWeights.map((w) => w.path)).to.deep.equal(['dense/kernel', 'dense/bias']);
    m.dispose();
  });

  it('round-trips a conv + BN + ReLU6 model through Keras 3 and Keras 2 JSON and a TF.js folder', async () => {
    const m = convBn();
    // conv 3·3·2·3 = 54 (no bias); bn 4·3 = 12 (6 trainable); out 3·2 + 2 = 8.
    expect(m.countParams()).to.equal(74);
    expect(m.getLayer('bn').weights.map((w) => w.path)).to.deep.equal(['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']);
    const x = ops.randomUniform([2, 6, 6, 2], -1, 1, 'float32', 3);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    await m.fit(x, ops.ones([2, 2]), {epochs: 2, verbose: 0});
    const want = (await (m.predict(x) as Tensor).array()) as number[][];
    for (const flavor of ['keras3', 'keras2'] as const) {
      const config = modelToConfig(m, flavor);
      if (flavor === 'keras2') {
        // tf.keras wrote BatchNormalization's axis as a one-element list.
        const layers = ((config as {config: {layers: {class_name: string; config: Record<string, unknown>}[]}}).config.layers);
        const bnEntry = layers.find((l) => l.class_name === 'BatchNormalization');
        (bnEntry as {config: Record<string, unknown>}).config['axis'] = [3];
      }
      const copy = fromJSON(config);
      copyWeights(m, copy);
      await expectClose(copy.predict(x) as Tensor, want, 1e-5);
      copy.dispose();
    }
    const {dir, cleanup} = await tempDir();
    await m.save(`file://${dir}/m`);
    const loaded = await loadModel(`file://${dir}/m/model.json`);
    await expectClose(loaded.predict(x) as Tensor, want, 1e-5);
    await expectClose((loaded.getLayer('bn').weights[2] as NonNullable<Model['weights'][number]>).value, await read(m.getLayer('bn').weights[2]!.value), 1e-6);
    for (const v of [m, loaded]) v.dispose();
    await cleanup();
  });
});
