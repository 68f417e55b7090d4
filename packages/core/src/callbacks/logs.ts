/**
 * Lazy training logs: values may stay on the backend as scalar tensors and are read back to the CPU
 * only when a callback asks for them (`await logs.get('loss')`), never once per batch by default.
 */
import * as tf from '@tensorflow/tfjs-core';

export type LogValue = number | tf.Tensor;

export class Logs {
  private readonly values = new Map<string, LogValue>();

  constructor(init: Record<string, LogValue> = {}) {
    for (const [k, v] of Object.entries(init)) this.values.set(k, v);
  }

  /** Stores a value; a tensor becomes owned by these logs (freed by {@link dispose}). */
  set(key: string, value: LogValue): void {
    const old = this.values.get(key);
    if (old instanceof tf.Tensor && old !== value) old.dispose();
    this.values.set(key, value);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** The value as a number (reads a tensor back asynchronously and caches the number). */
  async get(key: string): Promise<number | undefined> {
    const v = this.values.get(key);
    if (v === undefined || typeof v === 'number') return v;
    const n = (await v.data())[0] as number;
    v.dispose();
    this.values.set(key, n);
    return n;
  }

  /** The value if it is already a number, without reading anything back. */
  peek(key: string): number | undefined {
    const v = this.values.get(key);
    return typeof v === 'number' ? v : undefined;
  }

  /** Every value as a number. */
  async resolve(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const k of this.keys()) out[k] = (await this.get(k)) as number;
    return out;
  }

  /** Frees any values still held as tensors. */
  dispose(): void {
    for (const v of this.values.values()) if (v instanceof tf.Tensor) v.dispose();
    this.values.clear();
  }
}
