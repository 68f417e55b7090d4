/**
 * A plain stack of layers, each feeding the next: `sequential([dense(...), dense(...)])`.
 */
import {ValueError, describe} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputLayer, Layer, isSymbolic} from '@stratum/layers';
import type {AnyLayer, Shape, ShapeStructure, SymbolicTensor} from '@stratum/layers';
import {checkInputShape, checkSymbolicInputs} from './functional.js';
import {Model} from './model.js';

export interface SequentialArgs {
  layers?: AnyLayer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  private stack: AnyLayer[] = [];
  private inputLayer: InputLayer | null = null;
  /** The symbolic output of the stack when the input shape is known. */
  private output: SymbolicTensor | null = null;

  constructor(args: SequentialArgs = {}) {
    super({name: args.name, trainable: args.trainable});
    for (const l of args.layers ?? []) this.add(l);
  }

  /** Appends a layer; with a known input shape it is built and shape-checked at once. */
  add(layer: AnyLayer): void {
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add: expected a layer, received ${describe(layer)}`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer !== null) throw new ValueError('Sequential.add: an InputLayer can only be the first layer');
      this.inputLayer = layer;
      this.output = layer.output;
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) throw new ValueError(`Sequential.add: the model already has a layer named ${describe(layer.name)}; layer names must be unique`);
    if (this.stack.length === 0 && this.inputLayer === null && layer.batchInputShape !== null) {
      this.inputLayer = new InputLayer({batchShape: layer.batchInputShape, name: `${layer.name}_input`, dtype: layer.dtype});
      this.output = this.inputLayer.output;
    }
    if (this.output !== null) {
      const out = layer.apply(this.output);
      if (!isSymbolic(out)) throw new ValueError(`Sequential.add: layer "${layer.name}" returns several outputs; use the functional API`);
      this.output = out;
    }
    this.stack.push(layer);
    this.built = this.output !== null;
  }

  /** Removes the last layer. */
  pop(): AnyLayer {
    const last = this.stack.pop();
    if (last === undefined) throw new ValueError('Sequential.pop: the model has no layers');
    this.relink();
    return last;
  }

  /** Re-applies the stack to the input layer's output, so the symbolic chain matches the layers. */
  private relink(): void {
    const layers = this.stack;
    this.stack = [];
    this.output = this.inputLayer?.output ?? null;
    for (const l of layers) this.add(l);
  }

  get layers(): AnyLayer[] {
    return [...this.stack];
  }
  get inputNames(): string[] {
    return [this.inputLayer?.name ?? 'input'];
  }
  get outputNames(): string[] {
    const last = this.stack[this.stack.length - 1];
    return [last?.name ?? 'output'];
  }
  /** Shape of the input including the batch axis, once known. */
  get inputShape(): Shape | null {
    return this.inputLayer?.batchShape ?? null;
  }
  get input(): InputLayer | null {
    return this.inputLayer;
  }

  forward(xs: Tensor[], training: boolean): Tensor[] {
    if (this.stack.length === 0) throw new ValueError(`Sequential "${this.name}" has no layers; add some before running it`);
    if (xs.length !== 1) throw new ValueError(`Sequential "${this.name}" takes one input, received ${xs.length}`);
    let x = xs[0] as Tensor;
    if (this.inputLayer !== null) checkInputShape(this.name, this.inputLayer.output, x);
    let mask: Tensor | null = null;
    for (const layer of this.stack) {
      layer.prepare(x);
      const y = layer.call(x, {training, mask}) as Tensor;
      mask = layer.computeMask(x, mask);
      x = y;
    }
    return [x];
  }

  override build(inputShape: ShapeStructure): void {
    if (this.inputLayer === null) {
      this.inputLayer = new InputLayer({batchShape: inputShape as Shape, name: `${this.name}_input`});
      this.relink();
    }
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (this.inputLayer !== null) checkSymbolicInputs(this.name, [this.inputLayer.output.shape], inputShape);
    if (this.output !== null) return [...this.output.shape];
    return super.computeOutputShape(inputShape);
  }

  override getConfig(): ConfigDict {
    return {name: this.name, trainable: this.trainable};
  }
}
