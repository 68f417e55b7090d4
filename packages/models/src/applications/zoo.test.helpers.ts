/** Shared checks of the zoo tests: weight totals and the bad arguments every builder must refuse. */
import {expect} from 'chai';
import {ValueError} from '@stratum/core';
import type {Variable} from '@stratum/core';
import type {Functional} from '../functional.js';
import type {ApplicationArgs} from './common.js';

/** Number of values in a list of weights. */
export const size = (ws: readonly Variable[]): number => ws.reduce((n, w) => n + w.size, 0);

/** Output shape of the named layer of `m`. */
export const shapeOf = (m: Functional, name: string): (number | null)[] => (m.getLayer(name).output as {shape: (number | null)[]}).shape;

/**
 * Bad arguments fail before anything is built, with the builder's name, the bad value and what was
 * expected: an input below Keras's `min_size` (imagenet_utils.obtain_input_shape), with or without the
 * top; a shape that is not [h, w, c]; a pooling other than 'avg' / 'max' / null.
 */
export function expectBadInputsRefused(builder: (a: ApplicationArgs) => unknown, owner: string, minSize: number): void {
  const small = minSize - 1;
  expect(() => builder({includeTop: false, inputShape: [small, 200, 3]})).to.throw(ValueError, new RegExp(`^${owner}: input height and width must be at least ${minSize}, received inputShape \\[${small},200,3\\]`));
  expect(() => builder({inputShape: [200, small, 3]})).to.throw(ValueError, new RegExp(`${owner}: .*at least ${minSize}`));
  expect(() => builder({includeTop: false, inputShape: [224, 224]})).to.throw(ValueError, new RegExp(`^${owner}: inputShape must be \\[height, width, channels\\].*received \\[224,224\\]`));
  expect(() => builder({includeTop: false, inputShape: [1, 224, 224, 3]})).to.throw(ValueError, new RegExp(`^${owner}: inputShape must be \\[height, width, channels\\]`));
  expect(() => builder({includeTop: false, pooling: 'sum' as never})).to.throw(ValueError, new RegExp(`^${owner}: pooling must be 'avg', 'max' or null, received "sum"`));
}
