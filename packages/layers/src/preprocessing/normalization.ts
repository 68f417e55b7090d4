import {ShapeError, ValueError, describe, ops, tidy} from '@stratum/core';
import type {ConfigDict, Tensor, Variable} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';

/** A number or a (nested) list of numbers. */
export type NumberArray = number | NumberArray[];

export interface NormalizationArgs extends LayerArgs {
  /** The axis or axes that keep their own mean and variance (default -1, the features); null: one mean and variance for everything. */
  axis?: number | number[] | null;
  /** Fixed mean (with `variance`): a number, or values for the kept axes. Omitted: learned by `adapt`. */
  mean?: NumberArray | null;
  /** Fixed variance, the shape of `mean`. */
  variance?: NumberArray | null;
  /** Undo the normalization instead: `mean + x * sqrt(variance)` (default false). */
  invert?: boolean;
}

/** Keras's `backend.epsilon()`: the smallest standard deviation divided by. */
const EPSILON = 1e-7;

const shapeOf = (v: NumberArray): number[] => (Array.isArray(v) ? [v.length, ...(v.length > 0 ? shapeOf(v[0] as NumberArray) : [])] : []);

/**
 * Normalizes features to zero mean and unit variance: `(x - mean) / sqrt(variance)`
 * (keras/src/layers/preprocessing/normalization.py). The statistics are either given (`mean`,
 * `variance`) or learned from data by `await layer.adapt(data)`, and then stored, as in Keras, as the
 * non-trainable weights `mean`, `variance` and `count` (an int32 scalar that Keras keeps and never
 * updates), so they are saved with the model.
 *
 * Input shape: any, with known sizes on the kept axes. Output shape: the same.
 */
export class Normalization extends Layer {
  static override readonly className = 'Normalization';
  readonly axis: number[];
  readonly mean: NumberArray | null;
  readonly variance: NumberArray | null;
  readonly invert: boolean;
  private keepAxes: number[] = [];
  private broadcastShape: number[] = [];
  private stats: {mean: Variable; variance: Variable} | null = null;

  constructor(args: NormalizationArgs = {}) {
    super(args);
    const axis = args.axis === undefined ? [-1] : args.axis === null ? [] : typeof args.axis === 'number' ? [args.axis] : [...args.axis];
    if (!axis.every((a) => Number.isInteger(a))) throw new ValueError(`Normalization: axis must be an integer, a list of integers or null, received ${describe(args.axis)}`);
    this.axis = axis;
    this.mean = args.mean ?? null;
    this.variance = args.variance ?? null;
    this.invert = args.invert ?? false;
    if ((this.mean === null) !== (this.variance === null)) {
      throw new ValueError(`Normalization: mean and variance must be given together, received mean=${describe(this.mean)} and variance=${describe(this.variance)}`);
    }
    if (this.mean !== null && this.variance !== null) {
      const [ms, vs] = [shapeOf(this.mean), shapeOf(this.variance)];
      if (JSON.stringify(ms) !== JSON.stringify(vs)) throw new ValueError(`Normalization: mean and variance must have the same shape, received [${ms}] and [${vs}]`);
      if (ms.length > axis.length) throw new ValueError(`Normalization: mean has rank ${ms.length}, more than the ${axis.length} kept axes ${describe(axis)}`);
    }
    this.supportsMasking = true;
  }

  override build(inputShape: ShapeStructure): void {
    const s = inputShape as Shape;
    const ndim = s.length;
    const bad = this.axis.find((a) => a < -ndim || a >= ndim);
    if (bad !== undefined) throw new ValueError(`Normalization "${this.name}": axis ${bad} is out of range for inputs of rank ${ndim} (shape ${describe(s)})`);
    this.keepAxes = [...new Set(this.axis.map((a) => (a < 0 ? a + ndim : a)))].sort((a, b) => a - b);
    const unknown = this.keepAxes.find((d) => s[d] === null);
    if (unknown !== undefined) throw new ShapeError(`Normalization "${this.name}": the kept axis ${unknown} must have a known size, received shape ${describe(s)}`);
    this.broadcastShape = s.map((d, i) => (this.keepAxes.includes(i) ? (d as number) : 1));
    if (this.mean === null) {
      const shape = this.keepAxes.map((d) => s[d] as number);
      this.stats = {
        mean: this.addWeight({name: 'mean', shape, initializer: 'zeros', trainable: false}),
        variance: this.addWeight({name: 'variance', shape, initializer: 'ones', trainable: false}),
      };
      this.addWeight({name: 'count', shape: [], initializer: 'zeros', trainable: false, dtype: 'int32'});
    }
    super.build(inputShape);
  }

  /** The given statistics, shaped to broadcast: their last axes line up with the last kept axes. */
  private fixed(v: NumberArray): Tensor {
    const t = ops.tensor(v as number[]);
    if (t.rank === 0) return ops.broadcastTo(t, this.broadcastShape);
    const expanded = this.broadcastShape.map(() => 1);
    t.shape.forEach((d, i) => {
      expanded[this.keepAxes[this.keepAxes.length - t.rank + i] as number] = d;
    });
    return ops.broadcastTo(ops.reshape(t, expanded), this.broadcastShape);
  }

  call(inputs: Tensor): Tensor {
    const x = inputs.dtype === 'float32' ? inputs : ops.cast(inputs, 'float32');
    const [mean, variance] = this.stats !== null
      ? [ops.reshape(this.stats.mean.value, this.broadcastShape), ops.reshape(this.stats.variance.value, this.broadcastShape)]
      : [this.fixed(this.mean as NumberArray), this.fixed(this.variance as NumberArray)];
    const std = ops.maximum(ops.sqrt(variance), EPSILON);
    return this.invert ? ops.add(mean, ops.mul(x, std)) : ops.div(ops.sub(x, mean), std);
  }

  /**
   * Learns the mean and variance over every axis but the kept ones from `data` (a tensor or a nested
   * array, batch first), building the layer if needed.
   *
   * @throws ValueError when the layer was given fixed statistics, or when the data's kept axes do not
   *   match the shape the layer was built for.
   */
  async adapt(data: Tensor | NumberArray[]): Promise<void> {
    if (this.mean !== null) throw new ValueError(`Normalization "${this.name}": adapt() cannot change a mean and variance given to the constructor`);
    const owned = Array.isArray(data);
    const x = owned ? ops.tensor(data as number[]) : (data as Tensor);
    try {
      if (!this.built) {
        const shape: Shape = [...x.shape];
        this.build(this.axis.some((a) => a === 0 || a === -x.rank) ? shape : [null, ...shape.slice(1)]);
      }
      const built = this.buildInputShape as Shape;
      if (x.rank !== built.length || this.keepAxes.some((d) => x.shape[d] !== built[d])) {
        throw new ShapeError(`Normalization "${this.name}": adapt() received data of shape ${describe(x.shape)}, incompatible with the built input shape ${describe(built)}`);
      }
      const stats = this.stats as {mean: Variable; variance: Variable};
      tidy(() => {
        const reduce = x.shape.map((_, i) => i).filter((i) => !this.keepAxes.includes(i));
        const {mean, variance} = ops.moments(ops.cast(x, 'float32'), reduce);
        stats.mean.assign(ops.reshape(mean, stats.mean.shape));
        stats.variance.assign(ops.reshape(variance, stats.variance.shape));
      });
    } finally {
      if (owned) x.dispose();
    }
    await Promise.resolve();
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), axis: this.axis, invert: this.invert, mean: this.mean, variance: this.variance};
  }
}
