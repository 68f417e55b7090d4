/**
 * `Model`: a layer that owns other layers and can be compiled, trained, evaluated, used for prediction,
 * summarised and saved. `Sequential` and `Functional` are its two concrete forms; custom models subclass
 * it and implement `forward`.
 */
import {RuntimeError, ValueError, describe, flatten, ops, tidy} from '@stratum/core';
import type {Optimizer, Regularizer, Tensor, Variable} from '@stratum/core';
import {Layer, assignWeights} from '@stratum/layers';
import {flattenMasks, isShape, isTensor} from '@stratum/layers';
import type {AnyLayer, CallContext, CallResult, LayerIO, Mask, MaskOf, MaskStructure, Shape, ShapeStructure, SymbolicTensor} from '@stratum/layers';
import {formatSummary} from './summary/summary.js';
import type {SummaryOptions} from './summary/summary.js';
import {CompiledState} from './training/compiled.js';
import type {CompileArgs} from './training/compiled.js';
import {batches, disposeBatch, sampleCount, toTensors} from './training/data.js';
import type {DataInput} from './training/data.js';
import {fit} from './training/fit.js';
import {evaluate} from './training/trainer.js';
import type {EvaluateArgs, FitArgs, TrainableModel} from './training/trainer.js';
import type {History} from '@stratum/core';
import {saveModel} from './saving/save.js';
import type {SaveOptions} from './saving/save.js';
import type {IOHandler, SaveResult} from './saving/io.js';
import {modelToJSON} from './saving/to-json.js';

export interface PredictArgs {
  /** Default 32. */
  batchSize?: number;
}

/** What {@link Model.run} returns: one tensor and one mask (or null) per output. */
export interface ModelRun {
  outputs: Tensor[];
  masks: Mask[];
}

export class Model extends Layer<LayerIO, LayerIO> implements TrainableModel {
  static override readonly className: string = 'Model';
  /** Set by callbacks to end `fit` early. */
  stopTraining = false;
  /** The result of `compile`, or null before it. */
  compiled: CompiledState | null = null;
  /** The `fit` or `evaluate` call in progress, if any (they share the compiled metrics and weights). */
  private running: 'fit' | 'evaluate' | null = null;

  /** Outputs of the last call of a subclassed model (how many outputs it has). */
  private lastOutputCount: number | null = null;

  /**
   * The layers of the model, in execution order (Keras `model.layers`). For a subclassed model, the
   * layers it tracks (`this.trackLayer(...)`), in tracking order.
   */
  get layers(): AnyLayer[] {
    return this.trackedLayers;
  }
  /** Names of the model's inputs, in order (a subclassed model: `input_1`, ... as many as it was built with). */
  get inputNames(): string[] {
    const s = this.buildInputShape;
    const n = s !== null && !isShape(s) && Array.isArray(s) ? s.length : 1;
    return Array.from({length: n}, (_, i) => `input_${i + 1}`);
  }
  /** Names of the model's outputs, in order (a subclassed model: `output_1`, ... as many as its last call gave). */
  get outputNames(): string[] {
    return Array.from({length: this.lastOutputCount ?? 1}, (_, i) => `output_${i + 1}`);
  }

  /**
   * Runs the model on one tensor per input; returns one tensor per output. Sequential and functional
   * models run their graph; a subclassed model (`class MyModel extends Model { call(inputs, ctx) }`) runs
   * its `call` on one tensor (or the list of them), building itself on the first call as Keras does.
   */
  forward(xs: Tensor[], training: boolean): Tensor[] {
    if (this.call === Model.prototype.call) {
      throw new RuntimeError(`Model "${this.name}" (${(this.constructor as typeof Model).className}) must implement call(inputs, ctx) (or forward(xs, training))`);
    }
    if (!this.built) super.build(xs.length === 1 ? [null, ...(xs[0] as Tensor).shape.slice(1)] : xs.map((x) => [null, ...x.shape.slice(1)]));
    const out = (this.call as (inputs: LayerIO, ctx: CallContext) => LayerIO)(xs.length === 1 ? (xs[0] as Tensor) : xs, {training, mask: null});
    const flat = flatten(out, isTensor);
    this.lastOutputCount = flat.length;
    return flat;
  }

