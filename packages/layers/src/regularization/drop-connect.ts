import {ValueError, Variable, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import type {WrapperArgs} from '../core/wrapper.js';
import {Wrapper} from '../core/wrapper.js';
import type {ShapeStructure} from '../engine/shape.js';
import {NoiseSeed, checkRate} from './noise-seed.js';

/** Arguments of {@link DropConnect}: the wrapped layer, the drop rate, which weights, the seed. */
export interface DropConnectArgs extends WrapperArgs {
  /** Fraction of the weights to drop in each training call, in [0, 1). */
  rate: number;
  /**
   * Names of the wrapped layer's weights to drop (`kernel`, `bias`, ...). Default: its trainable weights
   * whose name ends in `kernel` (a Dense or convolution kernel, a depthwise or pointwise kernel), not biases.
   */
  weightNames?: string[] | null;
  /** Makes the masks reproducible: a seeded layer draws the same sequence of masks on every run. */
  seed?: number | null;
}

/**
 * DropConnect (Wan et al. 2013): dropout on a layer's weights instead of its outputs. Wraps a layer with a
 * kernel (`new DropConnect({layer: new Dense({units: 64}), rate: 0.5})`); in training, each call draws a
 * mask that zeroes a fraction `rate` of the chosen weights, scales the kept ones by 1/(1 − rate) (so the
 * expected weights equal the real ones, as Dropout does for units) and runs the wrapped layer's own math
 * on the masked weights; gradients reach only the kept weights. At inference it is the wrapped layer
 * unchanged. Keras has no DropConnect; choices: one mask per call shared by the whole batch (as common
 * implementations do, rather than the paper's mask per example), biases kept unless named in
 * `weightNames`, inverted scaling rather than the paper's Gaussian moment matching at inference.
 *
 * Input and output shapes: those of the wrapped layer. Weights: the wrapped layer's, under the wrapper's
 * path (`drop_connect/dense/kernel`); the parameter count is the wrapped layer's.
 */
export class DropConnect extends Wrapper<Tensor, Tensor> {
  static override readonly className: string = 'DropConnect';
  readonly rate: number;
  readonly weightNames: string[] | null;
  private readonly noiseSeed: NoiseSeed;
  private targets: Variable[] = [];

  constructor(args: DropConnectArgs) {
    super(args);
    this.rate = checkRate('DropConnect', args.rate, true, ' (at 1 every weight would be dropped)');
    const names = args.weightNames ?? null;
    if (names !== null && !(Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string' && n !== ''))) {
      throw new ValueError(`DropConnect: weightNames must be a non-empty list of weight names, received ${describe(names)}`);
    }
    this.weightNames = names === null ? null : [...names];
    this.noiseSeed = new NoiseSeed('DropConnect', args.seed);
    this.supportsMasking = this.layer.supportsMasking;
  }

  get seed(): number | null {
    return this.noiseSeed.seed;
  }

  override build(inputShape: ShapeStructure): void {
    super.build(inputShape);
    const own = this.layer.weights;
    const available = own.map((w) => w.name);
    this.targets = this.weightNames === null ? own.filter((w) => w.trainable && /kernel$/.test(w.name)) : this.weightNames.map((n) => {
      const w = own.find((v) => v.name === n);
      if (w === undefined) throw new ValueError(`DropConnect "${this.name}": the wrapped layer "${this.layer.name}" has no weight named ${describe(n)}; its weights are ${describe(available)}`);
      return w;
    });
    if (this.targets.length === 0) {
      throw new ValueError(`DropConnect "${this.name}": the wrapped layer "${this.layer.name}" has no kernel to drop (weights ${describe(available)}); name them with weightNames`);
    }
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    this.layer.prepare(x); // the wrapped layer's input checks
    const run = (): Tensor => this.layer.call(x, ctx) as Tensor;
    if (!ctx.training || this.rate === 0) return run();
    // Inverted dropout on each chosen weight: kept entries scaled by 1 / (1 - rate).
    const masked = this.targets.map((w) => [w, ops.dropout(w.value, this.rate, undefined, this.noiseSeed.next())] as const);
    return Variable.substitute(masked, run);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return this.layer.computeOutputShape(inputShape);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), rate: this.rate, weightNames: this.weightNames, seed: this.seed};
  }
}
