import {expect} from 'chai';
import {ValueError, metrics, optimizers, tensor2d} from '@stratum/core';
import type {Variable} from '@stratum/core';
import type {ShapeStructure} from '@stratum/layers';
import {describeBackends} from '@stratum/core/testing';
import {Dense, input, resetNames} from '@stratum/layers';
import {model, sequential} from '../index.js';

/** A Dense with an extra weight its call never uses: the loss cannot reach it. */
class DenseWithSpare extends Dense {
  spare: Variable | null = null;
  override build(inputShape: ShapeStructure): void {
    this.spare = this.addWeight({name: 'spare', shape: [1], initializer: 'ones'});
    super.build(inputShape);
  }
}

function captureWarnings(): {lines: string[]; restore: () => void} {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...a: unknown[]): void => {
    lines.push(a.map(String).join(' '));
  };
  return {lines, restore: () => (console.warn = original)};
}

describeBackends('training step fixes', () => {
  beforeEach(() => resetNames());

  it('a model built on first use (no inputShape) gets its first optimizer update', async () => {
    const m = sequential([new Dense({units: 1, kernelInitializer: 'zeros', useBias: false})]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse'});
    expect(m.trainableWeights).to.have.length(0);
    // loss (w·1 - 2)², gradient 2(w - 2) = -4 at w = 0, so one SGD step gives w = 0 + 0.1·4 = 0.4
    await m.fit([[1]], [[2]], {epochs: 1, batchSize: 1, verbose: 0});
    expect(Array.from(await m.weights[0]!.read())[0]).to.be.closeTo(0.4, 1e-6);
    m.dispose();
  });

  it('a weight with no gradient is skipped with one warning; the others train', async () => {
    const layer = new DenseWithSpare({units: 1, inputShape: [1], kernelInitializer: 'zeros', useBias: false});
    const m = sequential([layer]);
    m.compile({optimizer: new optimizers.SGD({learningRate: 0.1}), loss: 'mse'});
    const w = captureWarnings();
    try {
      await m.fit([[1], [1]], [[2], [2]], {epochs: 2, batchSize: 1, verbose: 0, shuffle: false});
    } finally {
      w.restore();
    }
    const noGrad = w.lines.filter((l) => /no gradient/.test(l));
    expect(noGrad).to.have.length(1);
    expect(noGrad[0]).to.match(/no gradient reaches the weights .*spare.*not updated/);
    expect(Array.from(await layer.spare!.read())).to.deep.equal([1]);
    // four SGD steps on (w - 2)²: w ← w + 0.2(2 - w): 0.4, 0.72, 0.976, 1.1808
    expect(Array.from(await layer.kernel!.read())[0]).to.be.closeTo(1.1808, 1e-5);
    m.dispose();
  });

  it('a user metric object on a multi-output model logs under the output\'s name but keeps its own', async () => {
    const x = input({shape: [1], name: 'x'});
    const m = model({inputs: x, outputs: [new Dense({units: 1, name: 'a', kernelInitializer: 'zeros'}).apply(x), new Dense({units: 1, name: 'b', kernelInitializer: 'zeros'}).apply(x)]});
    const mae = new metrics.MeanAbsoluteError({name: 'my_mae'});
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: {a: [mae], b: []}});
    // predictions 0 (zero kernels and biases), targets 3 for output a: mae 3
    const r = await m.evaluate([[1]], [[[3]], [[1]]]);
    expect(r['a_my_mae']).to.be.closeTo(3, 1e-6);
    expect(mae.name).to.equal('my_mae');
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: {a: [mae], b: []}});
    expect(mae.name).to.equal('my_mae');
    m.dispose();
    mae.dispose();
  });

  it('a metrics dict may name only some outputs (keras/src/trainers/compile_utils.py CompileMetrics)', async () => {
    const x = input({shape: [1], name: 'x'});
    const m = model({inputs: x, outputs: [new Dense({units: 1, name: 'a', kernelInitializer: 'zeros'}).apply(x), new Dense({units: 1, name: 'b', kernelInitializer: 'zeros'}).apply(x)]});
    m.compile({optimizer: 'sgd', loss: 'mse', metrics: {b: ['mae']}});
    // predictions 0; output b's target 2: mae 2; output a has no metric
    const r = await m.evaluate([[1]], [[[3]], [[2]]]);
    expect(Object.keys(r).sort()).to.deep.equal(['a_loss', 'b_loss', 'b_mae', 'loss']);
    expect(r['b_mae']).to.be.closeTo(2, 1e-6);
    expect(() => m.compile({optimizer: 'sgd', loss: 'mse', metrics: {c: ['mae']}})).to.throw(ValueError, /metrics names unknown outputs \["c"\]/);
    m.dispose();
  });

  it('one metric object for two outputs is refused (it would mix their state)', () => {
    const x = input({shape: [1], name: 'x'});
    const m = model({inputs: x, outputs: [new Dense({units: 1, name: 'a'}).apply(x), new Dense({units: 1, name: 'b'}).apply(x)]});
    const mae = new metrics.MeanAbsoluteError();
    expect(() => m.compile({optimizer: 'sgd', loss: 'mse', metrics: [mae]})).to.throw(ValueError, /metric object "mean_absolute_error" is used for outputs "a" and "b"; pass a separate metric object for each output/);
    m.dispose();
    mae.dispose();
  });

  it('NaN in the data: one warning per fit naming the epoch, without extra reads', async () => {
    const m = sequential([new Dense({units: 1, inputShape: [1]})]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const x = tensor2d([[1], [Number.NaN], [2]]);
    const w = captureWarnings();
    try {
      await m.fit(x, [[1], [2], [3]], {epochs: 3, batchSize: 1, verbose: 0, shuffle: false});
      await m.fit(x, [[1], [2], [3]], {epochs: 2, batchSize: 1, verbose: 0, shuffle: false});
    } finally {
      w.restore();
    }
    const nan = w.lines.filter((l) => /loss became/.test(l));
    expect(nan).to.have.length(2);
    expect(nan[0]).to.match(/fit: the loss became NaN at the end of epoch 1; .*Check the data for NaN or Infinity/);
    x.dispose();
    m.dispose();
  });

  it('NaN seen by a callback that reads batch logs is reported at that batch', async () => {
    const {Callback} = await import('@stratum/core');
    class ReadsLoss extends Callback {
      override async onTrainBatchEnd(_b: number, logs: import('@stratum/core').Logs): Promise<void> {
        await logs.get('loss');
      }
    }
    const m = sequential([new Dense({units: 1, inputShape: [1]})]);
    m.compile({optimizer: 'sgd', loss: 'mse'});
    const w = captureWarnings();
    try {
      await m.fit([[1], [Number.POSITIVE_INFINITY], [2]], [[1], [2], [3]], {epochs: 2, batchSize: 1, verbose: 0, shuffle: false, callbacks: [new ReadsLoss()]});
    } finally {
      w.restore();
    }
    const bad = w.lines.filter((l) => /loss became/.test(l));
    expect(bad).to.have.length(1);
    expect(bad[0]).to.match(/the loss became (NaN|Infinity) in epoch 1 at batch 2/);
    m.dispose();
  });
});
