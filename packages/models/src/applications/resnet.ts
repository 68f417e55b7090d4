/**
 * ResNet50 (He et al. 2015) and ResNet50V2 (pre-activation, He et al. 2016) as
 * keras/src/applications/resnet.py and resnet_v2.py build them: a 7x7/2 stem, a 3x3/2 max pooling, four
 * stacks of bottleneck blocks (1x1, 3x3, 1x1 with 4x expansion), global average pooling and a classifier.
 * Batch normalization uses Keras's epsilon 1.001e-5 and default momentum 0.99 throughout.
 */
import {Activation, Add, BatchNormalization, Conv2D, MaxPooling2D, ZeroPadding2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {ApplicationArgs, ApplicationResult, NoWeights} from './common.js';
import {finishApplication, poolOrClassify, resolveApplicationArgs} from './common.js';

/** Arguments of {@link resNet50} and {@link resNet50V2}: Keras's application arguments. */
export type ResNetArgs = ApplicationArgs;

const EPSILON = 1.001e-5;

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({axis: 3, epsilon: EPSILON, name}).apply(x);
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return new Activation({activation: 'relu', name}).apply(x);
}

/** resnet.py residual_block_v1: post-activation bottleneck; the projection shortcut carries the stride. */
function blockV1(x: SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string): SymbolicTensor {
  const shortcut = convShortcut ? bn(new Conv2D({filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv`}).apply(x), `${name}_0_bn`) : x;
  let y = new Conv2D({filters, kernelSize: 1, strides: stride, name: `${name}_1_conv`}).apply(x);
  y = relu(bn(y, `${name}_1_bn`), `${name}_1_relu`);
  y = new Conv2D({filters, kernelSize: 3, padding: 'same', name: `${name}_2_conv`}).apply(y);
  y = relu(bn(y, `${name}_2_bn`), `${name}_2_relu`);
  y = bn(new Conv2D({filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv`}).apply(y), `${name}_3_bn`);
  return relu(new Add({name: `${name}_add`}).apply([shortcut, y]), `${name}_out`);
}

/** resnet.py stack_residual_blocks_v1: the first block projects (and strides), the others are identity. */
function stackV1(x: SymbolicTensor, filters: number, blocks: number, stride1: number, name: string): SymbolicTensor {
  let y = blockV1(x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) y = blockV1(y, filters, 1, false, `${name}_block${i}`);
  return y;
}

/**
 * resnet.py residual_block_v2: pre-activation bottleneck; the stride sits on the 3x3 convolution
 * (explicitly padded) and an identity shortcut is subsampled by a 1x1 max pooling.
 */
function blockV2(x: SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string): SymbolicTensor {
  const preact = relu(bn(x, `${name}_preact_bn`), `${name}_preact_relu`);
  let shortcut = x;
  if (convShortcut) shortcut = new Conv2D({filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv`}).apply(preact);
  else if (stride > 1) shortcut = new MaxPooling2D({poolSize: 1, strides: stride}).apply(x);
  let y = new Conv2D({filters, kernelSize: 1, strides: 1, useBias: false, name: `${name}_1_conv`}).apply(preact);
  y = relu(bn(y, `${name}_1_bn`), `${name}_1_relu`);
  y = new ZeroPadding2D({padding: [[1, 1], [1, 1]], name: `${name}_2_pad`}).apply(y);
  y = new Conv2D({filters, kernelSize: 3, strides: stride, useBias: false, name: `${name}_2_conv`}).apply(y);
  y = relu(bn(y, `${name}_2_bn`), `${name}_2_relu`);
  y = new Conv2D({filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv`}).apply(y);
  return new Add({name: `${name}_out`}).apply([shortcut, y]);
}

