/**
 * The backend seam: which TensorFlow.js backend runs Stratum's ops.
 *
 * ```ts
 * import {setBackend, ready} from '@stratum/core';
 * await setBackend('wasm');  // or 'cpu', 'webgl', 'webgpu', 'tensorflow', 'auto'
 * ```
 * `auto` (the default) picks the fastest backend that initialises here: `tensorflow` (native) if the
 * user installed `@tensorflow/tfjs-node`, then `webgpu`/`webgl` in a browser, then `wasm`, then `cpu`.
 */
import * as tf from '@tensorflow/tfjs-core';
// The tfjs umbrella registers every op's gradient (tfjs-core alone registers none) and the cpu/webgl backends.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import {ValueError, describe} from '../errors.js';

/** Names accepted by {@link setBackend}. */
export type BackendName = 'auto' | 'cpu' | 'wasm' | 'webgl' | 'webgpu' | 'tensorflow';

const KNOWN: readonly BackendName[] = ['auto', 'cpu', 'wasm', 'webgl', 'webgpu', 'tensorflow'];

/** Optional backends live in separate npm packages, loaded only when asked for. */
const OPTIONAL_PACKAGES: Partial<Record<BackendName, string>> = {
  webgl: '@tensorflow/tfjs-backend-webgl',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
};

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

let pending: Promise<string> | null = null;
let chosen = false;

async function loadOptional(name: BackendName): Promise<boolean> {
  const pkg = OPTIONAL_PACKAGES[name];
  if (pkg === undefined || tf.findBackendFactory(name) !== null) return true;
  try {
    await import(pkg);
    return tf.findBackendFactory(name) !== null;
  } catch {
    return false;
  }
}

/**
 * The cpu backend prints an advert for tfjs-node on first use in Node; Stratum chooses backends itself,
 * so the notice only confuses users.
 */
function quietCpuNotice(): void {
  const cpu = tf.findBackend('cpu') as {firstUse?: boolean} | null;
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
}

async function trySet(name: Exclude<BackendName, 'auto'>): Promise<boolean> {
  if (!(await loadOptional(name))) return false;
  try {
    const ok = await tf.setBackend(name);
    quietCpuNotice();
    return ok;
  } catch {
    return false;
  }
}

async function choose(name: BackendName): Promise<string> {
  if (!KNOWN.includes(name)) {
    throw new ValueError(`setBackend: unknown backend ${describe(name)}; expected one of ${KNOWN.join(', ')}`);
  }
  if (name !== 'auto') {
    if (!(await trySet(name))) {
      const pkg = OPTIONAL_PACKAGES[name];
      const hint = pkg === undefined ? '' : ` (is ${pkg} installed, and does this platform support it?)`;
      throw new ValueError(`setBackend: backend ${describe(name)} failed to initialise here${hint}`);
    }
    return name;
  }
  const order: Exclude<BackendName, 'auto'>[] = isNode ? ['wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu'];
  for (const candidate of order) {
    if (await trySet(candidate)) return candidate;
  }
  throw new ValueError('setBackend: no backend could be initialised (tried ' + order.join(', ') + ')');
}

/**
 * Chooses the backend. Resolves to the name of the backend now in use.
 * Throws a {@link ValueError} naming the backend when it is unknown or fails to initialise.
 */
export function setBackend(name: BackendName = 'auto'): Promise<string> {
  chosen = true;
  pending = choose(name);
  return pending;
}

/** Resolves once the chosen backend (by default `auto`) is initialised; returns its name. */
export async function ready(): Promise<string> {
  if (pending === null) {
    pending = choose((readEnvBackend() ?? 'auto'));
  }
  const name = await pending;
  await tf.ready();
  return name;
}

/** The name of the backend in use (`cpu` until one is chosen and ready). */
export function getBackend(): string {
  return tf.getBackend();
}

/** True once {@link setBackend} has been called explicitly. */
export function backendWasChosen(): boolean {
  return chosen;
}

function readEnvBackend(): BackendName | undefined {
  if (!isNode) return undefined;
  const v = process.env['STRATUM_BACKEND'];
  return v !== undefined && v !== '' ? (v as BackendName) : undefined;
}

// Until `setBackend`/`ready` pick the fastest backend, ops run on `cpu` (its initialisation is
// synchronous), so code that forgets to await `ready()` works, slowly, instead of throwing.
if (tf.findBackend('cpu') !== null || tf.findBackendFactory('cpu') !== null) {
  void tf.setBackend('cpu').then(quietCpuNotice);
}
