import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {L1, L1L2, L2} from './l1l2.js';
import {OrthogonalRegularizer} from './orthogonal.js';
import type {Regularizer} from './regularizer.js';

export {Regularizer} from './regularizer.js';
export {L1L2, L1, L2} from './l1l2.js';
export type {L1L2Args} from './l1l2.js';
export {OrthogonalRegularizer} from './orthogonal.js';
export type {OrthogonalRegularizerArgs, OrthogonalMode} from './orthogonal.js';

/** A string name (either spelling), a serialized envelope, or an instance. */
export type RegularizerIdentifier = string | Regularizer | SerializedObject;

/** Registers the built-in regularizers (called once from the package index). */
export function registerRegularizers(): void {
  for (const cls of [L1L2, L1, L2, OrthogonalRegularizer]) registerSerializable(cls, {category: 'regularizer', module: 'keras.regularizers'});
}

/**
 * Resolves `'l2'`, `'l1_l2'`, `'orthogonal_regularizer'`, an envelope or an instance; null stays null.
 * By name, `l1` and `l2` use factor 0.01, `l1_l2` uses 0.01 for both, `orthogonal_regularizer` 0.01 on rows.
 */
export function getRegularizer(id: RegularizerIdentifier | null | undefined): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id === 'l1_l2' || id === 'l1l2') return new L1L2({l1: 0.01, l2: 0.01});
  return resolveIdentifier<Regularizer>('regularizer', id);
}