  /**
   * Builds a subclassed model for inputs of this shape (Keras `model.build`): runs its `call` once on
   * zeros (unknown sizes as 1), so every layer creates its weights. Graph models override it.
   */
  override build(inputShape: ShapeStructure): void {
    if (this.built || this.call === Model.prototype.call) {
      super.build(inputShape);
      return;
    }
    const shapes = isShape(inputShape) ? [inputShape] : (inputShape as Shape[]);
    tidy(() => {
      this.forward(
        shapes.map((s) => ops.zeros(s.map((d) => d ?? 1))),
        false,
      );
    });
    this.buildInputShape = inputShape;
  }

  /**
   * Runs the model and also gives its outputs' masks (one per output; null where there is none), from
   * optional masks of its inputs. Graph models propagate masks through their layers; a custom model's
   * outputs have none unless it overrides this.
   */
  run(xs: Tensor[], training: boolean, _inputMasks?: readonly Mask[]): ModelRun {
    const outputs = this.forward(xs, training);
    return {outputs, masks: outputs.map(() => null)};
  }

  /**
   * The model's symbolic inputs, flat (Keras `model.inputs`): the tensors to build a new model from,
   * e.g. `model({inputs: base.inputs, outputs: base.getLayer('flat').output})`. A model that has no
   * symbolic graph (a custom model) throws.
   */
  get inputs(): SymbolicTensor[] {
    throw new ValueError(`Model "${this.name}" has no defined inputs: it is not a graph of layers (only Sequential and functional models have symbolic inputs)`);
  }
  /** The model's symbolic outputs, flat (Keras `model.outputs`). */
  get outputs(): SymbolicTensor[] {
    throw new ValueError(`Model "${this.name}" has no defined outputs: it is not a graph of layers (only Sequential and functional models have symbolic outputs)`);
  }
  /** Shape of the input including the batch axis (a list of them for several inputs), as Keras `input_shape`. */
  get inputShape(): ShapeStructure {
    return unwrapOne(this.inputs.map((t) => [...t.shape]));
  }
  /** Shape of the output including the batch axis (a list of them for several outputs), as Keras `output_shape`. */
  get outputShape(): ShapeStructure {
    return unwrapOne(this.outputs.map((t) => [...t.shape]));
  }

  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /** Configures training: optimizer, loss(es), metrics (Keras `compile`). */
  compile(args: CompileArgs): void {
    this.refuseWhileRunning('compile');
    const next = new CompiledState(args, this.outputNames);
    const old = this.compiled;
    if (old !== null) {
      old.dispose();
      // The optimizer compile created is ours: its slots go with it, unless the new compile reuses it.
      if (old.optimizer === next.optimizer) next.ownsOptimizer = old.ownsOptimizer;
      else if (old.ownsOptimizer) old.optimizer.dispose();
    }
    this.compiled = next;
  }

  /**
   * Refuses a call that would overlap a running `fit`/`evaluate` of this model (they share the
   * compiled metrics, the optimizer and the weights). `predict` is allowed from a callback.
   */
  private refuseWhileRunning(what: string): void {
    if (this.running === null) return;
    const hint = this.running === 'fit' && what === 'evaluate' ? '; to evaluate during training pass validationData to fit' : '';
    throw new RuntimeError(`${what}: model "${this.name}" is running ${this.running}(); await it before calling ${what}${hint}`);
  }

  private async exclusive<T>(what: 'fit' | 'evaluate', run: () => Promise<T>): Promise<T> {
    this.refuseWhileRunning(what);
    this.running = what;
    try {
      return await run();
    } finally {
      this.running = null;
    }
  }

