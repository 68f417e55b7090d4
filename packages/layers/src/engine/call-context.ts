import type {Tensor} from '@stratum/core';

/**
 * Per-call state every layer's `call` receives: whether this is a training step (Dropout, BatchNorm,
 * augmentation behave differently) and the incoming mask, if any.
 */
export interface CallContext {
  training: boolean;
  /** Mask of the (first) input, `[batch, time]` booleans, when an upstream layer produced one. */
  mask: Tensor | null;
}
