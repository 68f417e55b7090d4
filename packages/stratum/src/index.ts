/**
 * Stratum: a Keras-style deep-learning framework for TypeScript.
 *
 * ```ts
 * import * as st from 'stratum';
 * await st.setBackend('wasm');
 * const model = st.sequential([st.layers.dense({units: 10, activation: 'softmax', inputShape: [784]})]);
 * model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
 * ```
 */
export {
  setBackend, getBackend, ready,
  Tensor, tensor, scalar, tensor1d, tensor2d, tensor3d, tensor4d, tensor5d, zeros, ones, zerosLike, onesLike,
  fill, range, linspace, eye, oneHot, buffer, tidy, dispose, keep, memory, clone, cast,
  ops, Variable, ValueError, ShapeError, SerializationError, NotSupportedError, RuntimeError,
  initializers, activations, losses, metrics, optimizers, regularizers, constraints,
  Initializer, Loss, Metric, Optimizer, Regularizer, Constraint, Callback, CallbackList, History, Logs,
  registerSerializable, flatten, mapStructure, packSequenceAs,
} from '@stratum/core';
export type {
  BackendName, Rank, DataType, TensorLike, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Scalar, Nested, ConfigDict,
  SerializedObject, TrainingModel, CallbackParams, LossIdentifier, MetricIdentifier, OptimizerIdentifier,
  InitializerIdentifier, LearningRate,
} from '@stratum/core';
export * as layers from './layers.js';
export * as callbacks from './callbacks.js';
export * as models from './models.js';
export {input, Layer, InputLayer, SymbolicTensor, Wrapper, serializeLayer, deserializeLayer} from '@stratum/layers';
export type {LayerArgs, WrapperArgs, CallContext, Shape} from '@stratum/layers';
export {sequential, model, Model, Sequential, Functional} from '@stratum/models';
export type {CompileArgs, FitArgs, EvaluateArgs, PredictArgs, DataInput} from '@stratum/models';
export {loadModel, loadWeights} from '@stratum/models';
export {applications} from '@stratum/models';
export type {IOHandler, ModelArtifacts, ModelSource, SaveResult, SaveOptions, LoadOptions, FromJSONOptions} from '@stratum/models';