  /** Trains the model (Keras `fit`). One `fit` or `evaluate` at a time per model. */
  fit(x: DataInput, y: DataInput, args: FitArgs = {}): Promise<History> {
    return this.exclusive('fit', () => fit(this, x, y, args));
  }

  /** Computes the loss and metrics (Keras `evaluate`): `{loss, accuracy, ...}`. Not while `fit` runs. */
  evaluate(x: DataInput, y: DataInput, args: EvaluateArgs = {}): Promise<Record<string, number>> {
    return this.exclusive('evaluate', () => evaluate(this, x, y, args));
  }

  /** Predictions for `x`, computed in batches: one tensor, or a list for multi-output models. */
  predict(x: DataInput, args: PredictArgs = {}): Tensor | Tensor[] {
    const batchSize = args.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ValueError(`predict: batchSize must be a positive integer, received ${describe(args.batchSize)}`);
    const {tensors, owned} = toTensors(x, this.inputNames, 'x');
    const parts: Tensor[][] = this.outputNames.map(() => []);
    try {
      const n = sampleCount({x: tensors});
      if (n === 0) return this.predictEmpty(tensors);
      for (const batch of batches(tensors, [], null, n, batchSize, false)) {
        try {
          const outs = this.forwardTidy(batch.xs);
          outs.forEach((o, i) => (parts[i] as Tensor[]).push(o));
        } finally {
          disposeBatch(batch);
        }
      }
      const results = parts.map((p) => (p.length === 1 ? (p[0] as Tensor) : tidy(() => ops.concat(p, 0))));
      return results.length === 1 ? (results[0] as Tensor) : results;
    } catch (e) {
      for (const p of parts) ops.dispose(p);
      throw e;
    } finally {
      for (const p of parts) if (p.length > 1) ops.dispose(p);
      ops.dispose(owned);
    }
  }

  /** Predictions for 0 rows: empty tensors `[0, ...]` of each output's shape (as Keras gives). */
  private predictEmpty(xs: Tensor[]): Tensor | Tensor[] {
    const outs = tidy(() => {
      const one = xs.map((t) => ops.zeros([1, ...t.shape.slice(1)], t.dtype));
      return this.forward(one, false).map((o) => ops.slice(o, [0], [0]));
    });
    return outs.length === 1 ? (outs[0] as Tensor) : outs;
  }

  /** Runs in inference mode; an output that is one of the inputs (an identity model) is copied, since the batch is freed. */
  private forwardTidy(xs: Tensor[]): Tensor[] {
    return tidy(() => this.forward(xs, false).map((o) => (xs.includes(o) ? ops.clone(o) : o)));
  }

  override call(inputs: LayerIO, ctx: {training: boolean}): LayerIO {
    const xs = Array.isArray(inputs) ? (inputs as Tensor[]) : [inputs as Tensor];
    const outs = this.forward(xs, ctx.training);
    return outs.length === 1 ? (outs[0] as Tensor) : outs;
  }

  /** A model used as a layer takes its inputs' masks and gives its outputs' masks in one pass. */
  override callWithMask(inputs: LayerIO, ctx: CallContext<MaskOf<LayerIO>>): CallResult<LayerIO> {
    const xs = Array.isArray(inputs) ? (inputs as Tensor[]) : [inputs as Tensor];
    const given = flattenMasks((ctx.mask ?? null) as MaskStructure);
    const {outputs, masks} = this.run(xs, ctx.training, given.length === xs.length ? given : undefined);
    const one = outputs.length === 1;
    return {outputs: one ? (outputs[0] as Tensor) : outputs, mask: (one ? masks[0] : masks) as MaskOf<LayerIO>};
  }

