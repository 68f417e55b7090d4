/**
 * Runs a block of mocha tests once per backend that can run on this machine (cpu and wasm in Node),
 * switching the backend before the block's tests start.
 */
import * as tf from '@tensorflow/tfjs-core';
import {setBackend} from '../backend/backend.js';

/** Backends every numeric test runs on. `STRATUM_TEST_BACKENDS=cpu,wasm` overrides. */
export function testBackends(): string[] {
  const env = typeof process !== 'undefined' ? process.env['STRATUM_TEST_BACKENDS'] : undefined;
  return env !== undefined && env !== '' ? env.split(',') : ['cpu', 'wasm'];
}

/** `describe` once per test backend, e.g. `describeBackends('dense', (backend) => { it(...) })`. */
export function describeBackends(title: string, body: (backend: string) => void): void {
  for (const backend of testBackends()) {
    describe(`${title} [${backend}]`, function () {
      before(async function () {
        await setBackend(backend as 'cpu' | 'wasm');
      });
      body(backend);
    });
  }
}

/** Fails the current test if `fn` leaves more tensors behind than it found. */
export async function expectNoLeaks(fn: () => unknown | Promise<unknown>, slack = 0): Promise<void> {
  const before = tf.memory().numTensors;
  await fn();
  const after = tf.memory().numTensors;
  if (after > before + slack) {
    throw new Error(`expected no leaked tensors, but ${after - before} more tensors exist after the call (${before} -> ${after})`);
  }
}
