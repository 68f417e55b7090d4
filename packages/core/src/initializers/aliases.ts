/**
 * Other names under which files and users refer to the built-in initializers: the Keras 3 string aliases
 * (`orthogonal`, `identity`, `normal`, `uniform`, `one`, `zero`) and the Keras 2 / TF.js class names
 * (`Orthogonal`, `Identity`, `LeCunNormal`, `LeCunUniform`). Rebuilding any of them gives an instance of
 * the canonical class, which is what gets written back.
 */
import type {ConfigDict, SerializableClass} from '../serialization/config.js';
import {Ones, Zeros} from './constant.js';
import {IdentityInitializer} from './identity.js';
import type {Initializer} from './initializer.js';
import {OrthogonalInitializer} from './orthogonal.js';
import {RandomNormal, RandomUniform} from './random.js';
import {LecunNormal, LecunUniform} from './variance-scaling.js';

/** A registrable class named `className` whose `fromConfig` builds the `target` class. */
function aliasOf(className: string, target: new (args: never) => Initializer): SerializableClass<Initializer> {
  // typed by its members (not the abstract class) so the class expression below can extend it
  const base = target as unknown as new (args: ConfigDict) => Pick<Initializer, 'call' | 'getConfig'>;
  return class extends base {
    static readonly className = className;
    static fromConfig(config: ConfigDict): Initializer {
      return new base(config) as Initializer;
    }
  };
}

/** The alias classes, registered next to the canonical ones. */
export const INITIALIZER_ALIASES: readonly SerializableClass<Initializer>[] = [
  aliasOf('Orthogonal', OrthogonalInitializer),
  aliasOf('Identity', IdentityInitializer),
  aliasOf('LeCunNormal', LecunNormal),
  aliasOf('LeCunUniform', LecunUniform),
  aliasOf('normal', RandomNormal),
  aliasOf('uniform', RandomUniform),
  aliasOf('one', Ones),
  aliasOf('zero', Zeros),
];
