/**
 * The base of every layer and model (DESIGN §3). Lifecycle: the constructor validates and stores its
 * arguments; `build(inputShape)` creates weights with `addWeight`; `call(inputs, ctx)` does the math
 * through core's `ops`; `getConfig()` returns the constructor's arguments. `apply` runs eagerly on
 * tensors or records a graph node on symbolic tensors.
 */
import {ShapeError, ValueError, Variable, describe, flatten, mapStructure, ops, regularizers, serializeObject, tidy} from '@stratum/core';
import type {ConfigDict, DataType, Nested, Regularizer, RegularizerIdentifier, Tensor} from '@stratum/core';
import type {CallContext} from './call-context.js';
import type {InputSpec} from './input-spec.js';
import {checkMask, flattenMasks} from './mask.js';
import {splitCallArgs} from './call-args.js';
import {addLoss, collectingLosses} from './loss-scope.js';
import type {MaskOf, MaskStructure} from './mask.js';
import {uniqueName} from './naming.js';
import {Node} from './node.js';
import {nodeTensors, onlyNodeTensors} from './node-access.js';
import {isShape, isTensor} from './shape.js';
import type {Shape, ShapeStructure} from './shape.js';
import {SymbolicTensor, isSymbolic} from './symbolic-tensor.js';
import {traceOutputShape} from './trace.js';
import {WeightStore} from './weight-store.js';
import type {AddWeightArgs} from './weight-store.js';

/** What layers take and return: a tensor or a nested structure of tensors. */
export type LayerIO = Nested<Tensor>;

/** The symbolic counterpart of a layer's input/output type. */
export type SymbolicOf<T> = T extends Tensor
  ? SymbolicTensor
  : T extends readonly (infer U)[]
    ? SymbolicOf<U>[]
    : T extends {readonly [k: string]: infer V}
      ? {[k: string]: SymbolicOf<V>}
      : never;

export interface LayerArgs {
  /** Unique within a model; generated from the class name (`dense`, `dense_1`, ...) when absent. */
  name?: string;
  /** Default true. Setting it false freezes the layer and every sub-layer. */
  trainable?: boolean;
  /** Default 'float32'. */
  dtype?: DataType;
  /** Shape of one sample (no batch axis): makes this the first layer of a Sequential model. */
  inputShape?: (number | null)[];
  /** Full input shape including the batch axis (null for any batch size). */
  batchInputShape?: Shape;
  /** With `inputShape`: a fixed batch size. */
  batchSize?: number;
  /** Shorthand for `inputShape: [inputDim]` (Keras 2 / tfjs). */
  inputDim?: number;
  /**
   * A penalty on the layer's outputs (Keras `activity_regularizer`): in training and evaluation steps,
   * `regularizer(output) / batchSize` is added to the loss.
   */
  activityRegularizer?: RegularizerIdentifier | null;
}

export interface ApplyOptions {
  /** Training mode (Dropout active, BatchNorm uses batch statistics). Default false. */
  training?: boolean;
  /**
   * Masks of the input, in its structure (one mask, or a list for a list of tensors); checked against it.
   * On symbolic inputs a symbolic mask is recorded in the graph and replaces the propagated one.
   */
  mask?: MaskStructure | Nested<SymbolicTensor>;
  /**
   * Further call arguments by name (Keras keyword arguments: an attention mask, initial states, flags):
   * tensors (symbolic ones become graph edges, saved as Keras 3 node kwargs) and JSON values. The layer
   * reads them from `ctx.args`. Functions and other objects are refused.
   */
  callArgs?: Readonly<Record<string, unknown>>;
}

/** What {@link Layer.callWithMask} returns: the outputs and their masks (in the outputs' structure). */
export interface CallResult<Out> {
  outputs: Out;
  mask: MaskOf<Out> | null;
}

/** Base class of layers. `In`/`Out` describe the tensors (or structures) `call` takes and returns. */
export abstract class Layer<In extends LayerIO = Tensor, Out extends LayerIO = Tensor> {
  static readonly className: string = 'Layer';
  readonly name: string;
  readonly dtype: DataType;
  built = false;
  /** The input shape `build` was called with (for Keras `build_config`). */
  buildInputShape: ShapeStructure | null = null;
  /** Set from `inputShape`/`batchInputShape`: the shape a Sequential model starts from. */
  readonly batchInputShape: Shape | null;
  /** Checked against inputs on every call. */
  inputSpec: InputSpec | InputSpec[] | null = null;
  /** True when the layer passes input masks through (or computes its own). */
  supportsMasking = false;
  /** One node per call on symbolic inputs. */
  readonly inboundNodes: Node[] = [];
  readonly outboundNodes: Node[] = [];
  protected readonly store: WeightStore;
  /** The penalty on the outputs (Keras `activity_regularizer`), or null. */
  readonly activityRegularizer: Regularizer | null;
  private readonly args: LayerArgs;
  private isTrainable: boolean;

