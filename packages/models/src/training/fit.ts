import {CallbackList, History, Logs, ValueError, describe, ops} from '@stratum/core';
import type {Callback, Tensor} from '@stratum/core';
import {ProgbarLogger} from '@stratum/callbacks';
import {batches, disposeBatch} from './data.js';
import type {DataInput} from './data.js';
import type {CompiledState} from './compiled.js';
import {trainStep} from './step.js';
import {classWeights, positiveInt, prepare, requireCompiled, runEvaluation, splitValidation} from './trainer.js';
import type {FitArgs, Prepared, TrainableModel} from './trainer.js';

interface FitPlan {
  train: Prepared;
  val: Prepared | null;
  owned: Tensor[];
}

function plan(model: TrainableModel, x: DataInput, y: DataInput, args: FitArgs): FitPlan {
  const all = prepare(model, x, y, args.sampleWeight, 'fit');
  const owned = [...all.owned];
  try {
    let train = all;
    let val: Prepared | null = null;
    if (args.validationData !== undefined) {
      const [vx, vy, vw] = args.validationData;
      val = prepare(model, vx, vy, vw, 'fit: validationData');
      owned.push(...val.owned);
    } else if (args.validationSplit !== undefined && args.validationSplit !== 0) {
      [train, val] = splitValidation(all, args.validationSplit);
      owned.push(...train.owned, ...val.owned);
    }
    if (args.classWeight !== undefined) {
      if (model.outputNames.length !== 1) throw new ValueError('fit: classWeight is only supported for single-output models; use sampleWeight');
      const cw = classWeights(train.ys, args.classWeight);
      const sw = train.sw === null ? cw : ops.mul(train.sw, cw);
      if (sw !== cw) cw.dispose();
      owned.push(sw);
      train = {...train, sw};
    }
    return {train, val, owned};
  } catch (e) {
    ops.dispose(owned);
    throw e;
  }
}

/**
 * Warns once per `fit` when the loss becomes NaN or ±Infinity. It only looks at values already read
 * back for callbacks (the progress bar, epoch logs): it never adds a read per batch.
 */
class NonFiniteLossWatch {
  private warned = false;
  check(loss: number | undefined, epoch: number, batch: number | null): void {
    if (this.warned || loss === undefined || Number.isFinite(loss)) return;
    this.warned = true;
    const where = batch === null ? `at the end of epoch ${epoch + 1}` : `in epoch ${epoch + 1} at batch ${batch + 1}`;
    console.warn(`fit: the loss became ${loss} ${where}; the weights are probably NaN from here on. Check the data for NaN or Infinity, or lower the learning rate`);
  }
}

async function trainEpoch(model: TrainableModel, state: CompiledState, data: Prepared, batchSize: number, shuffle: boolean, callbacks: CallbackList, watch: NonFiniteLossWatch, epoch: number): Promise<void> {
  const wantBatchLogs = callbacks.wantsBatchHooks('Train');
  let step = 0;
  for (const batch of batches(data.xs, data.ys, data.sw, data.n, batchSize, shuffle)) {
    if (wantBatchLogs) await callbacks.batchBegin('Train', step, new Logs({batch: step, size: batch.size}));
    try {
      trainStep(model, state, batch);
    } finally {
      disposeBatch(batch);
    }
    if (wantBatchLogs) {
      const logs = state.resultLogs();
      try {
        await callbacks.batchEnd('Train', step, logs);
        watch.check(logs.peek('loss'), epoch, step);
      } finally {
        logs.dispose();
      }
    }
    step++;
    if (model.stopTraining) break;
  }
}

/** The user's callbacks as a list (a single callback or a non-list is named in the error). */
function checkedCallbacks(cbs: FitArgs['callbacks']): Callback[] {
  if (cbs === undefined) return [];
  if (!Array.isArray(cbs)) throw new ValueError(`fit: callbacks must be a list of Callback instances, received ${describe(cbs)}`);
  return cbs;
}

/**
 * Trains the model for `epochs` epochs (Keras `fit`). Resolves to the {@link History}; the model is
 * left as the last completed step made it.
 */
export async function fit(model: TrainableModel, x: DataInput, y: DataInput, args: FitArgs = {}): Promise<History> {
  const state = requireCompiled(model, 'fit');
  const batchSize = positiveInt('fit: batchSize', args.batchSize, 32);
  const epochs = positiveInt('fit: epochs', args.epochs, 1);
  const initialEpoch = args.initialEpoch ?? 0;
  const validationFreq = positiveInt('fit: validationFreq', args.validationFreq, 1);
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ValueError(`fit: initialEpoch must be a non-negative integer, received ${describe(args.initialEpoch)}`);
  const verbose = args.verbose ?? 1;
  const history = new History();
  // History and the progress bar come last (as in Keras) so they see what user callbacks add to the logs.
  const callbacks = new CallbackList([...checkedCallbacks(args.callbacks), history, ...(verbose > 0 ? [new ProgbarLogger({verbose})] : [])]);
  const {train, val, owned} = plan(model, x, y, args);
  const watch = new NonFiniteLossWatch();
  const names = state.metricNames();
  callbacks.setParams({epochs, steps: Math.ceil(train.n / batchSize), verbose, metrics: [...names, ...(val === null ? [] : names.map((n) => `val_${n}`))]});
  model.stopTraining = false;
  try {
    callbacks.setModel(model);
    await callbacks.trainBegin(new Logs());
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await callbacks.epochBegin(epoch, new Logs());
      state.resetMetrics();
      await trainEpoch(model, state, train, batchSize, args.shuffle ?? true, callbacks, watch, epoch);
      const logs = new Logs(await state.resultLogs().resolve());
      watch.check(logs.peek('loss'), epoch, null);
      if (val !== null && (epoch + 1 - initialEpoch) % validationFreq === 0) {
        const valValues = await (await runEvaluation(model, state, val, batchSize, null)).resolve();
        for (const [k, v] of Object.entries(valValues)) logs.set(`val_${k}`, v);
      }
      await callbacks.epochEnd(epoch, logs);
      if (model.stopTraining) break;
    }
    // With useEma, the weights become their moving averages once training ends (as in Keras).
    state.optimizer.finalizeVariableValues();
    await callbacks.trainEnd(new Logs());
  } finally {
    ops.dispose(owned);
  }
  return history;
}

