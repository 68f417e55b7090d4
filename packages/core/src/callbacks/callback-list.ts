import type {Callback, CallbackParams, TrainingModel} from './callback.js';
import type {Logs} from './logs.js';

/** Calls a list of callbacks in order, awaiting each hook. */
export class CallbackList {
  readonly callbacks: Callback[];
  constructor(callbacks: readonly Callback[] = []) {
    this.callbacks = [...callbacks];
  }
  setModel(model: TrainingModel): void {
    for (const c of this.callbacks) c.setModel(model);
  }
  setParams(params: CallbackParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }
  /** True when some callback implements a per-batch hook (so the trainer must prepare batch logs). */
  wantsBatchHooks(kind: 'Train' | 'Test' | 'Predict'): boolean {
    return this.callbacks.some((c) => c[`on${kind}BatchBegin`] !== undefined || c[`on${kind}BatchEnd`] !== undefined);
  }
  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }
  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }
  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }
  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }
  async batchBegin(kind: 'Train' | 'Test' | 'Predict', batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c[`on${kind}BatchBegin`]?.(batch, logs);
  }
  async batchEnd(kind: 'Train' | 'Test' | 'Predict', batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c[`on${kind}BatchEnd`]?.(batch, logs);
  }
  async begin(kind: 'Test' | 'Predict', logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c[`on${kind}Begin`]?.(logs);
  }
  async end(kind: 'Test' | 'Predict', logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c[`on${kind}End`]?.(logs);
  }
}
