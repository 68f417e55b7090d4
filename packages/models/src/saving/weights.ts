/**
 * Weight bytes in the TF.js layout (FORMATS.md §3): each manifest group's bytes are its weights'
 * values concatenated in manifest order (little-endian), split into shards. Encoding reads tensors with
 * `await data()` only; decoding produces typed arrays (no tensors) so a failure leaves nothing behind.
 */
import {NotSupportedError, SerializationError, describe} from '@stratum/core';
import type {Variable} from '@stratum/core';

export interface WeightQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale?: number;
  min?: number;
}

/** One entry of a weights manifest (`{name, shape, dtype}`), as TF.js writes it. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  group?: string;
  quantization?: WeightQuantization;
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** A decoded weight: values as a typed array in the dtype Stratum uses (float32, int32 or bool). */
export interface DecodedWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  /** The dtype the manifest declares (before dequantization): must be the model weight's dtype. */
  manifestDtype?: string;
  group?: string;
  values: Float32Array | Int32Array | Uint8Array;
}

/** Default shard size, as tfjs: 4 MB. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

const BYTES: Record<string, number> = {float32: 4, int32: 4, bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2, complex64: 8};

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bytes a manifest entry occupies in the weight data. */
export function specByteLength(spec: WeightSpec, source: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const per = BYTES[dtype];
  if (per === undefined) throw new NotSupportedError(`${source}: weight ${describe(spec.name)} has dtype ${describe(dtype)}, which is not supported; expected float32, int32, bool, uint8, float16 or a quantized dtype`);
  return count(spec.shape) * per;
}

/** The weights of a model as one buffer plus its manifest entries (`<layer>/<weight>` names). */
export async function encodeWeights(variables: readonly Variable[]): Promise<{specs: WeightSpec[]; data: ArrayBuffer}> {
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const v of variables) {
    const values = await v.value.data();
    const dtype = v.dtype === 'bool' ? 'bool' : v.dtype === 'int32' ? 'int32' : 'float32';
    const typed = dtype === 'bool' ? Uint8Array.from(values as Uint8Array) : dtype === 'int32' ? Int32Array.from(values as Int32Array) : Float32Array.from(values as Float32Array);
    parts.push(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
    specs.push({name: v.path, shape: [...v.shape], dtype});
  }
  return {specs, data: concatBuffers(parts)};
}

export function concatBuffers(parts: readonly (ArrayBuffer | Uint8Array)[]): ArrayBuffer {
  const views = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
  let offset = 0;
  for (const v of views) {
    out.set(v, offset);
    offset += v.byteLength;
  }
  return out.buffer;
}

/** Splits weight data into shards of at most `maxBytes`. */
export function shardBuffer(data: ArrayBuffer, maxBytes = DEFAULT_SHARD_BYTES): ArrayBuffer[] {
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) throw new SerializationError(`save: maxShardBytes must be a positive integer, received ${describe(maxBytes)}`);
  const shards: ArrayBuffer[] = [];
  for (let start = 0; start < data.byteLength; start += maxBytes) shards.push(data.slice(start, Math.min(start + maxBytes, data.byteLength)));
  return shards;
}

/** IEEE 754 half → float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decodeOne(spec: WeightSpec, bytes: ArrayBuffer, source: string): DecodedWeight {
  const n = count(spec.shape);
  const view = new DataView(bytes);
  const base = {name: spec.name, shape: [...spec.shape], group: spec.group, manifestDtype: spec.dtype};
  const q = spec.quantization;
  if (q !== undefined) {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (q.dtype === 'float16') out[i] = halfToFloat(view.getUint16(2 * i, true));
      else out[i] = (q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true)) * (q.scale ?? 1) + (q.min ?? 0);
    }
    return {...base, dtype: spec.dtype === 'int32' ? 'int32' : 'float32', values: spec.dtype === 'int32' ? Int32Array.from(out, Math.round) : out};
  }
  switch (spec.dtype) {
    case 'float32':
      return {...base, dtype: 'float32', values: new Float32Array(bytes.slice(0))};
    case 'int32':
      return {...base, dtype: 'int32', values: new Int32Array(bytes.slice(0))};
    case 'bool':
      return {...base, dtype: 'bool', values: new Uint8Array(bytes.slice(0))};
    case 'float16':
      return {...base, dtype: 'float32', values: Float32Array.from({length: n}, (_v, i) => halfToFloat(view.getUint16(2 * i, true)))};
    case 'uint8':
    case 'int8':
    case 'uint16':
    case 'int16': {
      const getters = {uint8: (i: number) => view.getUint8(i), int8: (i: number) => view.getInt8(i), uint16: (i: number) => view.getUint16(2 * i, true), int16: (i: number) => view.getInt16(2 * i, true)};
      return {...base, dtype: 'int32', values: Int32Array.from({length: n}, (_v, i) => getters[spec.dtype as 'uint8'](i))};
    }
    default:
      throw new NotSupportedError(`${source}: weight ${describe(spec.name)} has dtype ${describe(spec.dtype)}, which is not supported`);
  }
}

/**
 * Decodes one manifest group from its bytes. The byte count must match the manifest exactly; `files`
 * names the shards in error messages.
 */
export function decodeGroup(specs: readonly WeightSpec[], data: ArrayBuffer, files: string): DecodedWeight[] {
  const sizes = specs.map((s) => specByteLength(s, files));
  const expected = sizes.reduce((a, b) => a + b, 0);
  if (data.byteLength !== expected) {
    const what = data.byteLength < expected ? 'truncated' : 'longer than its manifest';
    const listed = specs.slice(0, 10).map((s) => `${s.name.length > 80 ? describe(s.name) : s.name} [${s.shape.slice(0, 8).join(', ')}] ${String(s.dtype).slice(0, 20)}`);
    const more = specs.length > 10 ? `, and ${specs.length - 10} more` : '';
    throw new SerializationError(`${files}: weight data is ${what}: ${data.byteLength} bytes, expected ${expected} bytes for ${specs.length} weights (${listed.join(', ')}${more})`);
  }
  let offset = 0;
  return specs.map((spec, i) => {
    const size = sizes[i] as number;
    const w = decodeOne(spec, data.slice(offset, offset + size), files);
    offset += size;
    return w;
  });
}
