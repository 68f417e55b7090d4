/**
 * Structural checks for the model kinds the writers handle. The writers are imported by `model.ts`, so
 * they must not import `Sequential`/`Functional` as values (that would be an import cycle): they look at
 * the shape of the object instead.
 */
import {InputLayer} from '@stratum/layers';
import type {AnyLayer} from '@stratum/layers';
import type {Functional} from '../functional.js';
import type {Model} from '../model.js';
import type {Sequential} from '../sequential.js';

/** A `Model` (Sequential, Functional or a subclass): it owns layers and names its inputs. */
export function isModelLike(layer: unknown): layer is Model {
  if (typeof layer !== 'object' || layer === null) return false;
  const l = layer as Record<string, unknown>;
  return Array.isArray(l['layers']) && Array.isArray(l['inputNames']) && typeof l['forward'] === 'function';
}

/** A functional graph model: it has symbolic inputs, outputs and graph nodes. */
export function isFunctionalLike(layer: unknown): layer is Functional {
  if (!isModelLike(layer)) return false;
  const l = layer as unknown as Record<string, unknown>;
  return Array.isArray(l['graphNodes']) && Array.isArray(l['inputs']) && Array.isArray(l['outputs']) && 'inputStructure' in l;
}

/** A Sequential stack: it has an `inputLayer` (InputLayer or null) and an `add` method, and no graph nodes. */
export function isSequentialLike(layer: unknown): layer is Sequential {
  if (!isModelLike(layer) || isFunctionalLike(layer)) return false;
  const l = layer as unknown as Record<string, unknown>;
  return typeof l['add'] === 'function' && 'inputLayer' in l && (l['inputLayer'] === null || l['inputLayer'] instanceof InputLayer);
}

/** The Keras class name of a layer or model (`Dense`, `Sequential`, `Functional`). */
export function classNameOf(layer: AnyLayer): string {
  return (layer.constructor as unknown as {className: string}).className;
}
