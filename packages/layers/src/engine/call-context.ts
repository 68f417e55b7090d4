import type {Mask} from './mask.js';

/**
 * Per-call state every layer's `call` receives: whether this is a training step (Dropout, BatchNorm,
 * augmentation behave differently) and the masks of the first argument, in its structure: one mask
 * (`[batch, time]` booleans, or null) for one tensor, a list of them for a list of tensors (merges).
 */
export interface CallContext<M = Mask> {
  training: boolean;
  mask: M;
  /**
   * Further call arguments by name (Keras keyword arguments such as an attention mask or initial
   * states): tensors (resolved to concrete tensors in a graph) and JSON values. Absent when none.
   */
  args?: Readonly<Record<string, unknown>>;
}
