/** Registers core's built-in serializable classes. Called once from the package index (explicit, so tree-shaking cannot drop it). */
import {registerConstraints} from './constraints/index.js';
import {registerInitializers} from './initializers/index.js';
import {registerLosses} from './losses/index.js';
import {registerMetrics} from './metrics/index.js';
import {registerOptimizers, registerSchedules} from './optimizers/index.js';
import {registerRegularizers} from './regularizers/index.js';

let done = false;
export function registerCoreBuiltins(): void {
  if (done) return;
  done = true;
  registerInitializers();
  registerLosses();
  registerMetrics();
  registerSchedules();
  registerOptimizers();
  registerRegularizers();
  registerConstraints();
}
