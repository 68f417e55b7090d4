/**
 * Optimizer base (Keras 3 semantics). Subclasses implement one variable's update; the base handles the
 * learning rate (number, schedule or function of the step, readable and writable during training),
 * gradient clipping, slot variables, constraints and the iteration count.
 */
import * as tf from '@tensorflow/tfjs-core';
import {RuntimeError, ShapeError, ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable, SerializedObject} from '../serialization/config.js';
import {isSerializedObject} from '../serialization/config.js';
import {resolveIdentifier, serializeObject} from '../serialization/registry.js';
import type {Variable} from '../variable.js';
import {LearningRateSchedule} from './schedules/schedule.js';

export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

export interface OptimizerArgs {
  /** A number, a schedule, or a function of the step. */
  learningRate?: LearningRate | SerializedObject;
  /** Clip each gradient to this L2 norm. */
  clipnorm?: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number | null;
  name?: string;
}

/** A gradient for one variable. */
export interface GradientPair {
  variable: Variable;
  gradient: tf.Tensor;
}

function checkPositive(owner: string, what: string, v: number | null | undefined): void {
  if (v !== null && v !== undefined && !(v > 0)) throw new ValueError(`${owner}: ${what} must be a positive number, received ${describe(v)}`);
}

export abstract class Optimizer implements Serializable {
  static readonly className: string = 'Optimizer';
  readonly name: string;
  /** Number of updates applied so far. */
  iterations = 0;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  private lr: LearningRate;
  private readonly slots = new Map<Variable, tf.Variable[]>();

  constructor(args: OptimizerArgs, defaultName: string, defaultLr: number) {
    this.name = args.name ?? defaultName;
    const lr = args.learningRate ?? defaultLr;
    this.lr = isSerializedObject(lr) ? resolveIdentifier<LearningRateSchedule>('schedule', lr) : lr;
    if (typeof this.lr === 'number' && !(this.lr >= 0 && Number.isFinite(this.lr))) {
      throw new ValueError(`${this.name}: learningRate must be a finite number >= 0, received ${describe(this.lr)}`);
    }
    checkPositive(this.name, 'clipnorm', args.clipnorm);
    checkPositive(this.name, 'clipvalue', args.clipvalue);
    checkPositive(this.name, 'globalClipnorm', args.globalClipnorm);
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    if ([this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length > 1) {
      throw new ValueError(`${this.name}: set at most one of clipnorm, clipvalue and globalClipnorm`);
    }
  }

  /** The learning rate for the next update. */
  get learningRate(): number {
    const lr = this.lr;
    if (typeof lr === 'number') return lr;
    if (lr instanceof LearningRateSchedule) return lr.call(this.iterations);
    return lr(this.iterations);
  }

  /** Sets a constant learning rate (callbacks such as LearningRateScheduler use this). */
  set learningRate(value: number) {
    if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new ValueError(`${this.name}: learningRate must be a finite number >= 0, received ${describe(value)}`);
    }
    if (this.lr instanceof LearningRateSchedule) {
      throw new RuntimeError(`${this.name}: the learning rate follows a schedule (${(this.lr.constructor as typeof LearningRateSchedule).className}) and cannot be set directly`);
    }
    this.lr = value;
  }

  /** Applies one update to every variable from its gradient, then the variables' constraints. */
  applyGradients(pairs: readonly GradientPair[]): void {
    for (const {variable, gradient} of pairs) {
      if (!tf.util.arraysEqual(variable.shape, gradient.shape)) {
        throw new ShapeError(`${this.name}: gradient of shape [${gradient.shape}] does not match variable ${variable.path} of shape [${variable.shape}]`);
      }
    }
    const lr = this.learningRate;
    tf.tidy(() => {
      const grads = this.clip(pairs.map((p) => p.gradient));
      pairs.forEach(({variable}, i) => {
        this.updateStep(grads[i] as tf.Tensor, variable.value, lr, this.slotsFor(variable));
      });
    });
    for (const {variable} of pairs) variable.applyConstraint();
    this.iterations++;
  }

  private clip(grads: tf.Tensor[]): tf.Tensor[] {
    if (this.clipvalue !== null) {
      const c = this.clipvalue;
      return grads.map((g) => tf.clipByValue(g, -c, c));
    }
    if (this.clipnorm !== null) {
      const c = this.clipnorm;
      return grads.map((g) => tf.mul(g, tf.div(c, tf.maximum(tf.norm(g), c))));
    }
    if (this.globalClipnorm !== null) {
      const c = this.globalClipnorm;
      const total = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
      const scale = tf.div(c, tf.maximum(total, c));
      return grads.map((g) => tf.mul(g, scale));
    }
    return grads;
  }

  private slotsFor(variable: Variable): tf.Variable[] {
    let s = this.slots.get(variable);
    if (s === undefined) {
      s = tf.tidy(() => this.slotNames().map(() => tf.variable(tf.zerosLike(variable.value), false)));
      this.slots.set(variable, s);
    }
    return s;
  }

  /** Names of the per-variable state this optimizer keeps (`momentum`, `m`, `v`, ...). */
  protected abstract slotNames(): string[];

  /**
   * Updates `w` in place from gradient `g` (already clipped) and this variable's slots. Runs inside a
   * tidy: assign new values with `w.assign(...)` / `slot.assign(...)`.
   */
  protected abstract updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void;

  /** The optimizer's state: the iteration count, then each variable's slots in first-update order. */
  getWeights(): {name: string; tensor: tf.Tensor}[] {
    const out: {name: string; tensor: tf.Tensor}[] = [{name: 'iteration', tensor: tf.scalar(this.iterations, 'int32')}];
    for (const [variable, slots] of this.slots) {
      this.slotNames().forEach((n, i) => out.push({name: `${variable.path}/${n}`, tensor: tf.clone(slots[i] as tf.Variable)}));
    }
    return out;
  }

  /** Frees the slot variables. */
  dispose(): void {
    for (const s of this.slots.values()) s.forEach((v) => v.dispose());
    this.slots.clear();
  }

  getConfig(): ConfigDict {
    const lr = this.lr;
    return {
      name: this.name,
      learningRate: typeof lr === 'number' ? lr : lr instanceof LearningRateSchedule ? serializeObject(lr) : this.learningRate,
      clipnorm: this.clipnorm,
      clipvalue: this.clipvalue,
      globalClipnorm: this.globalClipnorm,
    };
  }
}
