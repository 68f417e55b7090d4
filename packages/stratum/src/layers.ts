/**
 * `st.layers`: one factory per layer (`st.layers.dense({units: 10})`), plus the classes for subclassing
 * and `instanceof`.
 */
import {Permute, RepeatVector, MaxPooling1D, AveragePooling1D, DepthwiseConv2D, Conv1D, Embedding, AveragePooling2D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D, Activation, Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, Conv2D, Dense, Dropout, ELU, Flatten, LeakyReLU, MaxPooling2D, Maxout, PReLU, ReLU, Reshape, Softmax, ThresholdedReLU} from '@stratum/layers';
import {LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization} from '@stratum/layers';
import type {LayerNormalizationArgs, GroupNormalizationArgs, UnitNormalizationArgs, RMSNormalizationArgs} from '@stratum/layers';
import {SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianNoise, GaussianDropout, AlphaDropout, DropConnect} from '@stratum/layers';
import type {SpatialDropoutArgs, GaussianNoiseArgs, GaussianDropoutArgs, AlphaDropoutArgs, DropConnectArgs} from '@stratum/layers';
import {Identity} from '@stratum/layers';
import {TimeDistributed} from '@stratum/layers';
import type {TimeDistributedArgs} from '@stratum/layers';
import {Dot} from '@stratum/layers';
import type {DotArgs} from '@stratum/layers';
import {MaxPooling3D, AveragePooling3D} from '@stratum/layers';
import type {Pooling3DArgs} from '@stratum/layers';
import type {IdentityArgs} from '@stratum/layers';
import {Cropping1D, Cropping2D, Cropping3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D} from '@stratum/layers';
import type {Cropping1DArgs, Cropping2DArgs, Cropping3DArgs, ZeroPadding1DArgs, ZeroPadding2DArgs, ZeroPadding3DArgs} from '@stratum/layers';
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
import {
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  Rescaling,
  Resizing,
  CenterCrop,
  Normalization,
  CategoryEncoding,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
  RandomCrop,
  RandomContrast,
  RandomBrightness,
  RandomShear,
} from '@stratum/layers';
import type {
  UpSampling1DArgs,
  UpSampling2DArgs,
  UpSampling3DArgs,
  RescalingArgs,
  ResizingArgs,
  CenterCropArgs,
  NormalizationArgs,
  CategoryEncodingArgs,
  RandomFlipArgs,
  RandomRotationArgs,
  RandomTranslationArgs,
  RandomZoomArgs,
  RandomCropArgs,
  RandomContrastArgs,
  RandomBrightnessArgs,
  RandomShearArgs,
} from '@stratum/layers';

import {InputLayer} from '@stratum/layers';
import type {InputLayerArgs} from '@stratum/layers';
import {Masking} from '@stratum/layers';
import type {MaskingArgs} from '@stratum/layers';
import {Lambda} from '@stratum/layers';
import type {LambdaArgs} from '@stratum/layers';
import {ActivityRegularization} from '@stratum/layers';
import type {ActivityRegularizationArgs} from '@stratum/layers';
import {BatchNormalization} from '@stratum/layers';
import type {BatchNormalizationArgs} from '@stratum/layers';

export * from '@stratum/layers';

