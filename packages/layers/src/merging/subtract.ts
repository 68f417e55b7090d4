import {ValueError, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {Merge} from './merge.js';

/** First input minus the second; exactly two inputs. */
export class Subtract extends Merge {
  static override readonly className = 'Subtract';
  protected override minInputs(): number {
    return 2;
  }
  protected merge(xs: Tensor[]): Tensor {
    if (xs.length !== 2) throw new ValueError(`${this.describeSelf()}: takes exactly 2 inputs, received ${xs.length}`);
    return ops.sub(xs[0] as Tensor, xs[1] as Tensor);
  }
  override computeOutputShape(inputShape: Parameters<Merge['computeOutputShape']>[0]): ReturnType<Merge['computeOutputShape']> {
    if (Array.isArray(inputShape) && inputShape.length !== 2 && inputShape.every((s) => Array.isArray(s))) {
      throw new ValueError(`${this.describeSelf()}: takes exactly 2 inputs, received ${inputShape.length}`);
    }
    return super.computeOutputShape(inputShape);
  }
}
