/**
 * A model defined by a graph of layers: `model({inputs, outputs})`. Multi-input, multi-output, shared
 * layers (one layer applied several times) and nested models (a model applied as a layer) are all
 * graph nodes.
 */
import {ShapeError, ValueError, describe, flatten, isRecord, mapStructure, packSequenceAs} from '@stratum/core';
import type {ConfigDict, Nested, Tensor} from '@stratum/core';
import {InputLayer, Layer, checkMask, isShape, isSymbolic, isTensor, outputMasks, shapeToString} from '@stratum/layers';
import type {AnyLayer, CallContext, LayerIO, Mask, MaskOf, Node, Shape, ShapeStructure, SymbolicOf, SymbolicTensor} from '@stratum/layers';
import {topology} from './graph/topology.js';
import {kerasGraph} from './graph/keras-graph.js';
import {Model} from './model.js';
import type {ModelRun} from './model.js';

export interface FunctionalArgs {
  /** The model's inputs: `input(...)` tensors, as one tensor, a list or a record. */
  inputs: Nested<SymbolicTensor>;
  /** The model's outputs, as one tensor, a list or a record. */
  outputs: Nested<SymbolicTensor>;
  name?: string;
  trainable?: boolean;
}

export class Functional extends Model {
  static override readonly className: string = 'Functional';
  private readonly flatInputs: SymbolicTensor[];
  private readonly flatOutputs: SymbolicTensor[];
  readonly inputStructure: Nested<SymbolicTensor>;
  readonly outputStructure: Nested<SymbolicTensor>;
  private readonly nodes: Node[];
  private readonly layerList: AnyLayer[];

  constructor(args: FunctionalArgs) {
    super({name: args?.name, trainable: args?.trainable});
    if (typeof args !== 'object' || args === null) {
      throw new ValueError(`model: expected {inputs, outputs} made with input() and layer.apply(), received ${describe(args)}`);
    }
    this.flatInputs = symbolicLeaves(args.inputs, 'inputs');
    this.flatOutputs = symbolicLeaves(args.outputs, 'outputs');
    for (const t of this.flatInputs) {
      if (!(t.sourceLayer instanceof InputLayer)) throw new ValueError(`model: every input must come from input() (or a model's inputs), but ${t.name} is the output of layer "${t.sourceLayer.name}"`);
    }
    this.inputStructure = args.inputs;
    this.outputStructure = args.outputs;
    const topo = topology(this.flatInputs, this.flatOutputs);
    this.nodes = topo.nodes;
    // Keras's order (keras/src/ops/function.py map_graph): by decreasing depth from the outputs, so
    // model.layers, getLayer(i) and the weights' order match a Keras model of the same graph.
    this.layerList = kerasGraph(this.flatInputs, this.flatOutputs).layers;
    const names = new Set<string>();
    for (const l of this.layerList) {
      if (names.has(l.name)) throw new ValueError(`model: layer names must be unique, but ${describe(l.name)} appears twice`);
      names.add(l.name);
    }
    this.built = true;
    this.buildInputShape = mapStructure(args.inputs, isSymbolic, (t) => t.shape);
  }

  override get layers(): AnyLayer[] {
    return [...this.layerList];
  }
  /** The symbolic inputs, flat (Keras `model.inputs`). */
  override get inputs(): SymbolicTensor[] {
    return [...this.flatInputs];
  }
  /** The symbolic outputs, flat (Keras `model.outputs`). */
  override get outputs(): SymbolicTensor[] {
    return [...this.flatOutputs];
  }
  /** The inputs as given at construction: one tensor, a list or a record (Keras `model.input`). */
  override get input(): SymbolicOf<LayerIO> {
    return this.inputStructure as SymbolicOf<LayerIO>;
  }
  /** The outputs as given at construction (Keras `model.output`). */
  override get output(): SymbolicOf<LayerIO> {
    return this.outputStructure as SymbolicOf<LayerIO>;
  }
  override get inputNames(): string[] {
    return this.flatInputs.map((t) => t.sourceLayer.name);
  }
  override get outputNames(): string[] {
    return this.flatOutputs.map((t) => t.sourceLayer.name);
  }
  /** Execution order of the graph's nodes (input layers excluded). */
  get graphNodes(): Node[] {
    return [...this.nodes];
  }

  override forward(xs: Tensor[], training: boolean): Tensor[] {
    return this.runGraph(xs, training).outputs;
  }

  /** The outputs and their masks; a subclass that overrides `forward` decides the outputs (and gives no masks). */
  override run(xs: Tensor[], training: boolean, inputMasks?: readonly Mask[]): ModelRun {
    if (this.forward !== Functional.prototype.forward) return super.run(xs, training, inputMasks);
    return this.runGraph(xs, training, inputMasks);
  }