  /**
   * The model's own weights (`addWeight`, trainable then non-trainable) and every layer's, in layer order
   * (each layer: trainable, then non-trainable); a weight shared by two layers is listed once.
   */
  override get weights(): Variable[] {
    return [...new Set([...super.weights, ...this.layers.flatMap((l) => l.weights)])];
  }
  override get trainableWeights(): Variable[] {
    return this.trainable ? [...new Set([...super.trainableWeights, ...this.layers.flatMap((l) => l.trainableWeights)])] : [];
  }
  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? [...new Set([...super.nonTrainableWeights, ...this.layers.flatMap((l) => l.nonTrainableWeights)])] : this.weights;
  }
  override set trainable(value: boolean) {
    super.trainable = value;
    for (const l of this.layers) l.trainable = value;
  }
  override get trainable(): boolean {
    return super.trainable;
  }

  override collectRegularizers(into: Map<Variable, Regularizer>): void {
    super.collectRegularizers(into);
    for (const l of this.layers) l.collectRegularizers(into);
  }

  override regularizationLosses(): Tensor[] {
    const all = new Map<Variable, Regularizer>();
    this.collectRegularizers(all);
    return [...all.entries()].map(([v, r]) => r.call(v.value));
  }

  override getWeights(): Tensor[] {
    return this.weights.map((w) => w.value.clone());
  }

  /** Writes every weight in `weights` order; checks count and every shape first, so a bad list changes nothing. */
  override setWeights(values: readonly Tensor[]): void {
    assignWeights(`Model "${this.name}"`, this.weights, values);
  }

  /** A layer by name or by index in `layers`. */
  getLayer(nameOrIndex: string | number): AnyLayer {
    const layers = this.layers;
    const found = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (found === undefined) {
      throw new ValueError(`Model "${this.name}" has no layer ${describe(nameOrIndex)}; layers are ${layers.map((l) => l.name).join(', ')}`);
    }
    return found;
  }

  /**
   * Prints Keras 3's summary table (keras/src/utils/summary_utils.py): each layer's name and type, output
   * shape, parameter count, and for a functional model that is not a plain chain what it is connected
   * to; then the total, trainable, non-trainable (and, once the optimizer has state, optimizer)
   * parameter counts with their sizes. Returns the text.
   *
   * `summary()` prints with `console.log`; `summary(fn)` passes each line to `fn`; `summary(null)` prints
   * nothing; `summary({printFn, expandNested, showTrainable, lineLength, positions, layerRange})` takes
   * Keras's options.
   *
   * @example
   * ```ts
   * model.summary({expandNested: true, showTrainable: true});
   * ```
   */
  summary(print?: ((line: string) => void) | null | SummaryOptions): string {
    const options: SummaryOptions = typeof print === 'object' && print !== null ? print : {printFn: print};
    const text = formatSummary(this, options);
    const printFn = options.printFn;
    if (printFn === undefined) console.log(text);
    else if (printFn !== null) for (const line of text.split('\n')) printFn(line);
    return text;
  }

  /** The model's Keras 3 JSON (topology only; `models.fromJSON` reads it back). */
  toJSON(): string {
    return modelToJSON(this);
  }

  /** Writes model.json + weight shards (TF.js layers format) to `file://dir` or through an IO handler. */
  save(target: string | IOHandler, options?: SaveOptions): Promise<SaveResult> {
    return saveModel(this, target, options);
  }

  /**
   * Frees the weights, the metric state and the optimizer if compile created it (never a user's optimizer).
   * Layers shared with another model (a feature-extraction model built from `inputs` and a layer's
   * `output`) are freed for both: dispose only the model that owns them.
   */
  override dispose(): void {
    this.refuseWhileRunning('dispose');
    for (const l of this.layers) l.dispose();
    super.dispose();
    if (this.compiled?.ownsOptimizer === true) this.compiled.optimizer.dispose();
    this.compiled?.dispose();
    this.compiled = null;
  }
}

function unwrapOne(shapes: Shape[]): ShapeStructure {
  return shapes.length === 1 ? (shapes[0] as Shape) : shapes;
}
