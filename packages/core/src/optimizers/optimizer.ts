/**
 * Optimizer base (Keras 3 semantics). Subclasses implement one variable's update; the base handles the
 * learning rate (number, schedule or function of the step, readable and writable during training),
 * gradient clipping, decoupled weight decay, gradient accumulation, an exponential moving average (EMA)
 * of the weights, slot variables, constraints, the iteration count and saving/restoring all of that.
 */
import * as tf from '@tensorflow/tfjs-core';
import {RuntimeError, ShapeError, ValueError, describe} from '../errors.js';
import type {ConfigDict, Serializable, SerializedObject} from '../serialization/config.js';
import {isSerializedObject} from '../serialization/config.js';
import {resolveIdentifier, serializeObject} from '../serialization/registry.js';
import type {Variable} from '../variable.js';
import {clipGradients} from './clip.js';
import {LearningRateSchedule} from './schedules/schedule.js';
import {OptimizerState} from './state.js';
import type {NamedWeight, VariableState} from './state.js';
import {requireClosedUnitInterval, requireInteger, requireNonNegative} from './validate.js';

export type {NamedWeight} from './state.js';

/** A learning rate: a number, a schedule, or a function of the step (the number of updates applied so far). */
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
  /** Decoupled weight decay: before each update `w ← w − w·weightDecay·lr`. Default none. */
  weightDecay?: number | null;
  /** Keep an exponential moving average of the weights (see {@link Optimizer.finalizeVariableValues}). */
  useEma?: boolean;
  /** EMA momentum `m` in `ema ← m·ema + (1 − m)·w`. Default 0.99. */
  emaMomentum?: number;
  /** With `useEma`, copy the average into the weights every this many updates. Default never. */
  emaOverwriteFrequency?: number | null;
  /** Apply one update every N calls, with the mean of the N gradients (an integer >= 2). Default off. */
  gradientAccumulationSteps?: number | null;
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

function checkLearningRate(owner: string, lr: unknown): void {
  if (typeof lr === 'number') requireNonNegative(owner, 'learningRate', lr);
  else if (!(lr instanceof LearningRateSchedule) && typeof lr !== 'function') {
    throw new ValueError(`${owner}: learningRate must be a number, a LearningRateSchedule or a function of the step, received ${describe(lr)}`);
  }
}

/**
 * Base class of every optimizer. Per call of {@link Optimizer.applyGradients}, Keras 3 order: with
 * gradient accumulation, non-final calls only add to the accumulators; otherwise gradients are
 * (averaged,) clipped, the weights decayed, each variable updated by the subclass's rule; then the EMA
 * is updated, the variables' constraints applied and the step counter advanced.
 *
 * ```ts
 * const opt = new optimizers.AdamW({learningRate: optimizers.schedules.cosineDecay({initialLearningRate: 1e-3, decaySteps: 1000}),
 *   globalClipnorm: 1, useEma: true});
 * model.compile({optimizer: opt, loss: 'mse'});
 * ```
 */
export abstract class Optimizer implements Serializable {
  static readonly className: string = 'Optimizer';
  readonly name: string;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly weightDecay: number | null;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  readonly gradientAccumulationSteps: number | null;
  private lr: LearningRate;
  /** Slots, accumulators, averages and the raw step counter. */
  private readonly state: OptimizerState;
  private readonly wdExcludedVariables = new Set<Variable>();
  private wdExcludedNames: string[] = [];

