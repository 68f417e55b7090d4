import type {SerializedObject} from '../serialization/config.js';
import {registerSerializable, resolveIdentifier} from '../serialization/registry.js';
import {Constant, Ones, Zeros} from './constant.js';
import {Initializer} from './initializer.js';
import {RandomNormal} from './random.js';
import {GlorotNormal, GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform, VarianceScaling} from './variance-scaling.js';

export {Initializer, computeFans} from './initializer.js';
export {Zeros, Ones, Constant} from './constant.js';
export type {ConstantArgs} from './constant.js';
export {RandomNormal, SeedStream} from './random.js';
export type {RandomNormalArgs} from './random.js';
export {VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal} from './variance-scaling.js';
export type {VarianceScalingArgs, SeedArgs, FanMode, Distribution} from './variance-scaling.js';

/** A string name (either spelling), a serialized envelope, or an instance. */
export type InitializerIdentifier = string | Initializer | SerializedObject;

/** Registers the built-in initializers (called once from the package index). */
export function registerInitializers(): void {
  for (const cls of [Zeros, Ones, Constant, RandomNormal, VarianceScaling, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal]) {
    registerSerializable(cls, {category: 'initializer', module: 'keras.initializers'});
  }
}

/** Resolves `'glorot_uniform'`, `'glorotUniform'`, an envelope or an instance to an {@link Initializer}. */
export function getInitializer(id: InitializerIdentifier): Initializer {
  return resolveIdentifier<Initializer>('initializer', id);
}
