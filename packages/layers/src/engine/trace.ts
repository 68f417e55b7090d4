/**
 * Finds a layer's output shape by running its `call` on small zero tensors: once with every unknown
 * dimension set to 1 and once set to 2; dimensions that differ between the two runs are unknown (null)
 * in the result. Used when a layer does not define `computeOutputShape` itself.
 */
import {ShapeError, flatten, mapStructure, ops, tidy} from '@stratum/core';
import type {Nested, Tensor} from '@stratum/core';
import type {CallContext} from './call-context.js';
import {isShape, isTensor} from './shape.js';
import type {Shape, ShapeStructure} from './shape.js';

export interface Traceable {
  readonly name: string;
  call(inputs: never, ctx: CallContext<never>): unknown;
}

function run(layer: Traceable, inputShape: ShapeStructure, fill: number): ShapeStructure {
  return tidy(() => {
    const inputs = mapStructure<Shape, Tensor>(inputShape, isShape, (s) => ops.zeros(s.map((d) => d ?? fill)));
    // No masks: one null per input, in the inputs' structure.
    const mask = mapStructure<Shape, null>(inputShape, isShape, () => null);
    const out = layer.call(inputs as never, {training: false, mask: mask as never}) as Nested<Tensor>;
    const shapes = mapStructure<Tensor, Shape>(out, isTensor, (t) => [...t.shape]);
    return {shapes} as never;
  }) as unknown as ShapeStructure;
}

export function traceOutputShape(layer: Traceable, inputShape: ShapeStructure): ShapeStructure {
  let one: ShapeStructure;
  let two: ShapeStructure;
  try {
    one = (run(layer, inputShape, 1) as {shapes: ShapeStructure}).shapes;
    two = (run(layer, inputShape, 2) as {shapes: ShapeStructure}).shapes;
  } catch (e) {
    throw new ShapeError(`Layer "${layer.name}" could not compute its output shape for input shape ${JSON.stringify(inputShape)}: ${(e as Error).message}`);
  }
  const second = flatten(two, isShape);
  return mapStructure<Shape, Shape>(one, isShape, (s, i) => s.map((d, j) => (d === (second[i] as Shape)[j] ? d : null)));
}
