/** Test-only composite layers: a `Block` (two Dense + its own weight) and a `Residual` wrapper. */
import {ops, registerSerializable} from '@stratum/core';
import type {ConfigDict, RegularizerIdentifier, Tensor, Variable} from '@stratum/core';
import {Dense, Layer, Wrapper, deserializeLayer, serializeLayer} from '@stratum/layers';
import type {AnyLayer, CallContext, LayerArgs, Shape, ShapeStructure} from '@stratum/layers';
import {Sequential} from './sequential.js';
import type {SequentialArgs} from './sequential.js';

export interface BlockArgs extends LayerArgs {
  units: number;
  /** The two inner layers (default: fresh Dense layers of `units`); may be the same layer. */
  first?: AnyLayer;
  second?: AnyLayer;
  kernelRegularizer?: RegularizerIdentifier;
}

/** `scale * second(first(x))`, `scale` being the block's own weight (initialised to ones). */
export class Block extends Layer {
  static override readonly className: string = 'Block';
  readonly units: number;
  readonly first: AnyLayer;
  readonly second: AnyLayer;
  scale: Variable | null = null;

  constructor(args: BlockArgs) {
    super(args);
    this.units = args.units;
    this.first = this.trackLayer(args.first ?? new Dense({units: args.units, activation: 'tanh', kernelRegularizer: args.kernelRegularizer}));
    this.second = this.trackLayer(args.second ?? new Dense({units: args.units}));
  }

  override build(inputShape: ShapeStructure): void {
    const s = inputShape as Shape;
    const pairs: [AnyLayer, Shape][] = [[this.first, s], [this.second, [...s.slice(0, -1), this.units]]];
    for (const [layer, shape] of pairs) {
      if (!layer.built) {
        layer.build(shape);
        layer.built = true;
      }
    }
    this.scale = this.addWeight({name: 'scale', shape: [this.units], initializer: 'ones'});
    super.build(inputShape);
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    const h = this.second.call(this.first.call(x, ctx), ctx) as Tensor;
    return ops.mul(h, (this.scale as Variable).value);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return [...(inputShape as Shape).slice(0, -1), this.units];
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), units: this.units, first: serializeLayer(this.first), second: serializeLayer(this.second)};
  }

  static fromConfig(config: ConfigDict): Block {
    const first = deserializeLayer(config['first'], 'Block', 'first');
    const second = deserializeLayer(config['second'], 'Block', 'second');
    return new Block({...(config as unknown as BlockArgs), first, second});
  }
}

/** `x + layer(x)`: a minimal concrete `Wrapper`. */
export class Residual extends Wrapper<Tensor, Tensor> {
  static override readonly className: string = 'Residual';

  call(x: Tensor, ctx: CallContext): Tensor {
    return ops.add(x, this.layer.call(x, ctx) as Tensor);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return this.layer.computeOutputShape(inputShape);
  }
}

/** A Sequential model with a weight of its own (`gain`, created with `addWeight`) multiplying its output. */
export class Gained extends Sequential {
  static override readonly className: string = 'Gained';
  readonly gain: Variable;

  constructor(args: SequentialArgs = {}) {
    super(args);
    this.gain = this.addWeight({name: 'gain', shape: [1], initializer: 'ones'});
  }

  override forward(xs: Tensor[], training: boolean): Tensor[] {
    return super.forward(xs, training).map((y) => ops.mul(y, this.gain.value));
  }
}

/** `2x`: a custom layer left unregistered, so only `customObjects` can resolve it. */
export class Twice extends Layer {
  static override readonly className: string = 'Twice';

  call(x: Tensor): Tensor {
    return ops.mul(x, 2);
  }
}

registerSerializable(Block, {category: 'layer', package: 'test'});
registerSerializable(Residual, {category: 'layer', package: 'test'});
