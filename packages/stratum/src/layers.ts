/**
 * `st.layers`: one factory per layer (`st.layers.dense({units: 10})`), plus the classes for subclassing
 * and `instanceof`.
 */
import {Permute, RepeatVector, MaxPooling1D, AveragePooling1D, DepthwiseConv2D, Conv1D, Embedding, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, Activation, Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, Conv2D, Dense, Dropout, ELU, Flatten, LeakyReLU, MaxPooling2D, Maxout, PReLU, ReLU, Reshape, Softmax, ThresholdedReLU} from '@stratum/layers';
import {Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose} from '@stratum/layers';
import {SeparableConv1D, SeparableConv2D, DepthwiseConv1D} from '@stratum/layers';
import type {Conv3DArgs, Conv1DTransposeArgs, Conv2DTransposeArgs, Conv3DTransposeArgs} from '@stratum/layers';
import type {SeparableConv1DArgs, SeparableConv2DArgs, DepthwiseConv1DArgs} from '@stratum/layers';
import type {
  ActivationArgs,
  ConcatenateArgs,
  Conv1DArgs,
  MergeArgs,
  Conv2DArgs,
  DenseArgs,
  DepthwiseConv2DArgs,
  DropoutArgs,
  ELUArgs,
  EmbeddingArgs,
  FlattenArgs,
  GlobalPoolingArgs,
  LeakyReLUArgs,
  MaxoutArgs,
  PReLUArgs,
  Pooling1DArgs,
  Pooling2DArgs,
  PermuteArgs,
  ReLUArgs,
  RepeatVectorArgs,
  ReshapeArgs,
  SoftmaxArgs,
  ThresholdedReLUArgs,
} from '@stratum/layers';

export * from '@stratum/layers';

/** Fully connected layer. */
export const dense = (args: DenseArgs): Dense => new Dense(args);
/** Applies an activation function. */
export const activation = (args: ActivationArgs): Activation => new Activation(args);
/** Randomly zeroes inputs while training. */
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
/** Flattens all but the batch axis. */
export const flatten = (args: FlattenArgs = {}): Flatten => new Flatten(args);
/** Reshapes each sample. */
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
/** 2-D convolution. */
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
/** 2-D max pooling. */
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args);
/** Rectified linear unit with Keras's maxValue, negativeSlope and threshold. */
export const reLU = (args: ReLUArgs = {}): ReLU => new ReLU(args);
/** Leaky ReLU (negativeSlope, default 0.3). */
export const leakyReLU = (args: LeakyReLUArgs = {}): LeakyReLU => new LeakyReLU(args);
/** Parametric ReLU: a learned slope per feature (sharedAxes to share it). */
export const pReLU = (args: PReLUArgs = {}): PReLU => new PReLU(args);
/** Exponential linear unit (alpha). */
export const elu = (args: ELUArgs = {}): ELU => new ELU(args);
/** Softmax over an axis or axes, honouring a mask. */
export const softmax = (args: SoftmaxArgs = {}): Softmax => new Softmax(args);
/** Keras 2's thresholded ReLU (theta). */
export const thresholdedReLU = (args: ThresholdedReLUArgs = {}): ThresholdedReLU => new ThresholdedReLU(args);
/** Maxout: the largest of k candidates per unit. */
export const maxout = (args: MaxoutArgs): Maxout => new Maxout(args);
/** Sum of a list of inputs (shapes broadcast). */
export const add = (args: MergeArgs = {}): Add => new Add(args);
/** First input minus the second. */
export const subtract = (args: MergeArgs = {}): Subtract => new Subtract(args);
/** Element-wise product of a list of inputs. */
export const multiply = (args: MergeArgs = {}): Multiply => new Multiply(args);
/** Element-wise mean of a list of inputs. */
export const average = (args: MergeArgs = {}): Average => new Average(args);
/** Element-wise maximum of a list of inputs. */
export const maximum = (args: MergeArgs = {}): Maximum => new Maximum(args);
/** Element-wise minimum of a list of inputs. */
export const minimum = (args: MergeArgs = {}): Minimum => new Minimum(args);
/** Joins a list of inputs along an axis. */
export const concatenate = (args: ConcatenateArgs = {}): Concatenate => new Concatenate(args);
/** 2-D average pooling. */
export const averagePooling2d = (args: Pooling2DArgs = {}): AveragePooling2D => new AveragePooling2D(args);
/** Mean over the steps (honours a mask). */
export const globalAveragePooling1d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling1D => new GlobalAveragePooling1D(args);
/** Maximum over the steps. */
export const globalMaxPooling1d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling1D => new GlobalMaxPooling1D(args);
/** Mean over height and width. */
export const globalAveragePooling2d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling2D => new GlobalAveragePooling2D(args);
/** Maximum over height and width. */
export const globalMaxPooling2d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling2D => new GlobalMaxPooling2D(args);
/** Mean over depth, height and width. */
export const globalAveragePooling3d = (args: GlobalPoolingArgs = {}): GlobalAveragePooling3D => new GlobalAveragePooling3D(args);
/** Maximum over depth, height and width. */
export const globalMaxPooling3d = (args: GlobalPoolingArgs = {}): GlobalMaxPooling3D => new GlobalMaxPooling3D(args);
/** Integer indices to dense vectors (maskZero for padded sequences). */
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args);
/** 1-D convolution over sequences ('causal' padding for temporal models). */
export const conv1d = (args: Conv1DArgs): Conv1D => new Conv1D(args);
/** Depthwise 2-D convolution (one filter set per input channel). */
export const depthwiseConv2d = (args: DepthwiseConv2DArgs): DepthwiseConv2D => new DepthwiseConv2D(args);
/** 1-D max pooling over steps. */
export const maxPooling1d = (args: Pooling1DArgs = {}): MaxPooling1D => new MaxPooling1D(args);
/** 1-D average pooling over steps. */
export const averagePooling1d = (args: Pooling1DArgs = {}): AveragePooling1D => new AveragePooling1D(args);
/** Reorders the axes after the batch axis. */
export const permute = (args: PermuteArgs): Permute => new Permute(args);
/** Repeats each sample's vector n times along a new axis. */
export const repeatVector = (args: RepeatVectorArgs): RepeatVector => new RepeatVector(args);
/** 3-D convolution over volumes (with `groups`). */
export const conv3d = (args: Conv3DArgs): Conv3D => new Conv3D(args);
/** 1-D transposed convolution (upsampling a sequence). */
export const conv1dTranspose = (args: Conv1DTransposeArgs): Conv1DTranspose => new Conv1DTranspose(args);
/** 2-D transposed convolution (upsampling an image). */
export const conv2dTranspose = (args: Conv2DTransposeArgs): Conv2DTranspose => new Conv2DTranspose(args);
/** 3-D transposed convolution (upsampling a volume). */
export const conv3dTranspose = (args: Conv3DTransposeArgs): Conv3DTranspose => new Conv3DTranspose(args);
/** Separable 1-D convolution: depthwise then pointwise. */
export const separableConv1d = (args: SeparableConv1DArgs): SeparableConv1D => new SeparableConv1D(args);
/** Separable 2-D convolution: depthwise then pointwise. */
export const separableConv2d = (args: SeparableConv2DArgs): SeparableConv2D => new SeparableConv2D(args);
/** Depthwise 1-D convolution (one filter set per input channel). */
export const depthwiseConv1d = (args: DepthwiseConv1DArgs): DepthwiseConv1D => new DepthwiseConv1D(args);