  constructor(args: OptimizerArgs, defaultName: string, defaultLr: number) {
    this.name = args.name ?? defaultName;
    const owner = (new.target as typeof Optimizer).className;
    const lr = args.learningRate ?? defaultLr;
    this.lr = isSerializedObject(lr) ? resolveIdentifier<LearningRateSchedule>('schedule', lr) : lr;
    checkLearningRate(owner, this.lr);
    checkPositive(owner, 'clipnorm', args.clipnorm);
    checkPositive(owner, 'clipvalue', args.clipvalue);
    checkPositive(owner, 'globalClipnorm', args.globalClipnorm);
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    if ([this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length > 1) {
      throw new ValueError(`${owner}: set at most one of clipnorm, clipvalue and globalClipnorm, received clipnorm=${describe(this.clipnorm)}, clipvalue=${describe(this.clipvalue)}, globalClipnorm=${describe(this.globalClipnorm)}`);
    }
    this.weightDecay = args.weightDecay === null || args.weightDecay === undefined ? null : requireNonNegative(owner, 'weightDecay', args.weightDecay);
    this.useEma = args.useEma ?? false;
    this.emaMomentum = requireClosedUnitInterval(owner, 'emaMomentum', args.emaMomentum ?? 0.99);
    const freq = args.emaOverwriteFrequency;
    this.emaOverwriteFrequency = freq === null || freq === undefined ? null : requireInteger(owner, 'emaOverwriteFrequency', freq, 1);
    const acc = args.gradientAccumulationSteps;
    this.gradientAccumulationSteps = acc === null || acc === undefined ? null : requireInteger(owner, 'gradientAccumulationSteps', acc, 2);
    this.state = new OptimizerState(owner, {
      slotNames: () => this.slotNames(),
      slotInitialValue: (n) => this.slotInitialValue(n),
      accumulate: this.gradientAccumulationSteps !== null,
      average: this.useEma,
    });
  }

  /**
   * Number of updates applied so far (Keras `optimizer.iterations`): with gradient accumulation, calls
   * that only accumulate do not count. Schedules and bias corrections use this step.
   */
  get iterations(): number {
    const raw = this.state.rawIterations;
    return this.gradientAccumulationSteps === null ? raw : Math.floor(raw / this.gradientAccumulationSteps);
  }

  /** Number of `applyGradients` calls so far (equals `iterations` without gradient accumulation). */
  get stepCalls(): number {
    return this.state.rawIterations;
  }

  /** The learning rate for the next update. */
  get learningRate(): number {
    const lr = this.lr;
    if (typeof lr === 'number') return lr;
    if (lr instanceof LearningRateSchedule) return lr.call(this.iterations);
    return lr(this.iterations);
  }

  /**
   * Sets the learning rate (callbacks such as LearningRateScheduler use this). A number replaces a
   * constant or a function; a schedule or a function replaces whatever was there. A number cannot replace
   * a schedule (as in Keras): create the optimizer with a number to keep it settable.
   */
  set learningRate(value: LearningRate) {
    const owner = (this.constructor as typeof Optimizer).className;
    checkLearningRate(owner, value);
    if (typeof value === 'number' && this.lr instanceof LearningRateSchedule) {
      throw new RuntimeError(`${this.name}: the learning rate follows a schedule (${(this.lr.constructor as typeof LearningRateSchedule).className}) and cannot be set directly to ${value}`);
    }
    this.lr = value;
  }

  /** The learning rate as given: a number, a schedule or a function. */
  get learningRateSource(): LearningRate {
    return this.lr;
  }

  /**
   * Excludes variables from weight decay: the given ones, and every variable whose path contains one of
   * `names` (e.g. `['bias']`). Replaces any earlier exclusion.
   */
  excludeFromWeightDecay(options: {variables?: readonly Variable[]; names?: readonly string[]}): void {
    this.wdExcludedVariables.clear();
    for (const v of options.variables ?? []) this.wdExcludedVariables.add(v);
    this.wdExcludedNames = [...(options.names ?? [])];
  }

  /** Creates the optimizer's state for `variables` now (otherwise it is created at their first update). */
  build(variables: readonly Variable[]): void {
    for (const v of variables) this.state.stateFor(v);
  }

  /**
   * Applies one step to every variable from its gradient: accumulate (with gradient accumulation) or
   * clip, decay the weights, update; then the EMA, the variables' constraints and the step counter.
   */
  applyGradients(pairs: readonly GradientPair[]): void {
    for (const {variable, gradient} of pairs) {
      if (!tf.util.arraysEqual(variable.shape, gradient.shape)) {
        throw new ShapeError(`${this.name}: gradient of shape [${gradient.shape}] does not match variable ${variable.path} of shape [${variable.shape}]`);
      }
    }
    const n = this.gradientAccumulationSteps;
    const isUpdate = n === null || (this.state.rawIterations + 1) % n === 0;
    const lr = this.learningRate;
    tf.tidy(() => {
      const states = pairs.map((p) => this.state.stateFor(p.variable));
      if (isUpdate) {
        this.update(pairs, states, lr);
      } else {
        states.forEach((s, i) => (s.accumulator as tf.Variable).assign(tf.add(s.accumulator as tf.Variable, (pairs[i] as GradientPair).gradient)));
      }
      if (this.useEma) this.updateAverages(pairs, states);
    });
    for (const {variable} of pairs) variable.applyConstraint();
    this.state.rawIterations++;
  }

  private update(pairs: readonly GradientPair[], states: VariableState[], lr: number): void {
    const n = this.gradientAccumulationSteps;
    let grads = pairs.map((p) => p.gradient);
    if (n !== null) grads = grads.map((g, i) => tf.div(tf.add(g, states[i]?.accumulator as tf.Variable), n));
    grads = clipGradients(grads, this);
    if (this.weightDecay !== null && this.weightDecay > 0) {
      const decay = this.weightDecay * lr;
      for (const {variable} of pairs) {
        if (this.usesWeightDecay(variable)) variable.value.assign(tf.sub(variable.value, tf.mul(variable.value, decay)));
      }
    }
    pairs.forEach(({variable}, i) => this.updateStep(grads[i] as tf.Tensor, variable.value, lr, (states[i] as VariableState).slots));
    if (n !== null) for (const s of states) (s.accumulator as tf.Variable).assign(tf.zerosLike(s.accumulator as tf.Variable));
  }

  private usesWeightDecay(variable: Variable): boolean {
    return !this.wdExcludedVariables.has(variable) && !this.wdExcludedNames.some((n) => variable.path.includes(n));
  }

  /** `ema ← m·ema + (1 − m)·w` (m = 0 at the first update), then the periodic overwrite. */
  private updateAverages(pairs: readonly GradientPair[], states: VariableState[]): void {
    const step = this.iterations;
    const m = step === 0 ? 0 : this.emaMomentum;
    pairs.forEach(({variable}, i) => {
      const avg = (states[i] as VariableState).average as tf.Variable;
      avg.assign(tf.add(tf.mul(avg, m), tf.mul(variable.value, 1 - m)));
    });
    const freq = this.emaOverwriteFrequency;
    if (freq !== null && (step + 1) % freq === 0) {
      pairs.forEach(({variable}, i) => variable.value.assign((states[i] as VariableState).average as tf.Variable));
    }
  }

  /**
   * With `useEma`, copies the moving averages into the weights (Keras `finalize_variable_values`; call it
   * when training ends). Without EMA it does nothing.
   */
  finalizeVariableValues(): void {
    if (!this.useEma) return;
    this.state.forEachState((variable, s) => {
      if (s.average !== null) variable.value.assign(s.average);
    });
  }

  /** Names of the per-variable state this optimizer keeps (`momentum`, `m`, `v`, ...). */
  protected abstract slotNames(): string[];

  /** The value a slot starts from (0 unless the optimizer says otherwise, e.g. Adagrad's accumulator). */
  protected slotInitialValue(_slotName: string): number {
    return 0;
  }

  /**
   * Updates `w` in place from gradient `g` (already clipped) and this variable's slots. Runs inside a
   * tidy: assign new values with `w.assign(...)` / `slot.assign(...)`. `this.iterations` is the number of
   * updates before this one, so the bias-correction step is `this.iterations + 1`.
   */
  protected abstract updateStep(g: tf.Tensor, w: tf.Variable, lr: number, slots: tf.Variable[]): void;

  /**
   * The optimizer's state, as copies the caller owns: `iteration` (the number of `applyGradients` calls),
   * then for each variable in first-update order its slots (`<path>/<slot>`), then `<path>/gradient_accumulator`
   * and `<path>/average` when gradient accumulation / EMA are on.
   */
  getWeights(): NamedWeight[] {
    return this.state.getWeights();
  }

  /**
   * Restores state saved by {@link getWeights} (e.g. to resume a crashed fit). Entries for variables the
   * optimizer has not seen yet are kept and used when those variables are first updated or built. The
   * caller keeps ownership of the tensors. Unknown slot names and shape mismatches raise errors.
   */
  async setWeights(weights: readonly NamedWeight[]): Promise<void> {
    await this.state.setWeights(weights);
  }

  /** Frees the slot variables (and any restored state not used yet). */
  dispose(): void {
    this.state.dispose();
  }

  getConfig(): ConfigDict {
    const lr = this.lr;
    const config: ConfigDict = {
      name: this.name,
      learningRate: typeof lr === 'number' ? lr : lr instanceof LearningRateSchedule ? serializeObject(lr) : this.learningRate,
      clipnorm: this.clipnorm,
      clipvalue: this.clipvalue,
      globalClipnorm: this.globalClipnorm,
    };
    // Keys at their Keras defaults are left out (Keras reads a missing key as its default).
    if (this.weightDecay !== null) config['weightDecay'] = this.weightDecay;
    if (this.useEma) Object.assign(config, {useEma: true, emaMomentum: this.emaMomentum, emaOverwriteFrequency: this.emaOverwriteFrequency});
    if (this.gradientAccumulationSteps !== null) config['gradientAccumulationSteps'] = this.gradientAccumulationSteps;
    return config;
  }
}
