import {Callback} from './callback.js';
import type {CallbackParams, TrainingModel} from './callback.js';
import type {Logs} from './logs.js';
import {ValueError, describe} from '../errors.js';

/** A `Callback` instance, or an object built like one (another copy of the class, same protocol). */
function isCallback(c: unknown): c is Callback {
  if (c instanceof Callback) return true;
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return typeof o['setModel'] === 'function' && typeof o['setParams'] === 'function';
}

/** Names a non-callback for an error: its class (or "a plain object") and its keys, hooks included. */
function describeNonCallback(c: unknown): string {
  if (typeof c !== 'object' || c === null) return describe(c);
  const proto: unknown = Object.getPrototypeOf(c);
  const ctor = proto === null || proto === Object.prototype ? null : (c as {constructor?: {name?: unknown}}).constructor?.name;
  const kind = typeof ctor === 'string' && ctor !== '' ? `an instance of ${ctor}` : 'a plain object';
  return `${kind} with keys ${describe(Object.keys(c))}`;
}

/** Calls a list of callbacks in order, awaiting each hook. */
export class CallbackList {
  readonly callbacks: Callback[];
  constructor(callbacks: readonly Callback[] = []) {
    if (!Array.isArray(callbacks)) throw new ValueError(`callbacks must be a list of Callback instances, received ${describe(callbacks)}`);
    callbacks.forEach((c: unknown, i) => {
      if (!isCallback(c)) {
        throw new ValueError(`callbacks[${i}] must be a Callback (extend the Callback class and define its hooks as methods), received ${describeNonCallback(c)}`);
      }
    });
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
