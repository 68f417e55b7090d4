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
}

export interface Pool3DOptions {
  /** [poolD, poolH, poolW] or one number. */
  poolSize: number | [number, number, number];
  /** Defaults to poolSize. */
  strides?: number | [number, number, number];
  /** Default 'valid'. */
  padding?: Padding;
}
