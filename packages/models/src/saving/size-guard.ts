/**
 * Size limits while a model is built from a file, checked before each weight is allocated: a config
 * that implies a weight larger than any in the weights manifest (or, without a manifest, more than
 * MAX_WEIGHT_ELEMENTS elements in all) is refused at once, instead of allocating gigabytes first and
 * failing the shape check afterwards.
 */
import {MAX_FRESH_WEIGHT_ELEMENTS, MAX_WEIGHT_ELEMENTS, SerializationError} from '@stratum/core';
import {elementCount} from '@stratum/layers';
import type {WeightGuard} from '@stratum/layers';

/** A manifest entry as far as the guard cares. */
export interface SizedWeight {
  name: string;
  shape: readonly number[];
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.slice(0, 8).join(', ')}${shape.length > 8 ? ', …' : ''}]`;
}

/**
 * The guard for one load. With `manifest` (the file's model weights), each new weight must fit the
 * largest manifest weight, and all of them together about the manifest's total (names are matched later,
 * by assignWeights, which also accepts a consistent renaming). Without one, the model's total is capped at
 * `freshLimit` elements.
 */
export function manifestGuard(source: string, manifest: readonly SizedWeight[] | null, freshLimit = MAX_FRESH_WEIGHT_ELEMENTS): WeightGuard {
  const largest = manifest === null ? MAX_WEIGHT_ELEMENTS : manifest.reduce((a, w) => Math.max(a, elementCount(w.shape)), 0);
  // Twice the manifest (plus a little) lets an ordinary count mismatch reach the precise message of
  // assignWeights; a config implying far more than the file holds is still refused before allocating.
  const inFile = manifest === null ? 0 : manifest.reduce((a, w) => a + elementCount(w.shape), 0);
  const total = manifest === null ? freshLimit : Math.min(MAX_WEIGHT_ELEMENTS, 2 * inFile + 2 ** 20);
  let created = 0;
  return (path, shape) => {
    const n = elementCount(shape);
    if (n > largest) {
      throw new SerializationError(`${source}: the config implies weight ${path} of shape ${shapeText(shape)} (${n} elements), larger than any weight in the weights manifest (at most ${largest} elements); the topology does not match the weights`);
    }
    created += n;
    if (created > total) {
      const what = manifest === null ? `fromJSON draws fresh (${freshLimit}; raise it with the maxWeightElements option)` : `the weights manifest allows (${inFile} elements in the file)`;
      throw new SerializationError(`${source}: the config implies more weight elements than ${what} (at weight ${path} of shape ${shapeText(shape)})`);
    }
  };
}
