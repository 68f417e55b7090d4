import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Regularizer, factorArg} from './regularizer.js';

export type OrthogonalMode = 'rows' | 'columns';
const MODES: OrthogonalMode[] = ['rows', 'columns'];

export interface OrthogonalRegularizerArgs {
  /** Default 0.01. */
  factor?: number;
  /** Which vectors to push towards orthogonality. Default 'rows'. */
  mode?: OrthogonalMode;
}

/**
 * Encourages the rows (or columns) of a 2D weight to be orthogonal to each other (Keras 3
 * `OrthogonalRegularizer`): the vectors are L2-normalised and the penalty is
 * `factor · mean_{i<j} |⟨vᵢ, vⱼ⟩|`, the mean absolute cosine over distinct pairs. A weight with a single
 * row (column) has no pairs and a zero penalty.
 */
export class OrthogonalRegularizer extends Regularizer {
  static override readonly className = 'OrthogonalRegularizer';
  readonly factor: number;
  readonly mode: OrthogonalMode;
  constructor(args: OrthogonalRegularizerArgs = {}) {
    super();
    this.factor = factorArg('OrthogonalRegularizer', 'factor', args.factor, 0.01);
    this.mode = args.mode ?? 'rows';
    if (!MODES.includes(this.mode)) throw new ValueError(`OrthogonalRegularizer: mode must be one of ${MODES.join(', ')}, received ${describe(args.mode)}`);
  }
  call(x: tf.Tensor): tf.Scalar {
    if (x.rank !== 2) throw new ValueError(`OrthogonalRegularizer: the weight must be 2D, received a tensor of shape [${x.shape.join(', ')}]`);
    return tf.tidy(() => {
      const v = this.mode === 'rows' ? x : tf.transpose(x);
      const n = v.shape[0] as number;
      if (n < 2 || this.factor === 0) return tf.scalar(0);
      // x / sqrt(max(Σx², 1e-12)), the L2 normalisation of each vector
      const unit = tf.mul(v, tf.rsqrt(tf.maximum(tf.sum(tf.square(v), 1, true), 1e-12)));
      const gram = tf.matMul(unit, unit, false, true);
      const offDiagonal = tf.mul(gram, tf.sub(1, tf.eye(n)));
      // the Gram matrix counts each pair twice
      const pairs = (n * (n - 1)) / 2;
      return tf.mul(this.factor / (2 * pairs), tf.sum(tf.abs(offDiagonal))) as tf.Scalar;
    });
  }
  getConfig(): ConfigDict {
    return {factor: this.factor, mode: this.mode};
  }
}
