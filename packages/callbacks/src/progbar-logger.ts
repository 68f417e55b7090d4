/**
 * The terminal progress bar `fit` shows (verbose 1): epoch, step, ETA, loss and metrics, redrawn at
 * most every `intervalMs` on a TTY; on a pipe (CI, notebooks) one line per epoch. Verbose 2: one line per
 * epoch. Values are read from the lazy logs only when a line is drawn.
 */
import {Callback} from '@stratum/core';
import type {Logs} from '@stratum/core';

export interface ProgbarLoggerArgs {
  /** 1 = progress bar, 2 = one line per epoch. Default 1. */
  verbose?: number;
  /** Minimum time between redraws. Default 150 ms. */
  intervalMs?: number;
  /** Where lines go. Default: process.stdout (console.log in a browser). */
  write?: (text: string) => void;
  /** Whether the output can redraw a line in place. Default: stdout is a TTY. */
  isTTY?: boolean;
}

/**
 * Redrawn lines go to process.stdout; complete lines go through console.log, which notebook kernels
 * (Deno's, tslab's) and browsers capture.
 */
function defaultWrite(text: string): void {
  const stdout = typeof process !== 'undefined' ? process.stdout : undefined;
  if (stdout?.isTTY === true) stdout.write(text);
  else console.log(text.replace(/\n$/, ''));
}

function formatValue(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(4) : v.toFixed(4);
}

export function formatDuration(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return seconds >= 1 ? `${Math.round(seconds)}s` : `${Math.round(seconds * 1000)}ms`;
}

export class ProgbarLogger extends Callback {
  private readonly verbose: number;
  private readonly intervalMs: number;
  private readonly write: (text: string) => void;
  private readonly tty: boolean;
  private epochStart = 0;
  private lastDraw = 0;
  private epochs = 0;
  private steps: number | null = null;

  constructor(args: ProgbarLoggerArgs = {}) {
    super();
    this.verbose = args.verbose ?? 1;
    this.intervalMs = args.intervalMs ?? 150;
    this.write = args.write ?? defaultWrite;
    this.tty = args.isTTY ?? (typeof process !== 'undefined' && process.stdout?.isTTY === true);
  }

  override onTrainBegin(): void {
    this.epochs = this.params?.epochs ?? 0;
    this.steps = this.params?.steps ?? null;
  }

  override onEpochBegin(epoch: number): void {
    this.epochStart = Date.now();
    this.lastDraw = 0;
    if (this.verbose === 1) this.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override async onTrainBatchEnd(batch: number, logs: Logs): Promise<void> {
    if (this.verbose !== 1 || !this.tty) return;
    const now = Date.now();
    const last = this.steps !== null && batch + 1 >= this.steps;
    if (!last && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.write(`\r${this.bar(batch + 1)}${await this.metricsText(logs, (k) => !k.startsWith('val_'))}\x1b[K`);
  }

  override async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const steps = this.steps ?? 0;
    const perStep = steps > 0 ? ` ${formatDuration(elapsed / steps)}/step` : '';
    const text = await this.metricsText(logs, () => true);
    if (this.verbose === 1) {
      this.write(`${this.tty ? '\r' : ''}${this.bar(steps)} ${formatDuration(elapsed)}${perStep}${text}${this.tty ? '\x1b[K' : ''}\n`);
    } else if (this.verbose === 2) {
      this.write(`Epoch ${epoch + 1}/${this.epochs} - ${formatDuration(elapsed)}${perStep}${text}\n`);
    }
  }

  private bar(step: number): string {
    const total = this.steps;
    if (total === null || total === 0) return `${step}/Unknown`;
    const width = 30;
    const done = Math.min(width, Math.floor((width * step) / total));
    const arrow = step < total ? '>' : '=';
    const body = `${'='.repeat(Math.max(0, done - (step < total ? 1 : 0)))}${done > 0 || step < total ? arrow : ''}`.slice(0, width);
    const elapsed = (Date.now() - this.epochStart) / 1000;
    const eta = step < total && step > 0 ? ` - ETA: ${formatDuration((elapsed / step) * (total - step))}` : '';
    return `${String(step).padStart(String(total).length)}/${total} [${body.padEnd(width, '.')}]${eta}`;
  }

  private async metricsText(logs: Logs, keep: (k: string) => boolean): Promise<string> {
    let s = '';
    for (const k of logs.keys()) {
      if (k === 'batch' || k === 'size' || !keep(k)) continue;
      const v = await logs.get(k);
      if (v !== undefined) s += ` - ${k}: ${formatValue(v)}`;
    }
    return s;
  }
}
