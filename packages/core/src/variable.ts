/**
 * A model weight: a tfjs variable plus the Keras-style bookkeeping Stratum needs (a stable
 * `<owner>/<name>` path, trainability, an optional constraint applied after optimizer steps).
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError, ValueError, describe} from './errors.js';

/** Anything that maps a weight value to its constrained value (see `constraints`). */
export interface WeightConstraint {
  apply(w: tf.Tensor): tf.Tensor;
}

export interface VariableArgs {
  /** Short name inside its owner, e.g. `kernel`. */
  name: string;
  /** Initial value; the variable takes ownership of a copy. */
  initialValue: tf.Tensor;
  trainable?: boolean;
  constraint?: WeightConstraint | null;
}

/** Values standing in for variables inside `Variable.substitute`. */
const substitutions = new Map<Variable, tf.Tensor>();

/** A trainable (or not) weight. Disposed with its owner. */
export class Variable {
  /** Short name, e.g. `kernel`. */
  readonly name: string;
  /** Stable path used in weight files, e.g. `dense/kernel`; owners set the prefix. */
  path: string;
  /** Whether the optimizer updates it (also subject to the owning layer's `trainable`). */
  trainable: boolean;
  readonly constraint: WeightConstraint | null;
  private tensor: tf.Variable;

  constructor(args: VariableArgs) {
    if (args.name === '' || /[\s]/.test(args.name)) {
      throw new ValueError(`Variable: name must be a non-empty string without spaces, received ${describe(args.name)}`);
    }
    this.name = args.name;
    this.path = args.name;
    this.trainable = args.trainable ?? true;
    this.constraint = args.constraint ?? null;
    this.tensor = tf.variable(args.initialValue, true);
  }

  /**
   * The value as a tensor (the underlying tfjs variable: pass it to ops, do not dispose it). Inside
   * `Variable.substitute`, the substituted tensor instead.
   */
  get value(): tf.Variable {
    return (substitutions.get(this) as tf.Variable | undefined) ?? this.tensor;
  }

  /**
   * Runs `fn` with each variable's `value` reading as the paired tensor (Keras 3's `StatelessScope`), so a
   * layer's own math runs on transformed weights: DropConnect's masked kernel, gradients flowing back to
   * the variable through the transform. Only for reading in a forward pass; the variables themselves are
   * untouched, and the substitution ends when `fn` returns or throws. Nested calls stack.
   */
  static substitute<T>(pairs: readonly (readonly [Variable, tf.Tensor])[], fn: () => T): T {
    const previous = pairs.map(([v]) => [v, substitutions.get(v)] as const);
    for (const [v, t] of pairs) {
      if (!tf.util.arraysEqual(t.shape, v.shape)) {
        throw new ShapeError(`Variable ${v.path}: cannot substitute a value of shape [${t.shape.join(', ')}], expected [${v.shape.join(', ')}]`);
      }
    }
    for (const [v, t] of pairs) substitutions.set(v, t);
    try {
      return fn();
    } finally {
      for (const [v, t] of previous) {
        if (t === undefined) substitutions.delete(v);
        else substitutions.set(v, t);
      }
    }
  }

  get shape(): number[] {
    return this.tensor.shape;
  }

  get dtype(): tf.DataType {
    return this.tensor.dtype;
  }

  get size(): number {
    return this.tensor.size;
  }

  /** Writes a new value; its shape must equal the variable's. The caller keeps ownership of `value`. */
  assign(value: tf.Tensor): void {
    if (!tf.util.arraysEqual(value.shape, this.tensor.shape)) {
      throw new ShapeError(`Variable ${this.path}: cannot assign a value of shape [${value.shape.join(', ')}], expected [${this.tensor.shape.join(', ')}]`);
    }
    if (value.dtype === this.tensor.dtype) {
      this.tensor.assign(value);
      return;
    }
    // The cast is ours: free it once written (the variable keeps its own copy).
    const cast = tf.cast(value, this.tensor.dtype);
    try {
      this.tensor.assign(cast);
    } finally {
      cast.dispose();
    }
  }

  /** Applies the constraint, if any, in place. */
  applyConstraint(): void {
    if (this.constraint === null) return;
    const c = this.constraint;
    tf.tidy(() => this.tensor.assign(c.apply(this.tensor)));
  }

  /** Reads the value back to the CPU (asynchronously: never blocks a GPU backend). */
  async read(): Promise<Float32Array | Int32Array | Uint8Array> {
    return (await this.tensor.data()) as Float32Array | Int32Array | Uint8Array;
  }

  get isDisposed(): boolean {
    return this.tensor.isDisposed;
  }

  dispose(): void {
    if (!this.tensor.isDisposed) this.tensor.dispose();
  }
}
