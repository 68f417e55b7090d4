import {expect} from 'chai';
import * as tf from '@tensorflow/tfjs-core';
import '../backend/backend.js'; // registers the cpu backend when this file runs alone
import {expectNoLeaks} from '../testing/index.js';
import {ValueError} from '../errors.js';
import {Callback, CallbackList, History, Logs} from './index.js';
import type {CallbackParams, TrainingModel} from './index.js';

const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Logs', () => {
  it('holds numbers and tensors; a tensor is read once, cached as a number and disposed', async () => {
    await expectNoLeaks(async () => {
      const loss = tf.scalar(0.25);
      let reads = 0;
      const data = loss.data.bind(loss);
      (loss as unknown as {data: () => Promise<unknown>}).data = () => {
        reads++;
        return data();
      };
      const logs = new Logs({loss, epoch_count: 3});
      expect(logs.keys()).to.deep.equal(['loss', 'epoch_count']);
      expect(logs.has('loss')).to.equal(true);
      expect(logs.peek('loss')).to.equal(undefined);
      expect(logs.peek('epoch_count')).to.equal(3);
      expect(await logs.get('loss')).to.equal(0.25);
      expect(loss.isDisposed).to.equal(true);
      expect(await logs.get('loss')).to.equal(0.25);
      expect(reads).to.equal(1);
      expect(logs.peek('loss')).to.equal(0.25);
      expect(await logs.get('missing')).to.equal(undefined);
      expect(logs.has('missing')).to.equal(false);
    });
  });

  it('resolve reads every value; dispose frees unread tensors', async () => {
    await expectNoLeaks(async () => {
      const logs = new Logs();
      logs.set('loss', tf.scalar(1.5));
      logs.set('accuracy', 0.75);
      expect(await logs.resolve()).to.deep.equal({loss: 1.5, accuracy: 0.75});
      const other = new Logs({val_loss: tf.scalar(2)});
      other.dispose();
      expect(other.keys()).to.deep.equal([]);
    });
  });

  it('set replaces and frees an older tensor', async () => {
    await expectNoLeaks(async () => {
      const logs = new Logs();
      const a = tf.scalar(1);
      logs.set('loss', a);
      logs.set('loss', a); // the same tensor again is kept
      expect(a.isDisposed).to.equal(false);
      logs.set('loss', tf.scalar(2));
      expect(a.isDisposed).to.equal(true);
      expect(await logs.get('loss')).to.equal(2);
      logs.dispose();
    });
  });
});

describe('History', () => {
  it('records epochs and every log value, and resets on train begin', async () => {
    const h = new History();
    h.onTrainBegin();
    await h.onEpochEnd(0, new Logs({loss: tf.scalar(0.5), accuracy: 0.6}));
    await h.onEpochEnd(1, new Logs({loss: 0.25, accuracy: tf.scalar(0.8)}));
    expect(h.epoch).to.deep.equal([0, 1]);
    expect(h.history['loss']).to.deep.equal([0.5, 0.25]);
    expect(h.history['accuracy']![0]).to.be.closeTo(0.6, 1e-7);
    expect(h.history['accuracy']![1]).to.be.closeTo(0.8, 1e-7);
    h.onTrainBegin();
    expect(h.epoch).to.deep.equal([]);
    expect(h.history).to.deep.equal({});
  });
});

