/** Activations that the hot ops can fuse into their forward pass (and their custom backward). */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'elu';

export type Padding = 'valid' | 'same';

export interface Conv2DOptions {
  /** [strideH, strideW] or one number for both. Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
  /** [dilationH, dilationW] or one number. Default 1. */
  dilations?: number | [number, number];
  /** Optional bias of shape [outChannels], added before the activation. */
  bias?: import('@tensorflow/tfjs-core').Tensor1D | null;
  /** Default 'linear'. */
  activation?: FusedActivation;
  /**
   * Default 1. With g groups the filter is [kH, kW, inC / g, outC]: input channels and filters are split
   * into g consecutive groups, group j's filters see only group j's channels (Keras `groups`).
   */
  groups?: number;
}

export interface Pool2DOptions {
  /** [poolH, poolW] or one number. */
  poolSize: number | [number, number];
  /** Defaults to poolSize. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
}

export interface Conv1DOptions {
  /** Default 1. */
  strides?: number;
  /** 'valid' (default), 'same', or 'causal' (left padding only, as in Keras). */
  padding?: Padding | 'causal';
  /** Default 1. */
  dilations?: number;
  /** Optional bias of shape [outChannels], added before the activation. */
  bias?: import('@tensorflow/tfjs-core').Tensor1D | null;
  /** Default 'linear'. */
  activation?: FusedActivation;
  /** Default 1; the filter is [k, inC / groups, outC] (see Conv2DOptions.groups). */
  groups?: number;
}

export interface Conv3DOptions {
  /** [strideD, strideH, strideW] or one number. Default 1. */
  strides?: number | [number, number, number];
  /** Default 'valid'. */
  padding?: Padding;
  /** [dilationD, dilationH, dilationW] or one number. Default 1. */
  dilations?: number | [number, number, number];
  /** Optional bias of shape [outChannels], added before the activation. */
  bias?: import('@tensorflow/tfjs-core').Tensor1D | null;
  /** Default 'linear'. */
  activation?: FusedActivation;
  /** Default 1; the filter is [kD, kH, kW, inC / groups, outC] (see Conv2DOptions.groups). */
  groups?: number;
}

/**
 * Options of the transposed convolutions (convTranspose1d/2d/3d), one entry per spatial axis where a
 * list is given. Output sizes follow Keras (keras/src/backend/common/backend_utils.py).
 */
export interface ConvTransposeOptions<T> {
  /** Default 1. */
  strides?: number | T;
  /** Default 'valid'. */
  padding?: Padding;
  /** Default 1. */
  dilations?: number | T;
  /** Extra output rows at the end of each axis, each < its stride; null (default) for Keras's default size. */
  outputPadding?: number | T | null;
  /** Optional bias of shape [filters], added before the activation. */
  bias?: import('@tensorflow/tfjs-core').Tensor1D | null;
  /** Default 'linear'. */
  activation?: FusedActivation;
}

/** Options of separableConv2d: the depthwise step's geometry, the pointwise step's bias and activation. */
export interface SeparableConv2DOptions {
  /** [strideH, strideW] or one number. Default 1. */
  strides?: number | [number, number];
  /** Default 'valid'. */
  padding?: Padding;
  /** [dilationH, dilationW] or one number. Default 1. */
  dilations?: number | [number, number];
  /** Optional bias of shape [filters], added before the activation. */
  bias?: import('@tensorflow/tfjs-core').Tensor1D | null;
  /** Default 'linear'. */
  activation?: FusedActivation;
}

export interface Pool3DOptions {
  /** [poolD, poolH, poolW] or one number. */
  poolSize: number | [number, number, number];
  /** Defaults to poolSize. */
  strides?: number | [number, number, number];
  /** Default 'valid'. */
  padding?: Padding;
}