/** resnet.py stack_residual_blocks_v2: projection first, identity blocks, the stride on the last block. */
function stackV2(x: SymbolicTensor, filters: number, blocks: number, stride1: number, name: string): SymbolicTensor {
  let y = blockV2(x, filters, 1, true, `${name}_block1`);
  for (let i = 2; i < blocks; i++) y = blockV2(y, filters, 1, false, `${name}_block${i}`);
  return blockV2(y, filters, stride1, false, `${name}_block${blocks}`);
}

/** resnet.py ResNet: stem, stacks, (V2) the final batch normalization, then the head. */
function resNet<A extends ResNetArgs>(owner: string, name: string, preact: boolean, stacks: (x: SymbolicTensor) => SymbolicTensor, args: A | undefined): ApplicationResult<A> {
  const r = resolveApplicationArgs(owner, args, {name, defaultSize: 224, minSize: 32});
  let x = new ZeroPadding2D({padding: [[3, 3], [3, 3]], name: 'conv1_pad'}).apply(r.input);
  x = new Conv2D({filters: 64, kernelSize: 7, strides: 2, useBias: true, name: 'conv1_conv'}).apply(x);
  if (!preact) x = relu(bn(x, 'conv1_bn'), 'conv1_relu');
  x = new ZeroPadding2D({padding: [[1, 1], [1, 1]], name: 'pool1_pad'}).apply(x);
  x = new MaxPooling2D({poolSize: 3, strides: 2, name: 'pool1_pool'}).apply(x);
  x = stacks(x);
  if (preact) x = relu(bn(x, 'post_bn'), 'post_relu');
  return finishApplication(r, poolOrClassify(x, r)) as ApplicationResult<A>;
}

/**
 * ResNet50 (keras/src/applications/resnet.py): stem `conv1_*`, stacks `conv2`..`conv5` of 3, 4, 6, 3
 * bottleneck blocks (64, 128, 256, 512 filters, 4x expansion), `avg_pool` and `predictions`.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (`inputShape` `[h, w, c]`, h and w at least 32; without
 * the top any size, `[null, null, 3]` by default). Output shape: `[batch, classes]` with `includeTop`
 * (25,636,712 parameters with 1000 classes); otherwise the `[batch, h/32, w/32, 2048]` map of
 * `conv5_block3_out`, or `[batch, 2048]` with `pooling` ('avg_pool' / 'max_pool').
 * @returns a `Functional` named 'resnet50', or a promise of it when `weights` is a source to load.
 */
export function resNet50<A extends ResNetArgs = NoWeights>(args?: A): ApplicationResult<A> {
  return resNet('resNet50', 'resnet50', false, (x) => {
    let y = stackV1(x, 64, 3, 1, 'conv2');
    y = stackV1(y, 128, 4, 2, 'conv3');
    y = stackV1(y, 256, 6, 2, 'conv4');
    return stackV1(y, 512, 3, 2, 'conv5');
  }, args);
}

/**
 * ResNet50V2 (keras/src/applications/resnet_v2.py): pre-activation blocks, stacks `conv2`..`conv5` of 3,
 * 4, 6, 3 blocks with the stride on each stack's last block (none in `conv5`), then `post_bn`,
 * `post_relu`, `avg_pool` and `predictions`.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (h and w at least 32; without the top `[null, null, 3]`
 * by default). Output shape: `[batch, classes]` with `includeTop` (25,613,800 parameters with 1000
 * classes); otherwise the `[batch, h/32, w/32, 2048]` map of `post_relu`, or `[batch, 2048]` with
 * `pooling`.
 * @returns a `Functional` named 'resnet50v2', or a promise of it when `weights` is a source to load.
 */
export function resNet50V2<A extends ResNetArgs = NoWeights>(args?: A): ApplicationResult<A> {
  return resNet('resNet50V2', 'resnet50v2', true, (x) => {
    let y = stackV2(x, 64, 3, 2, 'conv2');
    y = stackV2(y, 128, 4, 2, 'conv3');
    y = stackV2(y, 256, 6, 2, 'conv4');
    return stackV2(y, 512, 3, 1, 'conv5');
  }, args);
}