describe('CallbackList', () => {
  it('calls hooks in order, awaiting async ones before the next', async () => {
    const events: string[] = [];
    class Slow extends Callback {
      override async onEpochEnd(epoch: number): Promise<void> {
        events.push(`slow start ${epoch}`);
        await tick(10);
        events.push(`slow end ${epoch}`);
      }
      override async onTrainBegin(): Promise<void> {
        await tick(5);
        events.push('slow trainBegin');
      }
    }
    class Fast extends Callback {
      override onEpochEnd(epoch: number): void {
        events.push(`fast ${epoch}`);
      }
      override onTrainBegin(): void {
        events.push('fast trainBegin');
      }
      override onTrainEnd(): void {
        events.push('fast trainEnd');
      }
    }
    const list = new CallbackList([new Slow(), new Fast()]);
    const logs = new Logs();
    await list.trainBegin(logs);
    await list.epochBegin(0, logs); // nobody implements it
    await list.epochEnd(0, logs);
    await list.epochEnd(1, logs);
    await list.trainEnd(logs);
    expect(events).to.deep.equal(['slow trainBegin', 'fast trainBegin', 'slow start 0', 'slow end 0', 'fast 0', 'slow start 1', 'slow end 1', 'fast 1', 'fast trainEnd']);
  });

  it('dispatches batch, test and predict hooks by kind', async () => {
    const events: string[] = [];
    class Rec extends Callback {
      override onTrainBatchBegin(b: number): void {
        events.push(`trainBatchBegin ${b}`);
      }
      override async onTestBatchEnd(b: number): Promise<void> {
        await tick(1);
        events.push(`testBatchEnd ${b}`);
      }
      override onPredictBegin(): void {
        events.push('predictBegin');
      }
      override onTestEnd(): void {
        events.push('testEnd');
      }
    }
    const list = new CallbackList([new Rec()]);
    const logs = new Logs();
    await list.batchBegin('Train', 3, logs);
    await list.batchEnd('Train', 3, logs);
    await list.batchEnd('Test', 4, logs);
    await list.begin('Predict', logs);
    await list.end('Test', logs);
    await list.end('Predict', logs);
    expect(events).to.deep.equal(['trainBatchBegin 3', 'testBatchEnd 4', 'predictBegin', 'testEnd']);
    expect(list.wantsBatchHooks('Train')).to.equal(true);
    expect(list.wantsBatchHooks('Test')).to.equal(true);
    expect(list.wantsBatchHooks('Predict')).to.equal(false);
    expect(new CallbackList([new History()]).wantsBatchHooks('Train')).to.equal(false);
  });

  it('passes the model and params to every callback', () => {
    const a = new Callback();
    const b = new History();
    const list = new CallbackList([a, b]);
    const model: TrainingModel = {stopTraining: false, optimizer: null, getWeights: () => [], setWeights: () => undefined};
    const params: CallbackParams = {epochs: 2, steps: 10, verbose: 0, metrics: ['loss']};
    list.setModel(model);
    list.setParams(params);
    expect(a.model).to.equal(model);
    expect(b.model).to.equal(model);
    expect(b.params).to.equal(params);
    expect(list.callbacks).to.deep.equal([a, b]);
  });

  it('an empty list is a no-op', async () => {
    const list = new CallbackList();
    await list.trainBegin(new Logs());
    expect(list.wantsBatchHooks('Train')).to.equal(false);
  });

  it('propagates a hook error', async () => {
    class Boom extends Callback {
      override async onEpochEnd(): Promise<void> {
        await tick(1);
        throw new Error('boom');
      }
    }
    let caught: unknown = null;
    try {
      await new CallbackList([new Boom()]).epochEnd(0, new Logs());
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).message).to.equal('boom');
  });

  it('refuses a plain object with a typed error naming it, and anything else that is not a Callback', () => {
    const plain = {onEpochEnd(): void {}};
    expect(() => new CallbackList([plain as unknown as Callback])).to.throw(ValueError, /callbacks\[0\] must be a Callback .*received .*onEpochEnd/);
    expect(() => new CallbackList([new History(), null as unknown as Callback])).to.throw(ValueError, /callbacks\[1\] must be a Callback.*received null/);
    expect(() => new CallbackList('history' as unknown as Callback[])).to.throw(ValueError, /callbacks must be a list of Callback instances, received "history"/);
  });

  it('accepts an object built like a Callback (another copy of the class)', () => {
    const lookalike = {model: null, params: null, setModel(): void {}, setParams(): void {}, onEpochEnd(): void {}};
    expect(new CallbackList([lookalike as unknown as Callback]).callbacks).to.have.length(1);
  });
});
