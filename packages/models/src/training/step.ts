/**
 * One training step and one test step: forward, loss, gradients (train), optimizer update, metric
 * updates, all on the backend with nothing read back to the CPU. Whatever a failing step made is freed.
 */
import {losses, metrics, ops, tidy} from '@stratum/core';
import type {Scalar, Tensor, Variable} from '@stratum/core';
import {collectLosses} from '@stratum/layers';
import type {Mask} from '@stratum/layers';
import type {Batch} from './data.js';
import type {CompiledState} from './compiled.js';

/** What the steps need from a model. */
export interface Steppable {
  /** The outputs and their masks (a masked timestep counts in no loss or metric). */
  run(xs: Tensor[], training: boolean): {outputs: Tensor[]; masks: Mask[]};
  readonly trainableWeights: Variable[];
  regularizationLosses(): Tensor[];
}

/** Total loss = Σ weight·loss per output (+ regularization); also updates per-output loss trackers. */
function totalLoss(state: CompiledState, ys: readonly Tensor[], preds: readonly Tensor[], masks: readonly Mask[], sw: Tensor | null, extra: Tensor[]): Scalar {
  const parts = state.losses.map((loss, o) => {
    const l = loss.call(ys[o] as Tensor, preds[o] as Tensor, sw, masks[o] ?? null);
    return state.lossWeights[o] === 1 ? l : ops.mul(l, state.lossWeights[o] as number);
  });
  let total = parts.length === 1 ? (parts[0] as Tensor) : ops.addN(parts);
  if (extra.length > 0) total = ops.add(total, ops.addN(extra));
  return total as Scalar;
}

/**
 * Updates the loss trackers and metrics. As Keras 3 (keras/src/metrics/reduction_metrics.py), an output's
 * mask weights the mean metrics (accuracies, losses as metrics): masked timesteps do not count. Metrics
 * built on confusion counts take the sample weights alone, as there.
 */
function updateMetrics(state: CompiledState, batch: Batch, preds: Tensor[], masks: readonly Mask[], loss: Tensor): void {
  state.lossTracker.updateScalar(loss, batch.size);
  state.outputLossTrackers.forEach((t, o) => {
    tidy(() => t.updateScalar((state.losses[o] as CompiledState['losses'][number]).call(batch.ys[o] as Tensor, preds[o] as Tensor, batch.sampleWeight, masks[o] ?? null), batch.size));
  });
  const ms = state.ensureMetrics(batch.ys, preds);
  ms.forEach((list, o) =>
    list.forEach((m) => {
      const mask = masks[o] ?? null;
      const weights = mask !== null && m instanceof metrics.Mean ? losses.maskSampleWeight(batch.sampleWeight, mask) : batch.sampleWeight;
      m.updateState(batch.ys[o] as Tensor, preds[o] as Tensor, weights);
    }),
  );
}

/**
 * The trainable weights for this step. A model built on first use (no `inputShape`) has none before
 * its first forward pass: build it with an inference pass first, so the first update is not skipped.
 */
function weightsFor(model: Steppable, state: CompiledState, batch: Batch): Variable[] {
  let vars = model.trainableWeights;
  if (!state.firstStepDone) {
    if (vars.length === 0) {
      tidy(() => {
        model.run(batch.xs, false);
      });
      vars = model.trainableWeights;
    }
    state.firstStepDone = true;
  }
  return vars;
}

/** As Keras does, a weight the loss does not reach is left as it is, with one warning per weight. */
function warnNoGradient(state: CompiledState, missing: Variable[]): void {
  const fresh = missing.filter((v) => !state.warnedNoGradient.has(v));
  if (fresh.length === 0) return;
  for (const v of fresh) state.warnedNoGradient.add(v);
  console.warn(`fit: no gradient reaches the weights ${fresh.map((v) => v.path).join(', ')} (they do not affect the loss); they are not updated`);
}

/** Runs one optimizer step on a batch. */
export function trainStep(model: Steppable, state: CompiledState, batch: Batch): void {
  const vars = weightsFor(model, state, batch);
  const kept: Tensor[] = [];
  const keptMasks: Mask[] = [];
  const added: Tensor[] = [];
  const lossFn = (): Scalar => {
    const {result, losses: layerLosses} = collectLosses(() => model.run(batch.xs, true));
    added.push(...layerLosses);
    const {outputs: preds, masks} = result;
    kept.push(...preds.map((p) => ops.keep(p)));
    keptMasks.push(...masks.map((m) => (m === null ? null : ops.keep(m))));
    return totalLoss(state, batch.ys, preds, masks, batch.sampleWeight, [...model.regularizationLosses(), ...layerLosses]);
  };
  let loss: Tensor | null = null;
  try {
    if (vars.length === 0) {
      loss = tidy(lossFn);
    } else {
      const {value, grads} = ops.variableGradients(lossFn, vars.map((v) => v.value));
      loss = value;
      const pairs: {variable: Variable; gradient: Tensor}[] = [];
      let missing: Variable[] | null = null;
      vars.forEach((v, i) => {
        const g = grads[i];
        if (g === null || g === undefined) (missing ??= []).push(v);
        else pairs.push({variable: v, gradient: g});
      });
      try {
        if (missing !== null) warnNoGradient(state, missing);
        if (pairs.length > 0) state.optimizer.applyGradients(pairs);
      } finally {
        for (const p of pairs) p.gradient.dispose();
      }
    }
    const l = loss;
    tidy(() => updateMetrics(state, batch, kept, keptMasks, l));
  } finally {
    ops.dispose(kept);
    ops.dispose(keptMasks.filter((m): m is Tensor => m !== null));
    ops.dispose(added);
    loss?.dispose();
  }
}

/** Runs the model on a batch in inference mode and updates the metrics. */
export function testStep(model: Steppable, state: CompiledState, batch: Batch): void {
  tidy(() => {
    const {result, losses: layerLosses} = collectLosses(() => model.run(batch.xs, false));
    const {outputs: preds, masks} = result;
    const loss = totalLoss(state, batch.ys, preds, masks, batch.sampleWeight, [...model.regularizationLosses(), ...layerLosses]);
    ops.dispose(layerLosses);
    updateMetrics(state, batch, preds, masks, loss);
  });
}
