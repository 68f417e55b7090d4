/**
 * The one training loop (DESIGN §4): fit, evaluate and predict share the data adapter and batching;
 * callbacks observe through lazy logs.
 */
import {CallbackList, Logs, RuntimeError, ValueError, describe, ops} from '@stratum/core';
import type {Callback, Tensor, TrainingModel} from '@stratum/core';
import {batches, disposeBatch, sampleCount, sliceRows, toTensors} from './data.js';
import type {DataInput} from './data.js';
import type {CompiledState} from './compiled.js';
import {testStep} from './step.js';
import type {Steppable} from './step.js';

export interface FitArgs {
  /** Default 32. */
  batchSize?: number;
  /** Default 1. */
  epochs?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  /** Fraction of the data, taken from the end before shuffling, used for validation. */
  validationSplit?: number;
  /** `[x, y]` or `[x, y, sampleWeight]` evaluated at the end of each epoch. */
  validationData?: [DataInput, DataInput] | [DataInput, DataInput, DataInput];
  /** Shuffle the training data each epoch. Default true. */
  shuffle?: boolean;
  /** Per-sample weights `[n]`. */
  sampleWeight?: DataInput;
  /** Per-class weights for single-output classification: `{0: 1, 1: 5}`. */
  classWeight?: Record<number, number>;
  /** Epoch to start from (resuming). Default 0. */
  initialEpoch?: number;
  /** Validate every N epochs. Default 1. */
  validationFreq?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  sampleWeight?: DataInput;
  callbacks?: Callback[];
}

/** What the loop needs from a model. */
export interface TrainableModel extends Steppable, TrainingModel {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly compiled: CompiledState | null;
}

function requireCompiled(model: TrainableModel, what: string): CompiledState {
  if (model.compiled === null) throw new RuntimeError(`${what}: the model must be compiled first; call model.compile({optimizer, loss, metrics})`);
  return model.compiled;
}

function positiveInt(what: string, v: number | undefined, dflt: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`${what} must be a positive integer, received ${describe(v)}`);
  return n;
}

interface Prepared {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  n: number;
  owned: Tensor[];
}

function prepare(model: TrainableModel, x: DataInput, y: DataInput, sampleWeight: DataInput | undefined, what: string): Prepared {
  const owned: Tensor[] = [];
  try {
    const cx = toTensors(x, model.inputNames, 'x');
    owned.push(...cx.owned);
    const cy = toTensors(y, model.outputNames, 'y');
    owned.push(...cy.owned);
    const cw = sampleWeight === undefined ? null : toTensors(sampleWeight, ['sampleWeight'], 'sampleWeight');
    owned.push(...(cw?.owned ?? []));
    const n = sampleCount({x: cx.tensors, y: cy.tensors, ...(cw === null ? {} : {sampleWeight: cw.tensors})});
    if (n === 0) throw new ValueError(`${what}: received no samples`);
    return {xs: cx.tensors, ys: cy.tensors, sw: cw?.tensors[0] ?? null, n, owned};
  } catch (e) {
    ops.dispose(owned);
    throw e;
  }
}

/** Checks a `classWeight` record: keys are class indices (non-negative integers), values finite and >= 0. */
function checkClassWeights(weights: Record<number, number>): void {
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw new ValueError(`fit: classWeight must be a record {classIndex: weight}, e.g. {0: 1, 1: 5}, received ${describe(weights)}`);
  }
  for (const [key, w] of Object.entries(weights)) {
    if (!/^(0|[1-9]\d*)$/.test(key)) throw new ValueError(`fit: classWeight keys must be class indices (non-negative integers), received key ${describe(key)}`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ValueError(`fit: classWeight[${key}] must be a finite number >= 0, received ${describe(w)}`);
  }
}

function classWeights(ys: Tensor[], weights: Record<number, number>): Tensor {
  checkClassWeights(weights);
  return ops.tidy(() => {
    const y = ys[0] as Tensor;
    const classes = y.rank > 1 && (y.shape[y.rank - 1] as number) > 1 ? ops.argMax(y, -1) : ops.reshape(ops.cast(y, 'int32'), [y.shape[0] as number]);
    const k = Math.max(0, ...Object.keys(weights).map(Number)) + 1;
    const table = ops.tensor(Array.from({length: k}, (_v, i) => weights[i] ?? 1), [k], 'float32');
    return ops.gather(table, ops.clipByValue(classes, 0, k - 1));
  });
}

async function runEvaluation(model: TrainableModel, state: CompiledState, data: Prepared, batchSize: number, callbacks: CallbackList | null): Promise<Logs> {
  state.resetMetrics();
  let step = 0;
  for (const batch of batches(data.xs, data.ys, data.sw, data.n, batchSize, false)) {
    try {
      await callbacks?.batchBegin('Test', step, new Logs());
      testStep(model, state, batch);
    } finally {
      disposeBatch(batch);
    }
    await callbacks?.batchEnd('Test', step++, new Logs());
  }
  return state.resultLogs();
}

/** Evaluates the compiled loss and metrics on `x`/`y`; resolves to `{loss, <metric>: number}`. */
export async function evaluate(model: TrainableModel, x: DataInput, y: DataInput, args: EvaluateArgs = {}): Promise<Record<string, number>> {
  const state = requireCompiled(model, 'evaluate');
  const batchSize = positiveInt('evaluate: batchSize', args.batchSize, 32);
  const callbacks = new CallbackList(args.callbacks ?? []);
  const data = prepare(model, x, y, args.sampleWeight, 'evaluate');
  try {
    callbacks.setModel(model);
    await callbacks.begin('Test', new Logs());
    const logs = await runEvaluation(model, state, data, batchSize, callbacks);
    const out = await logs.resolve();
    await callbacks.end('Test', new Logs(out));
    return out;
  } finally {
    ops.dispose(data.owned);
  }
}

/** Splits prepared data: the last `fraction` of samples (before shuffling) become validation data. */
export function splitValidation(data: Prepared, fraction: number): [Prepared, Prepared] {
  if (!(fraction > 0 && fraction < 1)) throw new ValueError(`fit: validationSplit must be in (0, 1), received ${describe(fraction)}`);
  const cut = Math.floor(data.n * (1 - fraction));
  if (cut === 0 || cut === data.n) throw new ValueError(`fit: validationSplit ${fraction} of ${data.n} samples leaves an empty training or validation set`);
  const part = (start: number, end: number): Prepared => {
    const xs = sliceRows(data.xs, start, end);
    const ys = sliceRows(data.ys, start, end);
    const sw = data.sw === null ? null : (sliceRows([data.sw], start, end)[0] as Tensor);
    return {xs, ys, sw, n: end - start, owned: [...xs, ...ys, ...(sw === null ? [] : [sw])]};
  };
  return [part(0, cut), part(cut, data.n)];
}

export {prepare, requireCompiled, positiveInt, classWeights, runEvaluation};
export type {Prepared};
