/**
 * The seed of a stochastic layer (Dropout, the noise layers, DropConnect), as Keras 3's `SeedGenerator`:
 * a seeded layer draws a reproducible sequence, a different seed on each call (so successive training
 * steps get fresh masks), the same sequence for two layers built with the same seed; an unseeded layer
 * draws fresh randomness.
 */
import {ValueError, describe} from '@stratum/core';

/** Spacing between the seeds of successive calls, so layers seeded 1 and 2 do not replay each other's masks one step apart. */
const STEP = 1_000_003;

export class NoiseSeed {
  readonly seed: number | null;
  private calls = 0;

  constructor(owner: string, seed: unknown) {
    if (seed !== undefined && seed !== null && !Number.isSafeInteger(seed)) {
      throw new ValueError(`${owner}: seed must be an integer or null, received ${describe(seed)}`);
    }
    this.seed = (seed as number | null | undefined) ?? null;
  }

  /** The seed of the next random draw (undefined when unseeded). */
  next(): number | undefined {
    return this.seed === null ? undefined : this.seed + STEP * this.calls++;
  }
}

/** Checks a rate argument: a number in [0, 1], or in [0, 1) when `maxExclusive` (say why in `reason`). */
export function checkRate(owner: string, rate: unknown, maxExclusive = false, reason = ''): number {
  const ok = typeof rate === 'number' && rate >= 0 && (maxExclusive ? rate < 1 : rate <= 1);
  if (!ok) throw new ValueError(`${owner}: rate must be a number in [0, 1${maxExclusive ? ')' : ']'}${reason}, received ${describe(rate)}`);
  return rate;
}
