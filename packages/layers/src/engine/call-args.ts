/**
 * Call arguments beyond the inputs (Keras keyword arguments): split into JSON values, which a graph node
 * keeps as its kwargs, and tensors, which become graph edges (Keras 3 saves them as `__keras_tensor__`
 * entries of the node's kwargs).
 */
import {ValueError, describe, flatten, isRecord} from '@stratum/core';
import type {ConfigDict, Nested} from '@stratum/core';
import {isTensor} from './shape.js';
import {isSymbolic} from './symbolic-tensor.js';
import type {SymbolicTensor} from './symbolic-tensor.js';

/**
 * A call's further arguments split into JSON values (node kwargs) and tensors (graph edges on symbolic
 * calls), each checked: on a symbolic call every tensor must be symbolic, on an eager call concrete.
 */
export function splitCallArgs(layer: string, options: {mask?: unknown; callArgs?: Readonly<Record<string, unknown>>}, symbolic: boolean): {kwargs: ConfigDict; tensorArgs: Record<string, Nested<SymbolicTensor>>} {
  const kwargs: ConfigDict = {};
  const tensorArgs: Record<string, Nested<SymbolicTensor>> = {};
  const given = options.callArgs ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new ValueError(`Layer "${layer}": callArgs must be a record of named arguments, received ${describe(given)}`);
  const entries = Object.entries(given);
  if (symbolic && options.mask !== undefined && options.mask !== null) entries.push(['mask', options.mask]);
  for (const [name, value] of entries) {
    if (name === 'training' || (name === 'mask' && options.callArgs !== undefined && Object.hasOwn(options.callArgs, 'mask'))) {
      throw new ValueError(`Layer "${layer}": pass ${describe(name)} as its own apply option, not in callArgs`);
    }
    const leaves = flatten<unknown>(value as Nested<unknown>, (v): v is unknown => isTensor(v) || isSymbolic(v) || !(Array.isArray(v) || isRecord(v)));
    const tensors = leaves.filter((v) => isTensor(v) || isSymbolic(v));
    if (tensors.length === 0) {
      checkJsonArg(layer, name, value);
      kwargs[name] = value as ConfigDict[string];
      continue;
    }
    const want = symbolic ? isSymbolic : isTensor;
    if (!leaves.every((v) => want(v) || v === null)) {
      throw new ValueError(`Layer "${layer}": call argument ${describe(name)} mixes ${symbolic ? 'symbolic tensors with concrete tensors or values' : 'tensors with symbolic tensors or values'}; on ${symbolic ? 'symbolic' : 'concrete'} inputs its tensors must be ${symbolic ? 'symbolic (from input() or a layer)' : 'concrete tensors'}`);
    }
    tensorArgs[name] = value as Nested<SymbolicTensor>;
  }
  return {kwargs, tensorArgs};
}

/** A call argument saved in a node's kwargs must be JSON: numbers, strings, booleans, null, lists and records of them. */
function checkJsonArg(layer: string, name: string, value: unknown): void {
  const ok = (v: unknown): boolean =>
    v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every(ok)) || (isRecord(v) && Object.values(v).every(ok));
  if (!ok(value)) throw new ValueError(`Layer "${layer}": call argument ${describe(name)} must be tensors or JSON values (numbers, strings, booleans, null, lists, records), received ${describe(value)}`);
}

