/**
 * @stratum/layers: the layer engine and the layer catalogue.
 */
export * from './engine/index.js';
export {Dense} from './core/dense.js';
export type {DenseArgs} from './core/dense.js';
export {Wrapper} from './core/wrapper.js';
export type {WrapperArgs} from './core/wrapper.js';
export {Activation} from './core/activation.js';
export type {ActivationArgs} from './core/activation.js';
export {Dropout} from './regularization/dropout.js';
export type {DropoutArgs} from './regularization/dropout.js';
export {Flatten} from './reshaping/flatten.js';
export type {FlattenArgs, DataFormat} from './reshaping/flatten.js';
export {Reshape} from './reshaping/reshape.js';
export type {ReshapeArgs} from './reshaping/reshape.js';
export {Conv2D} from './convolutional/conv2d.js';
export type {Conv2DArgs} from './convolutional/conv2d.js';
export type {PaddingMode} from './convolutional/conv-utils.js';
export {MaxPooling2D} from './pooling/max-pooling2d.js';
export type {Pooling2DArgs} from './pooling/max-pooling2d.js';
export {ReLU} from './activations/relu.js';
export type {ReLUArgs} from './activations/relu.js';
export {LeakyReLU} from './activations/leaky-relu.js';
export type {LeakyReLUArgs} from './activations/leaky-relu.js';
export {PReLU} from './activations/prelu.js';
export type {PReLUArgs} from './activations/prelu.js';
export {ELU} from './activations/elu.js';
export type {ELUArgs} from './activations/elu.js';
export {Softmax} from './activations/softmax.js';
export type {SoftmaxArgs} from './activations/softmax.js';
export {ThresholdedReLU} from './activations/thresholded-relu.js';
export type {ThresholdedReLUArgs} from './activations/thresholded-relu.js';
export {Maxout} from './activations/maxout.js';
export type {MaxoutArgs} from './activations/maxout.js';
export {Merge} from './merging/merge.js';
export type {MergeArgs} from './merging/merge.js';
export {Add} from './merging/add.js';
export {Subtract} from './merging/subtract.js';
export {Multiply} from './merging/multiply.js';
export {Average} from './merging/average.js';
export {Maximum} from './merging/maximum.js';
export {Minimum} from './merging/minimum.js';
export {Concatenate} from './merging/concatenate.js';
export type {ConcatenateArgs} from './merging/concatenate.js';
export {registerLayers} from './register.js';

import {registerLayers} from './register.js';
registerLayers();
