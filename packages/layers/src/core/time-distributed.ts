import {ShapeError, ValueError, describe, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {isShape, isTensor} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {Wrapper} from './wrapper.js';
import type {WrapperArgs} from './wrapper.js';

/** TimeDistributed takes the layer to apply at every step (and the common layer arguments). */
export type TimeDistributedArgs = WrapperArgs;

/**
 * Applies one layer to every step of a sequence, with the same weights at every step
 * (keras/src/layers/rnn/time_distributed.py), e.g. a Dense classifier on each frame, or a Conv2D on each
 * image of a video. The steps are folded into the batch (one call of the layer on `[batch·steps, ...]`)
 * rather than looped over. The layer's weights are the wrapper's, with paths
 * `<wrapper>/<layer>/<weight>` (`time_distributed/dense/kernel`). A `[batch, steps]` mask reaches the
 * layer folded the same way; the output has no mask, as in Keras.
 *
 * Difference from Keras 3, which calls the layer once per step: a layer whose training-mode result
 * depends on the whole batch (BatchNormalization) sees all steps of the batch at once, as in Keras 2.
 *
 * Input shape: `[batch, steps, ...]` (rank 3 or more). Output shape: `[batch, steps, ...layer output
 * without its batch axis]`.
 */
export class TimeDistributed extends Wrapper<Tensor, Tensor> {
  static override readonly className: string = 'TimeDistributed';

  constructor(args: TimeDistributedArgs) {
    super(args);
    this.supportsMasking = false;
  }

  /** `[batch, steps, ...rest]` → the layer's input shape `[batch, ...rest]`, or an error naming the shape. */
  private childShape(inputShape: ShapeStructure): Shape {
    if (!isShape(inputShape) || inputShape.length < 3) {
      throw new ShapeError(`TimeDistributed "${this.name}": the input must be one tensor of rank 3 or more ([batch, steps, ...]), received shape ${describe(inputShape)}`);
    }
    return [inputShape[0] ?? null, ...inputShape.slice(2)];
  }

  override build(inputShape: ShapeStructure): void {
    super.build(this.childShape(inputShape));
    this.buildInputShape = inputShape;
  }

  call(x: Tensor, ctx: CallContext): Tensor {
    const [batch, steps, ...rest] = x.shape as number[];
    const folded = ops.reshape(x, [(batch as number) * (steps as number), ...rest]);
    this.layer.prepare(folded);
    const y = this.layer.call(folded, {training: ctx.training, mask: this.foldedMask(x, ctx.mask)});
    if (!isTensor(y)) throw new ValueError(`TimeDistributed "${this.name}": the wrapped layer "${this.layer.name}" must return one tensor, received ${describe(y)}`);
    return ops.reshape(y, [batch as number, steps as number, ...y.shape.slice(1)]);
  }

  /** A `[batch, steps, ...]` mask as `[batch·steps, ...]`, after checking it fits the input (as Keras does). */
  private foldedMask(x: Tensor, mask: Tensor | null): Tensor | null {
    if (mask === null) return null;
    if (mask.rank < 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1]) {
      throw new ShapeError(
        `TimeDistributed "${this.name}": the mask must start with the input's batch and steps axes [${x.shape.slice(0, 2).join(', ')}], received mask shape [${mask.shape.join(', ')}]`,
      );
    }
    return ops.reshape(mask, [(mask.shape[0] as number) * (mask.shape[1] as number), ...mask.shape.slice(2)]);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const child = this.layer.computeOutputShape(this.childShape(inputShape));
    if (!isShape(child)) throw new ValueError(`TimeDistributed "${this.name}": the wrapped layer "${this.layer.name}" must have one output, its output shape is ${describe(child)}`);
    return [child[0] ?? null, (inputShape as Shape)[1] ?? null, ...child.slice(1)];
  }
}
