/**
 * Stops training when a monitored value has stopped improving (Keras `EarlyStopping`), optionally
 * restoring the weights of the best epoch.
 */
import {Callback, ValueError, describe, ops} from '@stratum/core';
import type {Logs, Tensor} from '@stratum/core';

export type MonitorMode = 'auto' | 'min' | 'max';

export interface EarlyStoppingArgs {
  /** Log to watch. Default 'val_loss'. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min', 'max', or 'auto' (max for accuracy-like names, else min). Default 'auto'. */
  mode?: MonitorMode;
  /** Stop unless the value beats this baseline within `patience` epochs. */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training stops. Default false. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before starting to monitor. Default 0. */
  startFromEpoch?: number;
  /** 1 prints a message when stopping. Default 0. */
  verbose?: number;
}

export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  return /acc|auc|precision|recall|f1|iou|r2/.test(monitor) && !monitor.endsWith('loss') ? 'max' : 'min';
}

export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  readonly verbose: number;
  /** Epoch at which training was stopped (0 when it ran to the end). */
  stoppedEpoch = 0;
  /** Epoch with the best monitored value so far. */
  bestEpoch = 0;
  best = Infinity;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new ValueError(`EarlyStopping: patience must be a non-negative integer, received ${describe(args.patience)}`);
    const mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) throw new ValueError(`EarlyStopping: mode must be 'auto', 'min' or 'max', received ${describe(args.mode)}`);
    this.mode = resolveMode(this.monitor, mode);
    this.baseline = args.baseline ?? null;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.startFromEpoch = args.startFromEpoch ?? 0;
    this.verbose = args.verbose ?? 0;
  }

  private improved(value: number, reference: number): boolean {
    return this.mode === 'min' ? value < reference - this.minDelta : value > reference + this.minDelta;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
    this.clearBest();
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    if (epoch < this.startFromEpoch || this.model === null) return;
    const value = await logs.get(this.monitor);
    if (value === undefined) {
      console.warn(`EarlyStopping: the monitored value ${describe(this.monitor)} is not in the logs (available: ${logs.keys().join(', ')}); skipping`);
      return;
    }
    this.wait++;
    if (this.improved(value, this.best)) {
      this.best = value;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) {
        this.clearBest();
        this.bestWeights = this.model.getWeights();
      }
      if (this.baseline === null || this.improved(value, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping (best ${this.monitor} ${this.best.toFixed(4)} at epoch ${this.bestEpoch + 1})`);
    if (this.restoreBestWeights && this.bestWeights !== null && this.model !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
    this.clearBest();
  }

  private clearBest(): void {
    if (this.bestWeights !== null) ops.dispose(this.bestWeights);
    this.bestWeights = null;
  }
}
