/**
 * Losses added by the forward pass (Keras `add_loss`, `activity_regularizer`, ActivityRegularization):
 * counted in training and evaluation, divided by the batch size as Keras 3 does
 * (keras/src/layers/layer.py __call__), ignored by predict, saved in the layer's config.
 */
import {expect} from 'chai';
import {memory, ops, optimizers, regularizers, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {ActivityRegularization, Dense, Layer, resetNames} from '@stratum/layers';
import {runLayerTest} from '@stratum/layers/testing';
import {fromJSON, sequential} from './index.js';
import {modelToConfig} from './saving/to-json.js';

const X = [
  [1, -2],
  [0.5, 3],
  [-1, 0],
];

/** Adds `scale · Σx` to the loss and passes x through. */
class SumLoss extends Layer {
  static override readonly className = 'SumLoss';
  call(x: Tensor): Tensor {
    this.addLoss(ops.mul(ops.sum(x), 0.25));
    return x;
  }
}

function fixedDense(): Dense {
  const d = new Dense({units: 1, name: 'd', kernelInitializer: 'ones'});
  return d;
}

describeBackends('layer losses', () => {
  beforeEach(() => resetNames());

  it('ActivityRegularization passes the shared layer test', async () => {
    await runLayerTest({create: () => new ActivityRegularization({l1: 0.1, l2: 0.2}), inputShape: [2, 3], expectedOutputShape: [2, 3], expectedWeights: []});
  });

  it('ActivityRegularization adds (l1·Σ|x| + l2·Σx²)/batch to the evaluated loss', async () => {
    const m = sequential([new ActivityRegularization({l1: 0.1, l2: 0.5, inputShape: [2]}), fixedDense()]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const y = [[0], [0], [0]];
    const mse = X.reduce((a, r) => a + (r[0]! + r[1]!) ** 2, 0) / 3;
    const penalty = (0.1 * X.flat().reduce((a, v) => a + Math.abs(v), 0) + 0.5 * X.flat().reduce((a, v) => a + v * v, 0)) / 3;
    const logs = await m.evaluate(tensor2d(X), tensor2d(y), {batchSize: 3});
    expect(logs['loss']).to.be.closeTo(mse + penalty, 1e-5);
    m.dispose();
  });

  it('a Dense activityRegularizer penalises its outputs; it is saved as activity_regularizer and loads', async () => {
    const m = sequential([new Dense({units: 1, inputShape: [2], kernelInitializer: 'ones', name: 'd', activityRegularizer: new regularizers.L2({l2: 0.3})})]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const outs = X.map((r) => r[0]! + r[1]!);
    const target = [1, 1, 1];
    const mse = outs.reduce((a, o, i) => a + (o - target[i]!) ** 2, 0) / 3;
    const penalty = (0.3 * outs.reduce((a, o) => a + o * o, 0)) / 3;
    const logs = await m.evaluate(tensor2d(X), tensor2d([[1], [1], [1]]));
    expect(logs['loss']).to.be.closeTo(mse + penalty, 1e-5);
    const cfg = modelToConfig(m, 'keras3') as {config: {layers: {config: Record<string, unknown>}[]}};
    expect(cfg.config.layers[1]?.config['activity_regularizer']).to.deep.include({class_name: 'L2'});
    const copy = fromJSON(cfg);
    expect((copy.getLayer('d') as Dense).activityRegularizer).to.be.instanceOf(regularizers.L2);
    copy.dispose();
    m.dispose();
  });

  it('addLoss from call trains (its gradient flows) and predict ignores it without leaking', async () => {
    const m = sequential([new Dense({units: 1, inputShape: [2], name: 'd', kernelInitializer: 'zeros'}), new SumLoss()]);
    // Only the added loss depends on the weights (loss weight 0 on mse): 0.25·Σ(xW + b) falls with SGD.
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse', lossWeights: [0]});
    const x = tensor2d(X);
    ops.dispose(m.predict(x) as Tensor);
    const before = memory().numTensors;
    ops.dispose(m.predict(x) as Tensor);
    expect(memory().numTensors).to.equal(before);
    await m.fit(tensor2d(X), tensor2d([[0], [0], [0]]), {epochs: 1, batchSize: 3, verbose: 0});
    // d/db of 0.25·Σ_batch (x·W + b) = 0.25·3; one SGD step: b = -0.1·0.75.
    const bias = (m.getLayer('d') as Dense).bias;
    expect(Array.from(await (bias as NonNullable<typeof bias>).value.data())[0]).to.be.closeTo(-0.075, 1e-6);
    expect(() => new ActivityRegularization({l1: -1})).to.throw(/l1 must be a non-negative number, received -1/);
    m.dispose();
  });
});
