import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {INITIALIZER_ALIASES} from './aliases.js';
import {Constant, Ones, Zeros} from './constant.js';
import {IdentityInitializer} from './identity.js';
import {Initializer} from './initializer.js';
import {OrthogonalInitializer} from './orthogonal.js';
import {RandomNormal, RandomUniform, TruncatedNormal} from './random.js';
import {GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, VarianceScaling} from './variance-scaling.js';

export {Initializer, computeFans} from './initializer.js';
export {Zeros, Ones, Constant} from './constant.js';
export type {ConstantArgs} from './constant.js';
export {RandomNormal, RandomUniform, TruncatedNormal, SeedStream} from './random.js';
export type {RandomNormalArgs, RandomUniformArgs, TruncatedNormalArgs} from './random.js';
export {VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal} from './variance-scaling.js';
export type {VarianceScalingArgs, SeedArgs, FanMode, Distribution} from './variance-scaling.js';
export {OrthogonalInitializer, OrthogonalInitializer as Orthogonal} from './orthogonal.js';
export type {OrthogonalArgs} from './orthogonal.js';
export {IdentityInitializer, IdentityInitializer as Identity} from './identity.js';
export type {IdentityArgs} from './identity.js';

/** A string name (either spelling), a serialized envelope, or an instance. */
export type InitializerIdentifier = string | Initializer | SerializedObject;

/** Registers the built-in initializers (called once from the package index). */
export function registerInitializers(): void {
  const builtins = [
    Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal,
    HeUniform, HeNormal, LecunUniform, LecunNormal, OrthogonalInitializer, IdentityInitializer, ...INITIALIZER_ALIASES,
  ];
  for (const cls of builtins) registerSerializable(cls, {category: 'initializer', module: 'keras.initializers'});
}

/** Resolves `'glorot_uniform'`, `'glorotUniform'`, an envelope or an instance to an {@link Initializer}. */
export function getInitializer(id: InitializerIdentifier): Initializer {
  return resolveIdentifier<Initializer>('initializer', id);
}
