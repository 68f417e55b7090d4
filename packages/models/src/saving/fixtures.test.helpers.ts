/** Shared fixtures of the saving tests: small models, deterministic data, temp directories. */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ops, registerSerializable, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Conv2D, Dense, Dropout, Flatten, Layer, MaxPooling2D, input} from '@stratum/layers';
import type {ShapeStructure} from '@stratum/layers';
import type {Functional, Model, Sequential} from '../index.js';
import {model, sequential} from '../index.js';

/** Deterministic pseudo-random values in [-1, 1) (LCG). */
export function pseudoRandom(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

export function randomTensor(shape: number[], seed: number): Tensor {
  return tensor(pseudoRandom(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** A custom merge layer (element-wise sum of a list of inputs), registered as `test>AddPair`. */
export class AddPair extends Layer<Tensor[], Tensor> {
  static override readonly className = 'AddPair';
  call(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => ops.add(a, b));
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return (inputShape as ShapeStructure[])[0] as ShapeStructure;
  }
}
registerSerializable(AddPair, {category: 'layer', package: 'test'});

export function mlp(): Sequential {
  return sequential([
    new Dense({units: 8, activation: 'relu', inputShape: [5], name: 'hidden'}),
    new Dropout({rate: 0.25, name: 'drop'}),
    new Dense({units: 3, activation: 'softmax', name: 'probs'}),
  ]);
}

export function cnn(): Sequential {
  return sequential([
    new Conv2D({filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', inputShape: [8, 8, 2], name: 'conv'}),
    new MaxPooling2D({poolSize: 2, name: 'pool'}),
    new Conv2D({filters: 3, kernelSize: [2, 2], strides: 2, name: 'conv_b'}),
    new Flatten({name: 'flat'}),
    new Dense({units: 2, activation: 'sigmoid', name: 'out'}),
  ]);
}

/**
 * Two inputs, two outputs, a shared Dense applied to both inputs, a custom merge, a nested Sequential and
 * a nested Functional.
 */
export function multiIO(): Functional {
  const a = input({shape: [4], name: 'in_a'});
  const b = input({shape: [4], name: 'in_b'});
  const shared = new Dense({units: 6, activation: 'tanh', name: 'shared'});
  const ha = shared.apply(a);
  const hb = shared.apply(b);
  const sum = new AddPair({name: 'sum'}).apply([ha, hb]);
  const tower = sequential({layers: [new Dense({units: 5, activation: 'relu', name: 'tower_1'}), new Dense({units: 3, name: 'tower_2'})], name: 'tower'});
  const ix = input({shape: [6], name: 'head_in'});
  const head = model({inputs: ix, outputs: new Dense({units: 2, activation: 'softmax', name: 'head_dense'}).apply(ix), name: 'head'});
  const out1 = tower.apply(sum);
  const out2 = head.apply(hb);
  return model({inputs: [a, b], outputs: [out1, out2], name: 'multi_io'});
}

/** Copies `from`'s weights into `to` (same architecture). */
export function copyWeights(from: Model, to: Model): void {
  const ws = from.getWeights();
  to.setWeights(ws);
  ops.dispose(ws);
}

/** Both models give the same predictions on `x` (one tensor or a list). */
export async function expectSamePredictions(a: Model, b: Model, x: Tensor | Tensor[], atol = 1e-6): Promise<void> {
  const pa = a.predict(x);
  const pb = b.predict(x);
  const la = Array.isArray(pa) ? pa : [pa];
  const lb = Array.isArray(pb) ? pb : [pb];
  if (la.length !== lb.length) throw new Error(`expected ${la.length} outputs, received ${lb.length}`);
  for (let i = 0; i < la.length; i++) await expectClose(lb[i] as Tensor, la[i] as Tensor, atol, 1e-5);
  ops.dispose([...la, ...lb]);
}

/** A fresh temp directory; `cleanup()` removes it. */
export async function tempDir(): Promise<{dir: string; cleanup: () => Promise<void>}> {
  const dir = await mkdtemp(join(tmpdir(), 'stratum-saving-'));
  return {dir, cleanup: () => rm(dir, {recursive: true, force: true})};
}
