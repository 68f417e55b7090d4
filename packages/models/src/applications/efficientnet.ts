/**
 * EfficientNetB0 (keras/src/applications/efficientnet.py, width and depth coefficients 1.0): Rescaling
 * and Normalization preprocessing, a stem, 16 MBConv blocks with squeeze-excitation, the top.
 */
import {initializers} from '@stratum/core';
import {
  Activation, Add, BatchNormalization, Conv2D, Dense, DepthwiseConv2D, Dropout, GlobalAveragePooling2D, Multiply,
  Normalization, Reshape, Rescaling, ZeroPadding2D,
} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {Functional} from '../functional.js';
import {finishApplication, pooled, resolveApplicationArgs} from './common.js';
import type {ApplicationArgs} from './common.js';

/** One stage of MBConv blocks (efficientnet.py DEFAULT_BLOCKS_ARGS; every stage has se_ratio 0.25 and id_skip). */
interface Stage {
  kernelSize: number;
  repeats: number;
  filtersIn: number;
  filtersOut: number;
  expandRatio: number;
  strides: number;
}

const STAGES: readonly Stage[] = [
  {kernelSize: 3, repeats: 1, filtersIn: 32, filtersOut: 16, expandRatio: 1, strides: 1},
  {kernelSize: 3, repeats: 2, filtersIn: 16, filtersOut: 24, expandRatio: 6, strides: 2},
  {kernelSize: 5, repeats: 2, filtersIn: 24, filtersOut: 40, expandRatio: 6, strides: 2},
  {kernelSize: 3, repeats: 3, filtersIn: 40, filtersOut: 80, expandRatio: 6, strides: 2},
  {kernelSize: 5, repeats: 3, filtersIn: 80, filtersOut: 112, expandRatio: 6, strides: 1},
  {kernelSize: 5, repeats: 4, filtersIn: 112, filtersOut: 192, expandRatio: 6, strides: 2},
  {kernelSize: 3, repeats: 1, filtersIn: 192, filtersOut: 320, expandRatio: 6, strides: 1},
];

const SE_RATIO = 0.25;
/** B0's dropout before the classifier and largest drop-connect rate (reached by the last block). */
const DROPOUT_RATE = 0.2;
const DROP_CONNECT_RATE = 0.2;
const ACTIVATION = 'swish';

/** efficientnet.py CONV_KERNEL_INITIALIZER (a fresh instance per layer, as Keras builds one from the dict). */
const convInit = (): initializers.VarianceScaling => new initializers.VarianceScaling({scale: 2, mode: 'fan_out', distribution: 'truncated_normal'});
/** efficientnet.py DENSE_KERNEL_INITIALIZER. */
const denseInit = (): initializers.VarianceScaling => new initializers.VarianceScaling({scale: 1 / 3, mode: 'fan_out', distribution: 'uniform'});

/**
 * imagenet_utils.correct_pad: the zero padding before a strided 'valid' convolution, one less on the
 * top/left when the size is even (or unknown).
 */
export function correctPad(size: readonly (number | null)[], kernel: number): [[number, number], [number, number]] {
  const half = Math.floor(kernel / 2);
  const adjust = (d: number | null): number => (d === null ? 1 : 1 - (d % 2));
  return [[half - adjust(size[0] ?? null), half], [half - adjust(size[1] ?? null), half]];
}

const bn = (x: SymbolicTensor, name: string): SymbolicTensor => new BatchNormalization({axis: 3, name}).apply(x);
const act = (x: SymbolicTensor, name: string): SymbolicTensor => new Activation({activation: ACTIVATION, name}).apply(x);
const conv1x1 = (x: SymbolicTensor, filters: number, name: string): SymbolicTensor =>
  new Conv2D({filters, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: convInit(), name}).apply(x);

interface BlockArgs {
  filtersIn: number;
  filtersOut: number;
  kernelSize: number;
  strides: number;
  expandRatio: number;
  dropRate: number;
  name: string;
}