  /** Runs the graph, propagating masks from the inputs' (if given) through every layer that supports them. */
  private runGraph(xs: Tensor[], training: boolean, inputMasks?: readonly Mask[]): ModelRun {
    if (xs.length !== this.flatInputs.length) {
      throw new ValueError(`Model "${this.name}" expects ${this.flatInputs.length} inputs (${this.inputNames.join(', ')}), received ${xs.length}`);
    }
    const values = new Map<number, Tensor>();
    const masks = new Map<number, Mask>();
    this.flatInputs.forEach((t, i) => {
      const x = xs[i] as Tensor;
      checkInputShape(this.name, t, x);
      values.set(t.id, x);
      const m = inputMasks?.[i] ?? null;
      checkMask(this.name, m, x, i);
      masks.set(t.id, m);
    });
    for (const node of this.nodes) {
      const layer = node.layer as AnyLayer;
      const args = mapStructure<SymbolicTensor, Tensor>(node.inputs, isSymbolic, (t) => values.get(t.id) as Tensor) as LayerIO;
      const fixed = node.kwargs['training'];
      const ctx: CallContext<MaskOf<LayerIO>> = {training: typeof fixed === 'boolean' ? fixed : training, mask: null as MaskOf<LayerIO>};
      let explicit: unknown;
      if (node.hasCallArgs) {
        const {training: _, mask: given, ...callArgs} = {...node.kwargs, ...this.tensorArgValues(node, values)};
        // A mask given to the call in the graph replaces the one propagated from its inputs (Keras 3).
        explicit = given;
        if (Object.keys(callArgs).length > 0) ctx.args = callArgs;
      }
      ctx.mask = (explicit ?? mapStructure<SymbolicTensor, Mask>(node.inputs, isSymbolic, (t) => masks.get(t.id) ?? null)) as MaskOf<LayerIO>;
      const res = layer.callWithMask(args, ctx);
      const flat = flatten(res.outputs, isTensor);
      const outMasks = outputMasks(layer.name, res.mask ?? null, flat.length);
      node.outputTensors.forEach((t, i) => {
        values.set(t.id, flat[i] as Tensor);
        masks.set(t.id, outMasks[i] ?? null);
      });
    }
    return {outputs: this.flatOutputs.map((t) => values.get(t.id) as Tensor), masks: this.flatOutputs.map((t) => masks.get(t.id) ?? null)};
  }

  /** A node's tensor call arguments, with this run's values. */
  private tensorArgValues(node: Node, values: ReadonlyMap<number, Tensor>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(node.tensorArgs)) out[name] = mapStructure<SymbolicTensor, Tensor>(v, isSymbolic, (t) => values.get(t.id) as Tensor);
    return out;
  }

  /** Outputs in the structure given at construction (list or record). */
  callStructured(inputs: Tensor[], training = false): Nested<Tensor> {
    return packSequenceAs(this.outputStructure, isSymbolic, this.forward(inputs, training));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    checkSymbolicInputs(this.name, this.flatInputs.map((t) => t.shape), inputShape);
    const shapes: Shape[] = this.flatOutputs.map((t) => [...t.shape]);
    return shapes.length === 1 ? (shapes[0] as Shape) : shapes;
  }

  override getConfig(): ConfigDict {
    return {name: this.name, trainable: this.trainable};
  }
}

/**
 * The symbolic tensors of a model's `inputs` or `outputs`, flat (as `flatten`); anything else in the
 * structure (undefined, a layer, a tensor) is refused with its path, rendered with `describe`.
 */
function symbolicLeaves(structure: unknown, what: 'inputs' | 'outputs'): SymbolicTensor[] {
  const visit = (v: unknown, path: string): void => {
    if (isSymbolic(v)) return;
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (isRecord(v)) for (const k of Object.keys(v).sort()) visit(v[k], `${path}.${k}`);
    else throw new ValueError(`model: ${path} must be a symbolic tensor (from input(), a layer's output, or a model's inputs/outputs), received ${describe(v)}${leafHint(v)}`);
  };
  visit(structure, what);
  const flat = flatten(structure as Nested<SymbolicTensor>, isSymbolic);
  if (flat.length === 0) throw new ValueError(`model: ${what} must contain at least one symbolic tensor, received ${describe(structure)}`);
  return flat;
}

function leafHint(v: unknown): string {
  if (v instanceof InputLayer) return `; pass its output (layer.output) instead of the layer`;
  if (v instanceof Layer) return `; pass one of its outputs (layer.output or layer.getOutputAt(i)) instead of the layer`;
  return '';
}

function checkInputShape(model: string, spec: SymbolicTensor, x: Tensor): void {
  const ok = x.rank === spec.shape.length && spec.shape.every((d, i) => d === null || d === x.shape[i]);
  if (!ok) {
    throw new ShapeError(`Model "${model}": input "${spec.sourceLayer.name}" expects shape [${spec.shape.map((d) => (d === null ? 'null' : d)).join(', ')}], received a tensor of shape [${x.shape.join(', ')}]`);
  }
}

/**
 * A model applied as a layer to symbolic inputs: their count and shapes must fit the model's inputs
 * (otherwise the graph builds and only `predict` fails).
 */
export function checkSymbolicInputs(model: string, specs: readonly Shape[], given: ShapeStructure): void {
  // Model.call takes one tensor or a flat list of them: nested structures would reach forward unflattened.
  const flat = isShape(given) ? [given] : Array.isArray(given) && given.every((g) => isShape(g)) ? (given as Shape[]) : null;
  if (flat === null) throw new ShapeError(`Model "${model}" takes one tensor or a flat list of tensors, received a nested structure of ${flatten(given, isShape).length}`);
  if (flat.length !== specs.length) throw new ShapeError(`Model "${model}" expects ${specs.length} input(s), received ${flat.length}`);
  specs.forEach((spec, i) => {
    const s = flat[i] as Shape;
    // As Keras's input-spec check (keras/src/layers/input_spec.py): an unknown axis on either side matches,
    // so a fixed batch size is checked against the data at predict time.
    const ok = s.length === spec.length && spec.every((d, j) => d === null || s[j] === null || d === s[j]);
    if (!ok) throw new ShapeError(`Model "${model}": input ${i} expects shape ${shapeToString(spec)}, received ${shapeToString(s)}`);
  });
}

export {checkInputShape};
