/**
 * The tensor type users and layers see, and the functions that create, free and inspect tensors.
 * Re-exported from TensorFlow.js so that Stratum tensors are plain tfjs tensors: they mix freely with
 * user code written against tfjs.
 */
export {
  Tensor, Variable as TfVariable, tensor, scalar, tensor1d, tensor2d, tensor3d, tensor4d, tensor5d,
  zeros, ones, zerosLike, onesLike, fill, range, linspace, eye, oneHot, buffer,
  tidy, dispose, keep, memory, clone, cast, print,
} from '@tensorflow/tfjs-core';
export type {
  Rank, DataType, TensorLike, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Tensor5D, Scalar, TensorContainer,
  NamedTensorMap, MemoryInfo,
} from '@tensorflow/tfjs-core';
