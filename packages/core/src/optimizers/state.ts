/**
 * An optimizer's state: per-variable slot variables (created lazily, kept on the backend), gradient
 * accumulators, EMA averages, the step counter, and saving/restoring all of it by name.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from '../errors.js';
import type {Variable} from '../variable.js';

/** Name of the gradient accumulator kept per variable with `gradientAccumulationSteps`. */
export const ACCUMULATOR_NAME = 'gradient_accumulator';
/** Name of the moving average kept per variable with `useEma`. */
export const AVERAGE_NAME = 'average';
/** Name of the step counter in {@link OptimizerState.getWeights}. */
export const ITERATION_NAME = 'iteration';

/** One piece of optimizer state: `iteration` or `<variable path>/<slot>`. */
export interface NamedWeight {
  name: string;
  tensor: tf.Tensor;
}

/** The state kept for one variable. */
export interface VariableState {
  slots: tf.Variable[];
  accumulator: tf.Variable | null;
  average: tf.Variable | null;
}

/** What the state needs to know about its optimizer. */
export interface StateSpec {
  slotNames(): string[];
  slotInitialValue(slotName: string): number;
  accumulate: boolean;
  average: boolean;
}

/** The state of one optimizer; see `Optimizer` for how it is used. */
export class OptimizerState {
  /** Number of `applyGradients` calls so far. */
  rawIterations = 0;
  private readonly states = new Map<Variable, VariableState>();
  /** Restored values for variables not seen yet, by `<path>/<kind>`. */
  private readonly pending = new Map<string, tf.Tensor>();

  constructor(private readonly owner: string, private readonly spec: StateSpec) {}

  /** Every per-variable state name, in order: slots, then the accumulator and the average if enabled. */
  kinds(): string[] {
    return [...this.spec.slotNames(), ...(this.spec.accumulate ? [ACCUMULATOR_NAME] : []), ...(this.spec.average ? [AVERAGE_NAME] : [])];
  }

  /** This variable's state, created on first use (from restored values when there are some). */
  stateFor(variable: Variable): VariableState {
    let s = this.states.get(variable);
    if (s !== undefined) return s;
    const make = (kind: string, init: number): tf.Variable => {
      const key = `${variable.path}/${kind}`;
      const restored = this.pending.get(key);
      if (restored === undefined) return tf.tidy(() => tf.variable(tf.fill(variable.shape, init, 'float32'), false));
      if (!tf.util.arraysEqual(restored.shape, variable.shape)) {
        throw new ShapeError(`${this.owner}: restored optimizer weight ${describe(key)} has shape [${restored.shape.join(', ')}], but variable ${variable.path} has shape [${variable.shape.join(', ')}]`);
      }
      this.pending.delete(key);
      const v = tf.variable(restored, false);
      restored.dispose();
      return v;
    };
    s = {
      slots: this.spec.slotNames().map((n) => make(n, this.spec.slotInitialValue(n))),
      accumulator: this.spec.accumulate ? make(ACCUMULATOR_NAME, 0) : null,
      average: this.spec.average ? make(AVERAGE_NAME, 0) : null,
    };
    this.states.set(variable, s);
    return s;
  }

  forEachState(fn: (variable: Variable, state: VariableState) => void): void {
    for (const [v, s] of this.states) fn(v, s);
  }

  private tensorsOf(s: VariableState): tf.Variable[] {
    return [...s.slots, ...(s.accumulator === null ? [] : [s.accumulator]), ...(s.average === null ? [] : [s.average])];
  }

  /** Copies of the state (the caller owns them): `iteration`, then each variable's tensors in {@link kinds} order. */
  getWeights(): NamedWeight[] {
    const out: NamedWeight[] = [{name: ITERATION_NAME, tensor: tf.scalar(this.rawIterations, 'int32')}];
    const kinds = this.kinds();
    for (const [variable, s] of this.states) {
      this.tensorsOf(s).forEach((t, i) => out.push({name: `${variable.path}/${kinds[i] as string}`, tensor: tf.clone(t)}));
    }
    return out;
  }

  private variableAt(path: string): [Variable, VariableState] | undefined {
    for (const entry of this.states) if (entry[0].path === path) return entry;
    return undefined;
  }

  /** Checks one `<path>/<kind>` entry; returns its path and kind. */
  private parse(w: NamedWeight, kinds: string[]): {path: string; kind: string} {
    const cut = w.name.lastIndexOf('/');
    const kind = w.name.slice(cut + 1);
    if (cut <= 0 || !kinds.includes(kind)) {
      throw new ValueError(`${this.owner}: unknown optimizer weight ${describe(w.name)}; expected "${ITERATION_NAME}" or "<variable path>/<name>" with <name> one of ${kinds.join(', ') || '(none: this optimizer keeps no per-variable state)'}`);
    }
    const path = w.name.slice(0, cut);
    const known = this.variableAt(path);
    if (known !== undefined && !tf.util.arraysEqual(known[0].shape, w.tensor.shape)) {
      throw new ShapeError(`${this.owner}: optimizer weight ${describe(w.name)} has shape [${w.tensor.shape.join(', ')}], but variable ${path} has shape [${known[0].shape.join(', ')}]`);
    }
    return {path, kind};
  }

  /** Reads the step counter out of its tensor (asynchronously) and checks it. */
  private async readIteration(t: tf.Tensor | undefined): Promise<number> {
    if (t === undefined) return this.rawIterations;
    if (t.size !== 1) throw new ShapeError(`${this.owner}: optimizer weight "${ITERATION_NAME}" must be a scalar, received a tensor of shape [${t.shape.join(', ')}]`);
    const value = (await t.data())[0] as number;
    if (!(Number.isInteger(value) && value >= 0)) throw new ValueError(`${this.owner}: optimizer weight "${ITERATION_NAME}" must be an integer >= 0, received ${describe(value)}`);
    return value;
  }

  /** Restores state written by {@link getWeights}; see `Optimizer.setWeights`. */
  async setWeights(weights: readonly NamedWeight[]): Promise<void> {
    const kinds = this.kinds();
    const seen = new Set<string>();
    let iteration: tf.Tensor | undefined;
    const parsed: {name: string; path: string; kind: string; tensor: tf.Tensor}[] = [];
    for (const w of weights) {
      if (seen.has(w.name)) throw new ValueError(`${this.owner}: optimizer weight ${describe(w.name)} is given twice`);
      seen.add(w.name);
      if (w.name === ITERATION_NAME) iteration = w.tensor;
      else parsed.push({name: w.name, ...this.parse(w, kinds), tensor: w.tensor});
    }
    // Float32 copies we own, so the caller may dispose its tensors while the step counter is read.
    const entries = parsed.map((e) => ({...e, tensor: tf.tidy(() => tf.cast(e.tensor, 'float32'))}));
    let step: number;
    try {
      step = await this.readIteration(iteration);
    } catch (e) {
      tf.dispose(entries.map((e2) => e2.tensor));
      throw e;
    }
    for (const e of entries) {
      const known = this.variableAt(e.path);
      if (known === undefined) {
        this.pending.get(e.name)?.dispose();
        this.pending.set(e.name, e.tensor);
        continue;
      }
      (this.tensorsOf(known[1])[kinds.indexOf(e.kind)] as tf.Variable).assign(e.tensor);
      e.tensor.dispose();
    }
    this.rawIterations = step;
  }

  /** Frees every state variable and every restored value not used yet. */
  dispose(): void {
    for (const s of this.states.values()) this.tensorsOf(s).forEach((v) => v.dispose());
    this.states.clear();
    for (const t of this.pending.values()) t.dispose();
    this.pending.clear();
  }
}
