/**
 * Learning-rate schedules (`optimizers.schedules`): classes, lower-case factories, and registration so
 * schedules inside saved optimizers can be rebuilt. Keras's six are written under `keras.optimizers.schedules`;
 * `InverseSqrtDecay` and `LinearWarmup` are Stratum's own (`registeredName` `stratum>...`).
 */
import type {SerializedObject} from '../../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../../serialization/registry.js';
import {CosineDecayRestarts} from './cosine-decay-restarts.js';
import type {CosineDecayRestartsArgs} from './cosine-decay-restarts.js';
import {CosineDecay} from './cosine-decay.js';
import type {CosineDecayArgs} from './cosine-decay.js';
import {ExponentialDecay} from './exponential-decay.js';
import type {ExponentialDecayArgs} from './exponential-decay.js';
import {InverseSqrtDecay} from './inverse-sqrt-decay.js';
import type {InverseSqrtDecayArgs} from './inverse-sqrt-decay.js';
import {InverseTimeDecay} from './inverse-time-decay.js';
import type {InverseTimeDecayArgs} from './inverse-time-decay.js';
import {LinearWarmup} from './linear-warmup.js';
import type {LinearWarmupArgs} from './linear-warmup.js';
import {PiecewiseConstantDecay} from './piecewise-constant-decay.js';
import type {PiecewiseConstantDecayArgs} from './piecewise-constant-decay.js';
import {PolynomialDecay} from './polynomial-decay.js';
import type {PolynomialDecayArgs} from './polynomial-decay.js';
import {LearningRateSchedule} from './schedule.js';

export {LearningRateSchedule} from './schedule.js';
export {ExponentialDecay} from './exponential-decay.js';
export type {ExponentialDecayArgs} from './exponential-decay.js';
export {PiecewiseConstantDecay} from './piecewise-constant-decay.js';
export type {PiecewiseConstantDecayArgs} from './piecewise-constant-decay.js';
export {PolynomialDecay} from './polynomial-decay.js';
export type {PolynomialDecayArgs} from './polynomial-decay.js';
export {InverseTimeDecay} from './inverse-time-decay.js';
export type {InverseTimeDecayArgs} from './inverse-time-decay.js';
export {CosineDecay} from './cosine-decay.js';
export type {CosineDecayArgs} from './cosine-decay.js';
export {CosineDecayRestarts} from './cosine-decay-restarts.js';
export type {CosineDecayRestartsArgs} from './cosine-decay-restarts.js';
export {InverseSqrtDecay} from './inverse-sqrt-decay.js';
export type {InverseSqrtDecayArgs} from './inverse-sqrt-decay.js';
export {LinearWarmup} from './linear-warmup.js';
export type {LinearWarmupArgs} from './linear-warmup.js';

/** Exponential decay `η₀·r^(t/T)` (see {@link ExponentialDecay}). */
export function exponentialDecay(args: ExponentialDecayArgs): ExponentialDecay {
  return new ExponentialDecay(args);
}
/** Step decay: constant between boundaries (see {@link PiecewiseConstantDecay}). */
export function piecewiseConstantDecay(args: PiecewiseConstantDecayArgs): PiecewiseConstantDecay {
  return new PiecewiseConstantDecay(args);
}
/** Polynomial (linear when `power` is 1) decay, optionally cycling (see {@link PolynomialDecay}). */
export function polynomialDecay(args: PolynomialDecayArgs): PolynomialDecay {
  return new PolynomialDecay(args);
}
/** Inverse time decay `η₀/(1 + k·t/T)` (see {@link InverseTimeDecay}). */
export function inverseTimeDecay(args: InverseTimeDecayArgs): InverseTimeDecay {
  return new InverseTimeDecay(args);
}
/** Cosine decay with optional warmup (see {@link CosineDecay}). */
export function cosineDecay(args: CosineDecayArgs): CosineDecay {
  return new CosineDecay(args);
}
/** Cosine decay with warm restarts (see {@link CosineDecayRestarts}). */
export function cosineDecayRestarts(args: CosineDecayRestartsArgs): CosineDecayRestarts {
  return new CosineDecayRestarts(args);
}
/** Inverse square root decay `η₀/√(1 + t/T)` (see {@link InverseSqrtDecay}). */
export function inverseSqrtDecay(args: InverseSqrtDecayArgs): InverseSqrtDecay {
  return new InverseSqrtDecay(args);
}
/** Linear warmup in front of any schedule or constant (see {@link LinearWarmup}). */
export function linearWarmup(args: LinearWarmupArgs): LinearWarmup {
  return new LinearWarmup(args);
}

/** Registers the built-in schedules (called once from core's registration). */
export function registerSchedules(): void {
  for (const cls of [ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts]) {
    registerSerializable(cls, {category: 'schedule', module: 'keras.optimizers.schedules'});
  }
  for (const cls of [InverseSqrtDecay, LinearWarmup]) registerSerializable(cls, {category: 'schedule', package: 'stratum'});
}

/** Resolves a serialized schedule envelope (or returns a schedule instance as is). */
export function getSchedule(id: LearningRateSchedule | SerializedObject): LearningRateSchedule {
  return id instanceof LearningRateSchedule ? id : resolveIdentifier<LearningRateSchedule>('schedule', id);
}
