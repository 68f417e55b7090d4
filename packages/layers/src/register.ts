/**
 * The layer catalogue: the one list of Stratum's layer classes. Deserialization registers every class
 * here (Keras module `keras.layers`); the `stratum` factories and the config schemas are checked against
 * it by the catalogue test (packages/stratum/src/catalogue.test.ts), so a layer added here without a
 * factory, a schema entry or TSDoc fails the build's tests.
 */
import {registerSerializable} from '@stratum/core';
import type {SerializableClass} from '@stratum/core';
import {ReLU} from './activations/relu.js';
import {LeakyReLU} from './activations/leaky-relu.js';
import {PReLU} from './activations/prelu.js';
import {ELU} from './activations/elu.js';
import {Softmax} from './activations/softmax.js';
import {ThresholdedReLU} from './activations/thresholded-relu.js';
import {Maxout} from './activations/maxout.js';
import {Add} from './merging/add.js';
import {Subtract} from './merging/subtract.js';
import {Multiply} from './merging/multiply.js';
import {Average} from './merging/average.js';
import {Maximum} from './merging/maximum.js';
import {Minimum} from './merging/minimum.js';
import {Concatenate} from './merging/concatenate.js';
import {AveragePooling2D} from './pooling/average-pooling2d.js';
import {GlobalAveragePooling1D} from './pooling/global-average-pooling1d.js';
import {GlobalMaxPooling1D} from './pooling/global-max-pooling1d.js';
import {GlobalAveragePooling2D} from './pooling/global-average-pooling2d.js';
import {GlobalMaxPooling2D} from './pooling/global-max-pooling2d.js';
import {GlobalAveragePooling3D} from './pooling/global-average-pooling3d.js';
import {GlobalMaxPooling3D} from './pooling/global-max-pooling3d.js';
import {Embedding} from './core/embedding.js';
import {Masking} from './core/masking.js';
import {Lambda} from './core/lambda.js';
import {ActivityRegularization} from './regularization/activity-regularization.js';
import {BatchNormalization} from './normalization/batch-normalization.js';
import {MaxPooling1D} from './pooling/max-pooling1d.js';
import {AveragePooling1D} from './pooling/average-pooling1d.js';
import {Activation} from './core/activation.js';
import {Dense} from './core/dense.js';
import {Conv1D} from './convolutional/conv1d.js';
import {Conv2D} from './convolutional/conv2d.js';
import {DepthwiseConv2D} from './convolutional/depthwise-conv2d.js';
import {Conv3D} from './convolutional/conv3d.js';
import {Conv1DTranspose} from './convolutional/conv1d-transpose.js';
import {Conv2DTranspose} from './convolutional/conv2d-transpose.js';
import {Conv3DTranspose} from './convolutional/conv3d-transpose.js';
import {SeparableConv1D} from './convolutional/separable-conv1d.js';
import {SeparableConv2D} from './convolutional/separable-conv2d.js';
import {DepthwiseConv1D} from './convolutional/depthwise-conv1d.js';
import {InputLayer} from './engine/input-layer.js';
import {MaxPooling2D} from './pooling/max-pooling2d.js';
import {Dropout} from './regularization/dropout.js';
import {Flatten} from './reshaping/flatten.js';
import {Permute} from './reshaping/permute.js';
import {RepeatVector} from './reshaping/repeat-vector.js';
import {Reshape} from './reshaping/reshape.js';
import {UpSampling1D} from './reshaping/up-sampling1d.js';
import {UpSampling2D} from './reshaping/up-sampling2d.js';
import {UpSampling3D} from './reshaping/up-sampling3d.js';
import {Rescaling} from './preprocessing/rescaling.js';
import {Resizing} from './preprocessing/resizing.js';
import {CenterCrop} from './preprocessing/center-crop.js';
import {Normalization} from './preprocessing/normalization.js';
import {CategoryEncoding} from './preprocessing/category-encoding.js';
import {RandomFlip} from './augmentation/random-flip.js';
import {RandomRotation} from './augmentation/random-rotation.js';
import {RandomTranslation} from './augmentation/random-translation.js';
import {RandomZoom} from './augmentation/random-zoom.js';
import {RandomCrop} from './augmentation/random-crop.js';
import {RandomContrast} from './augmentation/random-contrast.js';
import {RandomBrightness} from './augmentation/random-brightness.js';
import {RandomShear} from './augmentation/random-shear.js';
import {LayerNormalization} from './normalization/layer-normalization.js';
import {SpatialDropout1D} from './regularization/spatial-dropout1d.js';
import {SpatialDropout2D} from './regularization/spatial-dropout2d.js';
import {SpatialDropout3D} from './regularization/spatial-dropout3d.js';
import {GaussianNoise} from './regularization/gaussian-noise.js';
import {GaussianDropout} from './regularization/gaussian-dropout.js';
import {AlphaDropout} from './regularization/alpha-dropout.js';
import {DropConnect} from './regularization/drop-connect.js';
import {GroupNormalization} from './normalization/group-normalization.js';
import {UnitNormalization} from './normalization/unit-normalization.js';
import {RMSNormalization} from './normalization/rms-normalization.js';
import {Cropping1D} from './reshaping/cropping1d.js';
import {Cropping2D} from './reshaping/cropping2d.js';
import {Cropping3D} from './reshaping/cropping3d.js';
import {ZeroPadding1D} from './reshaping/zero-padding1d.js';
import {ZeroPadding2D} from './reshaping/zero-padding2d.js';
import {ZeroPadding3D} from './reshaping/zero-padding3d.js';
import {Identity} from './core/identity.js';
import {MaxPooling3D} from './pooling/max-pooling3d.js';
import {AveragePooling3D} from './pooling/average-pooling3d.js';
import {Dot} from './merging/dot.js';
import {TimeDistributed} from './core/time-distributed.js';