/** The input of a model as a layer (Keras `InputLayer`); `st.input()` gives its symbolic tensor directly. */
export const inputLayer = (args: InputLayerArgs): InputLayer => new InputLayer(args);
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
/** Masks the timesteps whose features all equal `maskValue`, so later layers, losses and metrics skip them. */
export const masking = (args: MaskingArgs = {}): Masking => new Masking(args);
/** Wraps a function as a layer (savable when the function is registered with registerLambdaFunction). */
export const lambda = (args: LambdaArgs): Lambda => new Lambda(args);
/** Passes its input through and adds an L1/L2 penalty on it to the loss. */
export const activityRegularization = (args: ActivityRegularizationArgs = {}): ActivityRegularization => new ActivityRegularization(args);
/** Normalizes with batch statistics in training and moving averages at inference (frozen: always inference). */
export const batchNormalization = (args: BatchNormalizationArgs = {}): BatchNormalization => new BatchNormalization(args);
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
/** Repeats each step along the time axis. */
export const upSampling1d = (args: UpSampling1DArgs = {}): UpSampling1D => new UpSampling1D(args);
/** Upsamples images by integer factors (nearest, bilinear, bicubic, lanczos3, lanczos5 or area). */
export const upSampling2d = (args: UpSampling2DArgs = {}): UpSampling2D => new UpSampling2D(args);
/** Repeats the three spatial axes of volumes. */
export const upSampling3d = (args: UpSampling3DArgs = {}): UpSampling3D => new UpSampling3D(args);
/** Multiplies by scale and adds offset (e.g. pixels to [0, 1]). */
export const rescaling = (args: RescalingArgs): Rescaling => new Rescaling(args);
/** Resizes images to a height and width (bilinear, nearest, bicubic, area, lanczos3, lanczos5; optional antialias). */
export const resizing = (args: ResizingArgs): Resizing => new Resizing(args);
/** Crops the centre of images. */
export const centerCrop = (args: CenterCropArgs): CenterCrop => new CenterCrop(args);
/** Standardizes features with a given or adapted mean and variance. */
export const normalization = (args: NormalizationArgs = {}): Normalization => new Normalization(args);
/** One-hot, multi-hot or count encoding of integer tokens. */
export const categoryEncoding = (args: CategoryEncodingArgs): CategoryEncoding => new CategoryEncoding(args);
/** Randomly flips images while training. */
export const randomFlip = (args: RandomFlipArgs = {}): RandomFlip => new RandomFlip(args);
/** Randomly rotates images while training. */
export const randomRotation = (args: RandomRotationArgs): RandomRotation => new RandomRotation(args);
/** Randomly shifts images while training. */
export const randomTranslation = (args: RandomTranslationArgs): RandomTranslation => new RandomTranslation(args);
/** Randomly zooms images while training. */
export const randomZoom = (args: RandomZoomArgs): RandomZoom => new RandomZoom(args);
/** Randomly crops images while training (centre crop otherwise). */
export const randomCrop = (args: RandomCropArgs): RandomCrop => new RandomCrop(args);
/** Randomly changes image contrast while training. */
export const randomContrast = (args: RandomContrastArgs): RandomContrast => new RandomContrast(args);
/** Randomly changes image brightness while training. */
export const randomBrightness = (args: RandomBrightnessArgs): RandomBrightness => new RandomBrightness(args);
/** Randomly shears images while training. */
export const randomShear = (args: RandomShearArgs = {}): RandomShear => new RandomShear(args);
/** Normalizes each sample over the feature axis (or axes), then scales by gamma and shifts by beta. */
export const layerNormalization = (args: LayerNormalizationArgs = {}): LayerNormalization => new LayerNormalization(args);
/** Normalizes each sample per group of channels (groups: -1 for instance normalization). */
export const groupNormalization = (args: GroupNormalizationArgs = {}): GroupNormalization => new GroupNormalization(args);
/** Scales each sample to unit L2 norm over an axis (or axes). */
export const unitNormalization = (args: UnitNormalizationArgs = {}): UnitNormalization => new UnitNormalization(args);
/** Divides each sample by its root mean square over an axis, then scales (no centering). */
export const rmsNormalization = (args: RMSNormalizationArgs = {}): RMSNormalization => new RMSNormalization(args);
/** Drops whole 1-D feature maps (channels) while training. */
export const spatialDropout1d = (args: SpatialDropoutArgs): SpatialDropout1D => new SpatialDropout1D(args);
/** Drops whole 2-D feature maps (channels) while training. */
export const spatialDropout2d = (args: SpatialDropoutArgs): SpatialDropout2D => new SpatialDropout2D(args);
/** Drops whole 3-D feature maps (channels) while training. */
export const spatialDropout3d = (args: SpatialDropoutArgs): SpatialDropout3D => new SpatialDropout3D(args);
/** Adds zero-mean Gaussian noise while training. */
export const gaussianNoise = (args: GaussianNoiseArgs): GaussianNoise => new GaussianNoise(args);
/** Multiplies by one-centred Gaussian noise while training. */
export const gaussianDropout = (args: GaussianDropoutArgs): GaussianDropout => new GaussianDropout(args);
/** Dropout that keeps SELU networks self-normalizing. */
export const alphaDropout = (args: AlphaDropoutArgs): AlphaDropout => new AlphaDropout(args);
/** Drops a wrapped layer's weights (not its outputs) while training. */
export const dropConnect = (args: DropConnectArgs): DropConnect => new DropConnect(args);
/** Removes steps at the start and end of each sequence. */
export const cropping1d = (args: Cropping1DArgs = {}): Cropping1D => new Cropping1D(args);
/** Crops images along height and width. */
export const cropping2d = (args: Cropping2DArgs = {}): Cropping2D => new Cropping2D(args);
/** Crops volumes along their three spatial axes. */
export const cropping3d = (args: Cropping3DArgs = {}): Cropping3D => new Cropping3D(args);
/** Adds zero steps at the start and end of each sequence. */
export const zeroPadding1d = (args: ZeroPadding1DArgs = {}): ZeroPadding1D => new ZeroPadding1D(args);
/** Adds rows and columns of zeros around images. */
export const zeroPadding2d = (args: ZeroPadding2DArgs = {}): ZeroPadding2D => new ZeroPadding2D(args);
/** Adds zeros around volumes along their three spatial axes. */
export const zeroPadding3d = (args: ZeroPadding3DArgs = {}): ZeroPadding3D => new ZeroPadding3D(args);
/** Returns its input unchanged (and passes its mask through). */
export const identity = (args: IdentityArgs = {}): Identity => new Identity(args);
/** 3-D max pooling. */
export const maxPooling3d = (args: Pooling3DArgs = {}): MaxPooling3D => new MaxPooling3D(args);
/** 3-D average pooling. */
export const averagePooling3d = (args: Pooling3DArgs = {}): AveragePooling3D => new AveragePooling3D(args);
/** Dot product of two inputs along one axis of each (cosine similarity with normalize). */
export const dot = (args: DotArgs): Dot => new Dot(args);
/** Applies one layer to every step of a sequence, with the same weights at every step. */
export const timeDistributed = (args: TimeDistributedArgs): TimeDistributed => new TimeDistributed(args);
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
