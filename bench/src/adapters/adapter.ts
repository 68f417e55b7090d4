/**
 * The few operations the worker needs from a framework, so that one timing loop (`worker.ts`) serves
 * both Stratum and tfjs-layers. `T` is the framework's tensor type.
 */
import type {BackendChoice, ModelName} from '../protocol.js';

export interface Adapter<T> {
  /** Selects the backend; resolves to the name of the backend in use. */
  init(backend: BackendChoice): Promise<string>;
  /** Builds and compiles the model (Adam, learning rate 1e-3, the loss of `MODEL_SPEC[model]`). */
  build(model: ModelName): void;
  /** A tensor of `dtype` holding `values` (copied; int32 values are whole numbers stored as floats). */
  tensor(values: Float32Array, shape: number[], dtype: 'float32' | 'int32'): T;
  /** One silent, unshuffled `fit` over all of `x`. */
  fit(x: T, y: T, batchSize: number, epochs: number): Promise<void>;
  /** `predict(x, {batchSize})`, waiting for the values. */
  predict(x: T, batchSize: number): Promise<void>;
  dispose(t: T): void;
  /** Tensors alive in the engine. */
  numTensors(): number;
}
