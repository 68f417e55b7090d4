/**
 * Weight initializers (Keras 3 semantics). An initializer is called with a shape and returns a new
 * tensor; seeded initializers give the same values for the same seed on every backend (tfjs draws
 * random numbers in JavaScript, not in the backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {ConfigDict, Serializable} from '../serialization/config.js';

/** Base class of the weight initializers: `call(shape, dtype)` returns a new tensor. */
export abstract class Initializer implements Serializable {
  static readonly className: string = 'Initializer';
  /** Returns a new tensor of the given shape. */
  abstract call(shape: readonly number[], dtype?: tf.DataType): tf.Tensor;
  getConfig(): ConfigDict {
    return {};
  }
}

/**
 * Fan-in and fan-out of a weight shape, as Keras computes them: for rank > 2 (convolution kernels
 * `[...spatial, in, out]`) both are multiplied by the receptive field size.
 */
export function computeFans(shape: readonly number[]): {fanIn: number; fanOut: number} {
  if (shape.length === 0) return {fanIn: 1, fanOut: 1};
  if (shape.length === 1) return {fanIn: shape[0] as number, fanOut: shape[0] as number};
  if (shape.length === 2) return {fanIn: shape[0] as number, fanOut: shape[1] as number};
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return {fanIn: (shape[shape.length - 2] as number) * receptive, fanOut: (shape[shape.length - 1] as number) * receptive};
}