/** efficientnet.py `block`: an inverted residual (MBConv) block with squeeze-excitation. */
function mbConv(inputs: SymbolicTensor, a: BlockArgs): SymbolicTensor {
  const p = a.name;
  const filters = a.filtersIn * a.expandRatio;
  let x = inputs;
  if (a.expandRatio !== 1) x = act(bn(conv1x1(x, filters, `${p}expand_conv`), `${p}expand_bn`), `${p}expand_activation`);

  let padding: 'same' | 'valid' = 'same';
  if (a.strides === 2) {
    x = new ZeroPadding2D({padding: correctPad(x.shape.slice(1, 3), a.kernelSize), name: `${p}dwconv_pad`}).apply(x);
    padding = 'valid';
  }
  x = new DepthwiseConv2D({kernelSize: a.kernelSize, strides: a.strides, padding, useBias: false, depthwiseInitializer: convInit(), name: `${p}dwconv`}).apply(x);
  x = act(bn(x, `${p}bn`), `${p}activation`);

  // Squeeze and excitation: channel weights from the pooled features.
  const filtersSe = Math.max(1, Math.trunc(a.filtersIn * SE_RATIO));
  let se = new GlobalAveragePooling2D({name: `${p}se_squeeze`}).apply(x);
  se = new Reshape({targetShape: [1, 1, filters], name: `${p}se_reshape`}).apply(se);
  se = new Conv2D({filters: filtersSe, kernelSize: 1, padding: 'same', activation: ACTIVATION, kernelInitializer: convInit(), name: `${p}se_reduce`}).apply(se);
  se = new Conv2D({filters, kernelSize: 1, padding: 'same', activation: 'sigmoid', kernelInitializer: convInit(), name: `${p}se_expand`}).apply(se);
  x = new Multiply({name: `${p}se_excite`}).apply([x, se]);

  x = bn(conv1x1(x, a.filtersOut, `${p}project_conv`), `${p}project_bn`);
  if (a.strides === 1 && a.filtersIn === a.filtersOut) {
    // Drop-connect: one keep/drop decision per sample (noise shape [batch, 1, 1, 1]).
    if (a.dropRate > 0) x = new Dropout({rate: a.dropRate, noiseShape: [null, 1, 1, 1], name: `${p}drop`}).apply(x);
    x = new Add({name: `${p}add`}).apply([x, inputs]);
  }
  return x;
}

/**
 * EfficientNetB0 (Tan & Le, 2019), layer for layer as Keras 3 builds it: the input goes through
 * `Rescaling(1/255)` and a per-channel `Normalization` (mean 0, variance 1 until weights are loaded;
 * its mean, variance and count are non-trainable weights and count as parameters, as in Keras), then a
 * stride-2 stem and 16 MBConv blocks (swish activations, squeeze-excitation with ratio 0.25, Dropout with
 * noise shape `[null, 1, 1, 1]` as drop-connect on the residual, rate rising linearly to 0.2), a 1x1 conv
 * to 1280 channels and, with `includeTop`, Dropout 0.2 and the classifier. 5,330,571 parameters with the
 * 1000-class top.
 *
 * Input: `[batch, 224, 224, 3]` by default (height and width at least 32), pixels in [0, 255] (the
 * preprocessing is part of the model). Output: `[batch, classes]` with `includeTop`, otherwise
 * `[batch, h, w, 1280]` or `[batch, 1280]` with `pooling`.
 *
 * @param args Keras's application arguments; see {@link ApplicationArgs}.
 * @returns The model, or a promise of it when `weights` names a file to load.
 * @throws ValueError for an input below 32x32, an input that is not `[h, w, c]`, or an unknown pooling.
 */
export function efficientNetB0(args?: ApplicationArgs & {weights?: null}): Functional;
export function efficientNetB0(args: ApplicationArgs): Functional | Promise<Functional>;
export function efficientNetB0(args?: ApplicationArgs): Functional | Promise<Functional> {
  const r = resolveApplicationArgs('efficientNetB0', args, {name: 'efficientnetb0', defaultSize: 224, minSize: 32});
  let x = new Rescaling({scale: 1 / 255}).apply(r.input);
  x = new Normalization({axis: 3}).apply(x);
  x = new ZeroPadding2D({padding: correctPad(x.shape.slice(1, 3), 3), name: 'stem_conv_pad'}).apply(x);
  x = new Conv2D({filters: 32, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: convInit(), name: 'stem_conv'}).apply(x);
  x = act(bn(x, 'stem_bn'), 'stem_activation');

  const total = STAGES.reduce((n, s) => n + s.repeats, 0);
  let b = 0;
  STAGES.forEach((s, i) => {
    for (let j = 0; j < s.repeats; j++) {
      x = mbConv(x, {
        filtersIn: j === 0 ? s.filtersIn : s.filtersOut,
        filtersOut: s.filtersOut,
        kernelSize: s.kernelSize,
        strides: j === 0 ? s.strides : 1,
        expandRatio: s.expandRatio,
        dropRate: (DROP_CONNECT_RATE * b) / total,
        name: `block${i + 1}${String.fromCharCode(97 + j)}_`,
      });
      b++;
    }
  });

  x = act(bn(conv1x1(x, 1280, 'top_conv'), 'top_bn'), 'top_activation');
  if (!r.includeTop) return finishApplication(r, pooled(x, r));
  x = new GlobalAveragePooling2D({name: 'avg_pool'}).apply(x);
  x = new Dropout({rate: DROPOUT_RATE, name: 'top_dropout'}).apply(x);
  x = new Dense({units: r.classes, activation: r.classifierActivation, kernelInitializer: denseInit(), name: 'predictions'}).apply(x);
  return finishApplication(r, x);
}
