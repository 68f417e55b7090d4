import * as tf from '@tensorflow/tfjs-core';
import {ValueError, describe} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {Initializer} from './initializer.js';
import {qrOrthonormal} from './qr.js';
import {SeedStream, finiteArg, gaussianSamples} from './random.js';

export interface OrthogonalArgs {
  /** Multiplies the orthogonal matrix. Default 1. */
  gain?: number;
  seed?: number | null;
}

/**
 * An orthogonal matrix (Saxe et al., 2014), times `gain`. The shape is seen as a matrix of
 * `shape[0]·…·shape[n-2]` rows and `shape[n-1]` columns; a standard normal matrix of the taller of the
 * two orientations is factored as Q·R (R with a non-negative diagonal) and Q, transposed back when the
 * weight is wide, is the result. Tall weights get orthonormal columns, wide ones orthonormal rows.
 *
 * The factorization runs in float64 JavaScript, so a seeded draw is identical on every backend.
 * Keras 3 class `OrthogonalInitializer`, string alias `orthogonal` (Keras 2 / TF.js: `Orthogonal`).
 */
export class OrthogonalInitializer extends Initializer {
  static override readonly className: string = 'OrthogonalInitializer';
  readonly gain: number;
  private readonly seeds: SeedStream;
  constructor(args: OrthogonalArgs = {}) {
    super();
    this.gain = finiteArg('OrthogonalInitializer', 'gain', args.gain, 1);
    this.seeds = new SeedStream(args.seed ?? null);
  }

  call(shape: readonly number[], dtype: tf.DataType = 'float32'): tf.Tensor {
    if (shape.length < 2) {
      throw new ValueError(`OrthogonalInitializer: the shape must have at least 2 dimensions, received ${describe(shape)}`);
    }
    const cols = shape[shape.length - 1] as number;
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [m, n] = rows >= cols ? [rows, cols] : [cols, rows];
    const q = qrOrthonormal(gaussianSamples(m * n, this.seeds.next()), m, n);
    const out = new Float32Array(rows * cols);
    if (rows >= cols) {
      for (let i = 0; i < q.length; i++) out[i] = this.gain * (q[i] as number);
    } else {
      // q is cols × rows: the result is its transpose
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * (q[j * rows + i] as number);
      }
    }
    return tf.tensor(out, [...shape], dtype);
  }

  override getConfig(): ConfigDict {
    return {gain: this.gain, seed: this.seeds.seed};
  }
}
