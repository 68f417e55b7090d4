import {Callback} from './callback.js';
import type {Logs} from './logs.js';

/** Records every epoch's logs; `fit` returns it. `history.loss[e]` is the loss after epoch `e`. */
export class History extends Callback {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch.length = 0;
    for (const k of Object.keys(this.history)) delete this.history[k];
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(await logs.resolve())) (this.history[k] ??= []).push(v);
  }
}