  constructor(args: LayerArgs = {}) {
    const cls = this.constructor as typeof Layer;
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || args.name.includes('/'))) {
      throw new ValueError(`${cls.className}: name must be a non-empty string without '/', received ${describe(args.name)}`);
    }
    this.name = args.name ?? uniqueName(cls.className);
    this.dtype = args.dtype ?? 'float32';
    this.isTrainable = args.trainable ?? true;
    this.args = args;
    this.batchInputShape = resolveBatchInputShape(cls.className, args);
    this.store = new WeightStore(this.name);
    this.activityRegularizer = regularizers.getRegularizer(args.activityRegularizer ?? null);
  }

  /** Whether the optimizer updates this layer's weights. Setting it recurses into sub-layers. */
  get trainable(): boolean {
    return this.isTrainable;
  }
  set trainable(value: boolean) {
    this.isTrainable = value;
    for (const l of this.store.layers) l.trainable = value;
  }

  /** Creates the layer's weights for inputs of this shape. Subclasses call `super.build` last or set `built`. */
  build(inputShape: ShapeStructure): void {
    this.buildInputShape = inputShape;
    this.built = true;
  }

  /** The layer's math. Runs inside a tidy; use core's `ops`. `ctx.mask` has the masks of `inputs`. */
  abstract call(inputs: In, ctx: CallContext<MaskOf<In>>): Out;

  /**
   * Runs `call`, then `computeMask` for the outputs' masks (Keras 3 sets both in `__call__`). Models and
   * wrappers run their layers through this; a model overrides it to find its outputs' masks in the same
   * pass. A mask reaching a layer that does not support masking is dropped with a one-time warning, as
   * Keras warns.
   */
  callWithMask(inputs: In, ctx: CallContext<MaskOf<In>>): CallResult<Out> {
    const outputs = this.call(inputs, ctx);
    this.addActivityLoss(outputs);
    if (!this.supportsMasking && !this.warnedMaskDropped && flattenMasks(ctx.mask as MaskStructure).some((m) => m !== null)) {
      this.warnedMaskDropped = true;
      console.warn(`Layer "${this.name}" (${(this.constructor as typeof Layer).className}) received an input mask but does not support masking; layers after it will not see the mask`);
    }
    return {outputs, mask: this.computeMask(inputs, ctx.mask)};
  }
  private warnedMaskDropped = false;

  /** Output shape(s) for input shape(s); by default found by tracing `call` on small zero tensors. */
  computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return traceOutputShape(this, inputShape);
  }

  /**
   * The outputs' masks from the inputs and their masks: by default the input masks unchanged when
   * `supportsMasking` (Keras's default), otherwise none. Layers that change the time axis or combine
   * inputs override it.
   */
  computeMask(_inputs: In, mask: MaskOf<In>): MaskOf<Out> | null {
    return this.supportsMasking ? (mask as unknown as MaskOf<Out>) : null;
  }

  /**
   * Adds a scalar loss from `call` (Keras `add_loss`): training and evaluation steps add it to the loss
   * they minimise or report; elsewhere (prediction) it is ignored.
   */
  protected addLoss(loss: Tensor): void {
    addLoss(this.name, loss);
  }

  /** The activity regularizer's penalty on each output, divided by the batch size as Keras 3 does. */
  private addActivityLoss(outputs: Out): void {
    const reg = this.activityRegularizer;
    if (reg === null || !collectingLosses()) return;
    for (const y of flatten<Tensor>(outputs as Nested<Tensor>, isTensor)) {
      const penalty = reg.call(y);
      addLoss(this.name, y.rank > 0 ? ops.div(penalty, Math.max(y.shape[0] as number, 1)) : penalty);
    }
  }

  /** Creates a weight owned by this layer (Keras `add_weight`). */
  protected addWeight(args: AddWeightArgs): Variable {
    return this.store.addWeight(args, this.dtype);
  }

  /**
   * The state protocol: a layer's state is its non-trainable weights that its forward pass maintains
   * (BatchNormalization's moving statistics, a stateful RNN's last states). `call` updates them through
   * this method, only when `ctx.training` is true and the layer is trainable (a frozen layer's state never
   * moves, as in Keras 3), and never from `computeOutputShape`. The new value is copied into the weight;
   * no gradient flows through the update.
   */
  protected updateState(weight: Variable, value: Tensor): void {
    if (weight.trainable) throw new ValueError(`Layer "${this.name}": ${weight.path} is trainable; only non-trainable (state) weights are updated by the forward pass`);
    if (!this.store.owns(weight)) throw new ValueError(`Layer "${this.name}": ${weight.path} is not one of its own weights`);
    weight.assign(value);
  }

  /**
   * Tracks a sub-layer (Keras 3 tracks attributes; here one explicit call, usually in the constructor:
   * `this.conv = this.trackLayer(new Conv2D(...))`). Its weights become this layer's (no duplicates), with
   * paths `<this>/<sub-layer>/<weight>`; `trainable`, regularization losses and `dispose` recurse into it.
   */
  protected trackLayer<L extends AnyLayer>(layer: L): L {
    if (!(layer instanceof Layer)) throw new ValueError(`Layer "${this.name}": trackLayer expects a layer, received ${describe(layer)}`);
    if (layer.tracks(this)) throw new ValueError(`Layer "${this.name}" cannot track layer "${layer.name}": that would make a cycle (it contains "${this.name}")`);
    this.store.trackLayer(layer);
    return layer;
  }

  /** Whether `layer` is this layer or one of its tracked sub-layers, at any depth. */
  private tracks(layer: object): boolean {
    return layer === this || this.store.layers.some((l) => (l instanceof Layer ? l.tracks(layer) : l === layer));
  }

  /** The sub-layers tracked with `trackLayer`, in tracking order. */
  get trackedLayers(): AnyLayer[] {
    return [...this.store.layers] as AnyLayer[];
  }

  /** Part of weight tracking (called by the parent that tracks this layer); not for direct use. */
  setWeightPathPrefix(prefix: string, parent: object): void {
    this.store.setScope(prefix, parent);
  }

  /** Part of weight tracking: adds this layer's regularized weights (own and sub-layers') to `into`. */
  collectRegularizers(into: Map<Variable, Regularizer>): void {
    this.store.collectRegularizers(into);
  }

  /** Every weight: own trainable, own non-trainable, then sub-layers' (Keras order). */
  get weights(): Variable[] {
    return this.store.allWeights();
  }
  get trainableWeights(): Variable[] {
    return this.trainable ? this.store.trainableWeights() : [];
  }
  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.store.nonTrainableWeights() : this.weights;
  }

  /** Regularization penalties of this layer's weights (scalars, caller owns them). */
  regularizationLosses(): Tensor[] {
    return this.store.regularizationLosses();
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of the weights' values (the caller owns them). */
  getWeights(): Tensor[] {
    return this.store.getWeights();
  }

  /** Writes every weight; checks count and shapes first, so a bad list changes nothing. */
  setWeights(values: readonly Tensor[]): void {
    this.store.setWeights(values, (this.constructor as typeof Layer).className);
  }

  /** Runs the layer on tensors (eagerly) or records a node on symbolic tensors. */
  apply(inputs: SymbolicOf<In>, options?: ApplyOptions): SymbolicOf<Out>;
  apply(inputs: In, options?: ApplyOptions): Out;
  apply(inputs: Nested<Tensor> | Nested<SymbolicTensor>, options: ApplyOptions = {}): unknown {
    const leaves = flatten<Tensor | SymbolicTensor>(inputs, isTensorOrSymbolic);
    if (leaves.length > 0 && leaves.every(isSymbolic)) return this.applySymbolic(inputs as Nested<SymbolicTensor>, options);
    if (leaves.every(isTensor)) return this.applyEager(inputs as In, options);
    throw new ValueError(`Layer "${this.name}": inputs must be all tensors or all symbolic tensors (from input()), received ${describe(leaves.map((l) => (isSymbolic(l) ? 'symbolic' : 'tensor')))}`);
  }

  private shapesOf(inputs: Nested<Tensor> | Nested<SymbolicTensor>): ShapeStructure {
    return mapStructure<Tensor | SymbolicTensor, Shape>(inputs, isTensorOrSymbolic, (t) => [...t.shape]);
  }

  /** Builds on first use and checks the input spec (models call it before running `call` directly). */
  prepare(inputs: Nested<Tensor> | Nested<SymbolicTensor>): void {
    const shapes = this.shapesOf(inputs);
    const flat = flatten(shapes, isShape);
    const specs = this.inputSpec === null ? [] : Array.isArray(this.inputSpec) ? this.inputSpec : [this.inputSpec];
    specs.forEach((spec, i) => {
      const s = flat[i];
      if (s === undefined) throw new ShapeError(`Layer "${this.name}" expects ${specs.length} inputs, received ${flat.length}`);
      spec.assertCompatible(this.name, s, i);
    });
    if (!this.built) {
      this.build(shapes);
      this.built = true;
    }
  }

  private applyEager(inputs: In, options: ApplyOptions): Out {
    this.prepare(inputs);
    const mask = (options.mask ?? mapStructure<Tensor, null>(inputs, isTensor, () => null)) as MaskOf<In>;
    const xs = flatten<Tensor>(inputs, isTensor);
    const masks = flattenMasks(mask as MaskStructure);
    if (masks.length !== xs.length) throw new ShapeError(`Layer "${this.name}": ${masks.length} masks given for ${xs.length} inputs`);
    masks.forEach((m, i) => checkMask(this.name, m, xs[i] as Tensor, i));
    const {kwargs, tensorArgs} = splitCallArgs(this.name, {callArgs: options.callArgs}, false);
    const args = {...kwargs, ...tensorArgs};
    const ctx: CallContext<MaskOf<In>> = {training: options.training ?? false, mask, ...(Object.keys(args).length > 0 ? {args} : {})};
    return tidy(() => {
      const out = this.call(inputs, ctx);
      this.addActivityLoss(out);
      return out as never;
    }) as Out;
  }

  private applySymbolic(inputs: Nested<SymbolicTensor>, options: ApplyOptions): Nested<SymbolicTensor> {
    this.prepare(inputs);
    const outShapes = this.computeOutputShape(this.shapesOf(inputs));
    const nodeIndex = this.inboundNodes.length;
    let k = 0;
    const outputs = mapStructure<Shape, SymbolicTensor>(outShapes, isShape, (shape) => {
      const i = k++;
      return new SymbolicTensor(shape, this.dtype, this, nodeIndex, i, `${this.name}/${nodeIndex}/${i}`);
    });
    const {kwargs, tensorArgs} = splitCallArgs(this.name, options, true);
    if (options.training !== undefined) kwargs['training'] = options.training;
    const node = new Node(this, inputs, outputs, kwargs, tensorArgs);
    this.inboundNodes.push(node);
    for (const t of [...node.inputTensors, ...node.argTensors]) (t.sourceLayer as AnyLayer).outboundNodes.push(node);
    return outputs;
  }

  /**
   * The symbolic input of the layer's call (Keras `layer.input`), in the structure the call received.
   * Throws when the layer was never called on symbolic tensors, or called more than once (use `getInputAt`).
   */
  get input(): SymbolicOf<In> {
    return onlyNodeTensors(this, 'input') as SymbolicOf<In>;
  }
  /** The symbolic output of the layer's call (Keras `layer.output`); see `input` for the errors. */
  get output(): SymbolicOf<Out> {
    return onlyNodeTensors(this, 'output') as SymbolicOf<Out>;
  }
  /** The symbolic input of the layer's `nodeIndex`-th call (Keras `get_input_at`). */
  getInputAt(nodeIndex: number): SymbolicOf<In> {
    return nodeTensors(this, 'input', nodeIndex) as SymbolicOf<In>;
  }
  /** The symbolic output of the layer's `nodeIndex`-th call (Keras `get_output_at`). */
  getOutputAt(nodeIndex: number): SymbolicOf<Out> {
    return nodeTensors(this, 'output', nodeIndex) as SymbolicOf<Out>;
  }

  /** The layer's configuration: its constructor arguments (Keras `get_config`). */
  getConfig(): ConfigDict {
    const config: ConfigDict = {name: this.name, trainable: this.trainable, dtype: this.dtype};
    if (this.activityRegularizer !== null) config['activityRegularizer'] = serializeObject(this.activityRegularizer);
    if (this.batchInputShape !== null && (this.args.inputShape !== undefined || this.args.batchInputShape !== undefined || this.args.inputDim !== undefined)) {
      config['batchInputShape'] = this.batchInputShape;
    }
    return config;
  }

  /** Frees every weight (and sub-layers' weights). */
  dispose(): void {
    this.store.dispose();
  }

  toString(): string {
    return `${(this.constructor as typeof Layer).className}(name=${this.name})`;
  }
}

/** Any layer, whatever its input/output types. */
export type AnyLayer = Layer<LayerIO, LayerIO>;

function isTensorOrSymbolic(v: unknown): v is Tensor | SymbolicTensor {
  return isTensor(v) || isSymbolic(v);
}

function resolveBatchInputShape(className: string, args: LayerArgs): Shape | null {
  if (args.batchInputShape !== undefined) return [...args.batchInputShape];
  const sample = args.inputShape ?? (args.inputDim !== undefined ? [args.inputDim] : undefined);
  if (sample === undefined) return null;
  if (!Array.isArray(sample) || !sample.every((d) => d === null || (Number.isInteger(d) && d > 0))) {
    throw new ValueError(`${className}: inputShape must be a list of positive integers (or null), received ${describe(sample)}`);
  }
  return [args.batchSize ?? null, ...sample];
}
