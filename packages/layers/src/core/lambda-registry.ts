/**
 * Named functions for Lambda layers. A saved file names a Lambda's function; the loader finds it here
 * (never in the file: Stratum never evaluates code from a file, as Keras's safe mode).
 */
import {ValueError, describe} from '@stratum/core';

const functions = new Map<string, (...args: never[]) => unknown>();

/**
 * Registers `fn` under `name` for Lambda layers (Keras `register_keras_serializable` for functions): a
 * Lambda built with it can be saved, and a file naming it (Keras 3 `{"class_name": "function", "config":
 * "name"}`, or `"Package>name"`) loads. Registering the same name again replaces it.
 */
export function registerLambdaFunction(name: string, fn: (...args: never[]) => unknown): void {
  if (typeof name !== 'string' || name === '') throw new ValueError(`registerLambdaFunction: name must be a non-empty string, received ${describe(name)}`);
  if (typeof fn !== 'function') throw new ValueError(`registerLambdaFunction: expected a function for ${describe(name)}, received ${describe(fn)}`);
  functions.set(name, fn);
}

/** The registered function of that name, or undefined. */
export function lambdaFunction(name: string): ((...args: never[]) => unknown) | undefined {
  return functions.get(name);
}

/** The name `fn` is registered under, or undefined. */
export function lambdaFunctionName(fn: unknown): string | undefined {
  for (const [name, f] of functions) if (f === fn) return name;
  return undefined;
}

/** Every registered name (for error messages). */
export function lambdaFunctionNames(): string[] {
  return [...functions.keys()].sort();
}