/** Every concrete layer class, by family (InputLayer first). */
export const LAYER_CLASSES: readonly SerializableClass[] = [
  // core
  InputLayer, Dense, Activation, Embedding, Masking, Lambda, Identity, TimeDistributed,
  // activations
  ReLU, LeakyReLU, PReLU, ELU, Softmax, ThresholdedReLU, Maxout,
  // convolution
  Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
  SeparableConv1D, SeparableConv2D, DepthwiseConv1D, DepthwiseConv2D,
  // pooling
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
  // normalization
  BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization,
  // regularization
  Dropout, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization, DropConnect,
  // reshaping
  Flatten, Reshape, Permute, RepeatVector, Cropping1D, Cropping2D, Cropping3D, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D,
  UpSampling1D, UpSampling2D, UpSampling3D,
  // merging
  Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot,
  // preprocessing
  Rescaling, Resizing, CenterCrop, Normalization, CategoryEncoding,
  // augmentation
  RandomFlip, RandomRotation, RandomTranslation, RandomZoom, RandomCrop, RandomContrast, RandomBrightness, RandomShear,
];

/**
 * The `st.layers` factory name of a layer class: lower camelCase, a leading acronym lowercased
 * (`RMSNormalization` → `rmsNormalization`, `ELU` → `elu`, `ReLU` → `reLU`) and `1D`/`2D`/`3D` as `1d`...
 */
export function factoryName(className: string): string {
  const lead = /^[A-Z]+(?=[A-Z][a-z]|$)/.exec(className)?.[0] ?? className[0] ?? '';
  const cut = lead.length > 1 ? lead.length : 1;
  return (className.slice(0, cut).toLowerCase() + className.slice(cut)).replace(/(\d)D/g, '$1d');
}

let done = false;
/** Registers every class of the catalogue for deserialization (once; the package index calls it). */
export function registerLayers(): void {
  if (done) return;
  done = true;
  for (const cls of LAYER_CLASSES) registerSerializable(cls, {category: 'layer', module: 'keras.layers'});
}
