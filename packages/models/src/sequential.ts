/**
 * A plain stack of layers, each feeding the next: `sequential([dense(...), dense(...)])`.
 */
import {ShapeError, ValueError, describe} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputLayer, Layer, checkMask, isShape, isSymbolic, outputMasks} from '@stratum/layers';
import type {AnyLayer, Mask, Shape, ShapeStructure, SymbolicTensor} from '@stratum/layers';
import {checkInputShape, checkSymbolicInputs} from './functional.js';
import {Model} from './model.js';
import type {ModelRun} from './model.js';

export interface SequentialArgs {
  layers?: AnyLayer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  private stack: AnyLayer[] = [];
  private inLayer: InputLayer | null = null;
  /** Once the input shape is known: the symbolic output of each layer of the stack, in order. */
  private chain: SymbolicTensor[] = [];

  constructor(args: SequentialArgs = {}) {
    super({name: args.name, trainable: args.trainable});
    for (const l of args.layers ?? []) this.add(l);
  }

  /** Appends a layer; with a known input shape it is built and shape-checked at once. */
  add(layer: AnyLayer): void {
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add: expected a layer, received ${describe(layer)}`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inLayer !== null) throw new ValueError(`Sequential.add: an InputLayer can only be the first layer, received ${describe(layer)} after ${this.stack.length} layer(s)`);
      this.inLayer = layer;
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) throw new ValueError(`Sequential.add: the model already has a layer named ${describe(layer.name)}; layer names must be unique`);
    if (this.stack.length === 0 && this.inLayer === null && layer.batchInputShape !== null) {
      this.inLayer = new InputLayer({batchShape: layer.batchInputShape, name: `${layer.name}_input`, dtype: layer.dtype});
    }
    const tail = this.tail();
    if (tail !== null) {
      const out = layer.apply(tail);
      if (!isSymbolic(out)) throw new ValueError(`Sequential.add: layer "${layer.name}" returns several outputs; use the functional API`);
      this.chain.push(out);
    }
    this.stack.push(layer);
    this.built = tail !== null;
  }

  /** Removes the last layer; the model's output becomes the previous layer's (no layer is called again). */
  pop(): AnyLayer {
    const last = this.stack.pop();
    if (last === undefined) throw new ValueError(`Sequential.pop: the model "${this.name}" has no layers`);
    if (this.chain.length > this.stack.length) this.chain.pop();
    return last;
  }

  /** The symbolic tensor the next added layer is applied to, or null before the input shape is known. */
  private tail(): SymbolicTensor | null {
    if (this.inLayer === null) return null;
    return this.chain[this.chain.length - 1] ?? this.inLayer.output;
  }

  override get layers(): AnyLayer[] {
    return [...this.stack];
  }
  override get inputNames(): string[] {
    return [this.inLayer?.name ?? 'input'];
  }
  override get outputNames(): string[] {
    const last = this.stack[this.stack.length - 1];
    return [last?.name ?? 'output'];
  }
  /** The InputLayer at the bottom of the stack, or null before the input shape is known. */
  get inputLayer(): InputLayer | null {
    return this.inLayer;
  }
  /**
   * The symbolic input, `[input]` (Keras `model.inputs`). Defined once the input shape is known: an
   * `inputShape` on the first layer, an InputLayer, `build`, or a first `fit`/`predict`.
   */
  override get inputs(): SymbolicTensor[] {
    return [this.symbolicEnd('inputs').input];
  }
  /** The symbolic output of the last layer, `[output]` (Keras `model.outputs`); defined as `inputs` is. */
  override get outputs(): SymbolicTensor[] {
    return [this.symbolicEnd('outputs').output];
  }
  override get input(): SymbolicTensor {
    return this.symbolicEnd('input').input;
  }
  override get output(): SymbolicTensor {
    return this.symbolicEnd('output').output;
  }
  override get inputShape(): Shape {
    return [...this.symbolicEnd('input shape').input.shape];
  }
  override get outputShape(): Shape {
    return [...this.symbolicEnd('output shape').output.shape];
  }

  /** The two ends of the symbolic stack; as Keras, an error until the input shape is known and a layer added. */
  private symbolicEnd(what: string): {input: SymbolicTensor; output: SymbolicTensor} {
    const output = this.tail();
    if (this.inLayer === null || output === null || this.stack.length === 0) {
      const why = this.stack.length === 0 ? 'it has no layers' : 'its input shape is not known';
      throw new ValueError(`Sequential model "${this.name}" has no defined ${what} yet: ${why}. Give the first layer an inputShape, start with an InputLayer, or build it (build(), fit() or predict())`);
    }
    return {input: this.inLayer.output, output};
  }

  override forward(xs: Tensor[], training: boolean): Tensor[] {
    return this.runStack(xs, training).outputs;
  }

  /** The outputs and their masks; a subclass that overrides `forward` decides the outputs (and gives no masks). */
  override run(xs: Tensor[], training: boolean, inputMasks?: readonly Mask[]): ModelRun {
    if (this.forward !== Sequential.prototype.forward) return super.run(xs, training, inputMasks);
    return this.runStack(xs, training, inputMasks);
  }

  /** Runs the stack, passing each layer's output mask to the next (from the input's mask, if given). */
  private runStack(xs: Tensor[], training: boolean, inputMasks?: readonly Mask[]): ModelRun {
    if (this.stack.length === 0) throw new ValueError(`Sequential "${this.name}" has no layers; add some before running it`);
    if (xs.length !== 1) throw new ValueError(`Sequential "${this.name}" takes one input, received ${xs.length}`);
    let x = xs[0] as Tensor;
    // As Keras builds a Sequential on its first call: the symbolic graph (inputs, outputs) exists from now on.
    if (this.inLayer === null) this.build([null, ...x.shape.slice(1)]);
    if (this.inLayer !== null) checkInputShape(this.name, this.inLayer.output, x);
    let mask: Mask = inputMasks?.[0] ?? null;
    checkMask(this.name, mask, x, 0);
    for (const layer of this.stack) {
      layer.prepare(x);
      const res = layer.callWithMask(x, {training, mask});
      x = res.outputs as Tensor;
      mask = outputMasks(layer.name, res.mask ?? null, 1)[0] ?? null;
    }
    return {outputs: [x], masks: [mask]};
  }

  override build(inputShape: ShapeStructure): void {
    if (this.inLayer === null) {
      if (!isShape(inputShape)) throw new ShapeError(`Sequential "${this.name}" takes one input tensor, received input shapes ${describe(inputShape)}`);
      this.inLayer = new InputLayer({batchShape: inputShape, name: `${this.name}_input`});
      const layers = this.stack;
      this.stack = [];
      this.chain = [];
      try {
        for (const l of layers) this.add(l);
      } catch (e) {
        this.stack = layers;
        this.chain = [];
        this.inLayer = null;
        throw e;
      }
    } else {
      // As Keras: a Sequential whose input shape is set cannot be built for another one.
      checkSymbolicInputs(this.name, [this.inLayer.output.shape], inputShape);
    }
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (this.inLayer !== null) checkSymbolicInputs(this.name, [this.inLayer.output.shape], inputShape);
    const tail = this.tail();
    if (tail !== null) return [...tail.shape];
    return super.computeOutputShape(inputShape);
  }

  override getConfig(): ConfigDict {
    return {name: this.name, trainable: this.trainable};
  }
}
