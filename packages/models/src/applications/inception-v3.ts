/**
 * InceptionV3 (keras/src/applications/inception_v3.py): the stem, mixed0–mixed10, then the classifier.
 */
import {Activation, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPooling2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {finishApplication, poolOrClassify, resolveApplicationArgs} from './common.js';
import type {ApplicationArgs, ResolvedApplicationArgs} from './common.js';

/**
 * Keras's `conv2d_bn`: a bias-free Conv2D, a BatchNormalization without scale, and ReLU. Like Keras,
 * the three layers take automatic names (conv2d_N, batch_normalization_N, activation_N).
 */
function conv2dBn(x: SymbolicTensor, filters: number, rows: number, cols: number, padding: 'same' | 'valid' = 'same', strides = 1): SymbolicTensor {
  const c = new Conv2D({filters, kernelSize: [rows, cols], strides, padding, useBias: false}).apply(x);
  const b = new BatchNormalization({axis: 3, scale: false}).apply(c);
  return new Activation({activation: 'relu'}).apply(b);
}

/** The 3x3, stride-1, 'same' average pooling that feeds each block's pooled branch. */
function avgPool3(x: SymbolicTensor): SymbolicTensor {
  return new AveragePooling2D({poolSize: 3, strides: 1, padding: 'same'}).apply(x);
}

/** Concatenation along the channels. */
function concat(xs: SymbolicTensor[], name?: string): SymbolicTensor {
  return new Concatenate(name === undefined ? {axis: 3} : {axis: 3, name}).apply(xs);
}

/** mixed0–mixed2: 1x1, 5x5, double 3x3 and pooled branches. */
function block35(x: SymbolicTensor, poolFilters: number, name: string): SymbolicTensor {
  const b1 = conv2dBn(x, 64, 1, 1);
  const b5 = conv2dBn(conv2dBn(x, 48, 1, 1), 64, 5, 5);
  const b3 = conv2dBn(conv2dBn(conv2dBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3);
  const bp = conv2dBn(avgPool3(x), poolFilters, 1, 1);
  return concat([b1, b5, b3, bp], name);
}

/** mixed4–mixed7: factorized 7x7 branches with `c` inner filters. */
function block17(x: SymbolicTensor, c: number, name: string): SymbolicTensor {
  const b1 = conv2dBn(x, 192, 1, 1);
  let b7 = conv2dBn(x, c, 1, 1);
  b7 = conv2dBn(b7, c, 1, 7);
  b7 = conv2dBn(b7, 192, 7, 1);
  let b7d = conv2dBn(x, c, 1, 1);
  b7d = conv2dBn(b7d, c, 7, 1);
  b7d = conv2dBn(b7d, c, 1, 7);
  b7d = conv2dBn(b7d, c, 7, 1);
  b7d = conv2dBn(b7d, 192, 1, 7);
  const bp = conv2dBn(avgPool3(x), 192, 1, 1);
  return concat([b1, b7, b7d, bp], name);
}

/** mixed9 and mixed10: expanded 1x3 / 3x1 branches. */
function block8(x: SymbolicTensor, i: number): SymbolicTensor {
  const b1 = conv2dBn(x, 320, 1, 1);
  const b3 = conv2dBn(x, 384, 1, 1);
  const b3cat = concat([conv2dBn(b3, 384, 1, 3), conv2dBn(b3, 384, 3, 1)], `mixed9_${i}`);
  const b3d = conv2dBn(conv2dBn(x, 448, 1, 1), 384, 3, 3);
  const b3dcat = concat([conv2dBn(b3d, 384, 1, 3), conv2dBn(b3d, 384, 3, 1)]);
  const bp = conv2dBn(avgPool3(x), 192, 1, 1);
  return concat([b1, b3cat, b3dcat, bp], `mixed${9 + i}`);
}

/**
 * InceptionV3 (Szegedy et al., 2016), layer for layer as Keras 3 builds it: every convolution is a
 * bias-free Conv2D + BatchNormalization (scale: false) + ReLU, the blocks are the Concatenate layers
 * 'mixed0' … 'mixed10'. 23,851,784 parameters with the 1000-class top.
 *
 * Input: `[batch, 299, 299, 3]` by default (height and width at least 75); expects pixels scaled to
 * [-1, 1] (Keras's `inception_v3.preprocess_input`, mode 'tf'). Output: `[batch, classes]` with
 * `includeTop`, otherwise `[batch, h, w, 2048]` or `[batch, 2048]` with `pooling`.
 *
 * @param args Keras's application arguments; see {@link ApplicationArgs}.
 * @returns The model, or a promise of it when `weights` names a file to load.
 * @throws ValueError for an input below 75x75, an input that is not `[h, w, c]`, or an unknown pooling.
 */
export function inceptionV3(args?: ApplicationArgs & {weights?: null}): Functional;
export function inceptionV3(args: ApplicationArgs): Functional | Promise<Functional>;
export function inceptionV3(args?: ApplicationArgs): Functional | Promise<Functional> {
  const r = resolveApplicationArgs('inceptionV3', args, {name: 'inception_v3', defaultSize: 299, minSize: 75});
  let x = conv2dBn(r.input, 32, 3, 3, 'valid', 2);
  x = conv2dBn(x, 32, 3, 3, 'valid');
  x = conv2dBn(x, 64, 3, 3);
  x = new MaxPooling2D({poolSize: 3, strides: 2}).apply(x);
  x = conv2dBn(x, 80, 1, 1, 'valid');
  x = conv2dBn(x, 192, 3, 3, 'valid');
  x = new MaxPooling2D({poolSize: 3, strides: 2}).apply(x);

  x = block35(x, 32, 'mixed0');
  x = block35(x, 64, 'mixed1');
  x = block35(x, 64, 'mixed2');

  // mixed3: grid reduction 35 -> 17.
  const r3 = conv2dBn(x, 384, 3, 3, 'valid', 2);
  const r3d = conv2dBn(conv2dBn(conv2dBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 'valid', 2);
  x = concat([r3, r3d, new MaxPooling2D({poolSize: 3, strides: 2}).apply(x)], 'mixed3');

  x = block17(x, 128, 'mixed4');
  x = block17(x, 160, 'mixed5');
  x = block17(x, 160, 'mixed6');
  x = block17(x, 192, 'mixed7');

  // mixed8: grid reduction 17 -> 8.
  const r8 = conv2dBn(conv2dBn(x, 192, 1, 1), 320, 3, 3, 'valid', 2);
  let r8x = conv2dBn(x, 192, 1, 1);
  r8x = conv2dBn(r8x, 192, 1, 7);
  r8x = conv2dBn(r8x, 192, 7, 1);
  r8x = conv2dBn(r8x, 192, 3, 3, 'valid', 2);
  x = concat([r8, r8x, new MaxPooling2D({poolSize: 3, strides: 2}).apply(x)], 'mixed8');

  x = block8(x, 0);
  x = block8(x, 1);
  return finishApplication(r, r.includeTop ? poolOrClassify(x, r) : unnamedPooling(x, r));
}


/**
 * The `pooling` of `includeTop: false` as inception_v3.py writes it: the pooling layer is left unnamed,
 * so it takes an automatic name (global_average_pooling2d, ...), unlike common.ts's `pooled`.
 */
function unnamedPooling(x: SymbolicTensor, r: ResolvedApplicationArgs): SymbolicTensor {
  if (r.pooling === 'avg') return new GlobalAveragePooling2D({}).apply(x);
  if (r.pooling === 'max') return new GlobalMaxPooling2D({}).apply(x);
  return x;
}
