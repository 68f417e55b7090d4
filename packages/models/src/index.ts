/**
 * @stratum/models: Model, Sequential, Functional, the trainer, saving and loading.
 */
import type {AnyLayer} from '@stratum/layers';
import {Functional} from './functional.js';
import type {FunctionalArgs} from './functional.js';
import {Sequential} from './sequential.js';
import type {SequentialArgs} from './sequential.js';

export {Model} from './model.js';
export type {PredictArgs} from './model.js';
export {Sequential, Functional};
export type {SequentialArgs, FunctionalArgs};
export {CompiledState} from './training/compiled.js';
export type {CompileArgs} from './training/compiled.js';
export type {FitArgs, EvaluateArgs} from './training/trainer.js';
export type {DataInput, ArrayLike} from './training/data.js';
export {formatSummary} from './summary/summary.js';
export {fromJSON, loadModel, loadWeights} from './saving/index.js';
export * as applications from './applications/index.js';
export type {FromJSONOptions, LoadOptions, ModelSource, IOHandler, ModelArtifacts, SaveResult, SaveOptions, WeightSpec, WeightsManifestGroup} from './saving/index.js';

/** `sequential([layer, layer, ...])` or `sequential({layers, name})`. */
export function sequential(args: AnyLayer[] | SequentialArgs = {}): Sequential {
  return new Sequential(Array.isArray(args) ? {layers: args} : args);
}

/** `model({inputs, outputs})`: a functional model. */
export function model(args: FunctionalArgs): Functional {
  return new Functional(args);
}
