import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {NonNeg} from './constraint.js';
import type {Constraint} from './constraint.js';
import {MaxNorm, MinMaxNorm, UnitNorm} from './norm-constraints.js';

export {Constraint, NonNeg} from './constraint.js';
export {MaxNorm, UnitNorm, MinMaxNorm} from './norm-constraints.js';
export type {MaxNormArgs, UnitNormArgs, MinMaxNormArgs, NormAxis} from './norm-constraints.js';

/** A string name (either spelling), a serialized envelope, or an instance. */
export type ConstraintIdentifier = string | Constraint | SerializedObject;

/** Registers the built-in constraints (called once from the package index). */
export function registerConstraints(): void {
  for (const cls of [NonNeg, MaxNorm, UnitNorm, MinMaxNorm]) registerSerializable(cls, {category: 'constraint', module: 'keras.constraints'});
}

/** Resolves `'non_neg'`, `'maxNorm'`, an envelope or an instance; null stays null. */
export function getConstraint(id: ConstraintIdentifier | null | undefined): Constraint | null {
  if (id === null || id === undefined) return null;
  return resolveIdentifier<Constraint>('constraint', id);
}
