/**
 * One training step and one test step: forward, loss, gradients (train), optimizer update, metric
 * updates, all on the backend with nothing read back to the CPU.
 */
import {NotSupportedError, ops, tidy} from '@stratum/core';
import type {Scalar, Tensor, Variable} from '@stratum/core';
import type {Batch} from './data.js';
import type {CompiledState} from './compiled.js';

/** What the steps need from a model. */
export interface Steppable {
  forward(xs: Tensor[], training: boolean): Tensor[];
  readonly trainableWeights: Variable[];
  regularizationLosses(): Tensor[];
}

/** Total loss = Σ weight·loss per output (+ regularization); also updates per-output loss trackers. */
function totalLoss(state: CompiledState, ys: readonly Tensor[], preds: readonly Tensor[], sw: Tensor | null, extra: Tensor[]): Scalar {
  const parts = state.losses.map((loss, o) => {
    const l = loss.call(ys[o] as Tensor, preds[o] as Tensor, sw);
    return state.lossWeights[o] === 1 ? l : ops.mul(l, state.lossWeights[o] as number);
  });
  let total = parts.length === 1 ? (parts[0] as Tensor) : ops.addN(parts);
  if (extra.length > 0) total = ops.add(total, ops.addN(extra));
  return total as Scalar;
}

function updateMetrics(state: CompiledState, batch: Batch, preds: Tensor[], loss: Tensor): void {
  state.lossTracker.updateScalar(loss, batch.size);
  state.outputLossTrackers.forEach((t, o) => {
    tidy(() => t.updateScalar((state.losses[o] as CompiledState['losses'][number]).call(batch.ys[o] as Tensor, preds[o] as Tensor, batch.sampleWeight), batch.size));
  });
  const ms = state.ensureMetrics(batch.ys, preds);
  ms.forEach((list, o) => list.forEach((m) => m.updateState(batch.ys[o] as Tensor, preds[o] as Tensor, batch.sampleWeight)));
}

/** Runs one optimizer step on a batch. */
export function trainStep(model: Steppable, state: CompiledState, batch: Batch): void {
  const vars = model.trainableWeights;
  const kept: Tensor[] = [];
  const lossFn = (): Scalar => {
    const preds = model.forward(batch.xs, true);
    kept.push(...preds.map((p) => ops.keep(p)));
    return totalLoss(state, batch.ys, preds, batch.sampleWeight, model.regularizationLosses());
  };
  let loss: Tensor;
  if (vars.length === 0) {
    loss = tidy(lossFn);
  } else {
    const {value, grads} = ops.variableGrads(lossFn, vars.map((v) => v.value));
    loss = value;
    const pairs = vars.map((v) => {
      const g = grads[v.value.name];
      if (g === undefined) throw new NotSupportedError(`no gradient reached weight ${v.path}`);
      return {variable: v, gradient: g};
    });
    try {
      state.optimizer.applyGradients(pairs);
    } finally {
      ops.dispose(Object.values(grads));
    }
  }
  updateMetrics(state, batch, kept, loss);
  ops.dispose([...kept, loss]);
}

/** Runs the model on a batch in inference mode and updates the metrics. */
export function testStep(model: Steppable, state: CompiledState, batch: Batch): void {
  tidy(() => {
    const preds = model.forward(batch.xs, false);
    const loss = totalLoss(state, batch.ys, preds, batch.sampleWeight, model.regularizationLosses());
    updateMetrics(state, batch, preds, loss);
  });
}
