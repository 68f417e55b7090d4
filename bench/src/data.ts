/**
 * The benchmark's data, shared by every worker through a few raw float32 files so that both frameworks
 * train on exactly the same numbers and the tfjs-layers worker never loads Stratum (whose kernels and
 * gradients it must not see).
 *
 * The runner writes the data sets its models need once (`writeData`):
 * - `mnist` (MLP, CNN): the MNIST digits of `stratum-examples` (8,000 train, 2,000 test), or, if they
 *   cannot be loaded, uniform random pixels with random one-hot labels of the same shapes;
 * - `feature-maps` (MobileNetV2 block): 1,024 + 512 generated 32×32×16 maps, uniform in [-1, 1), with
 *   random one-hot labels over 10 classes;
 * - `token-sequences` (text classifier): 8,000 + 2,000 generated sequences of 100 token ids in [1, 5000),
 *   labelled 1 when more than half of a sequence's ids lie in the lower half of the vocabulary.
 * Generated data comes from a fixed seed (speed does not depend on the values). Workers read a set back
 * with `readData`; token ids are stored as exact float32 integers and turned into int32 by the worker.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {BLOCK, TEXT, errorText} from './protocol.js';
import type {DataSetName} from './protocol.js';

export interface BenchData {
  /** `nTrain × sampleSize` inputs. */
  xTrain: Float32Array;
  /** `nTrain × labelSize` labels (one-hot rows, or one 0/1 value). */
  yTrain: Float32Array;
  /** `nTest × sampleSize` inputs. */
  xTest: Float32Array;
  nTrain: number;
  nTest: number;
  /** Values per input sample. */
  sampleSize: number;
  /** Values per label row. */
  labelSize: number;
  /** Where the numbers came from. */
  source: string;
}

type Meta = Omit<BenchData, 'xTrain' | 'yTrain' | 'xTest'>;

const file = (set: DataSetName, part: 'x-train' | 'y-train' | 'x-test' | 'meta'): string =>
  `${set}-${part}.${part === 'meta' ? 'json' : 'f32'}`;

async function mnistData(): Promise<BenchData> {
  const st = await import('stratum');
  const {loadMnist} = await import('stratum-examples/data');
  // The runner only copies the digits out; cpu needs no asynchronous initialisation.
  await st.setBackend('cpu');
  const split = loadMnist();
  const xTrain = Float32Array.from(split.xTrain.dataSync());
  const yTrain = Float32Array.from(split.yTrain.dataSync());
  const xTest = Float32Array.from(split.xTest.dataSync());
  const nTrain = split.xTrain.shape[0] ?? 0;
  const nTest = split.xTest.shape[0] ?? 0;
  st.dispose([split.xTrain, split.yTrain, split.xTest, split.yTest]);
  return {xTrain, yTrain, xTest, nTrain, nTest, sampleSize: 784, labelSize: 10,
    source: `MNIST digits from stratum-examples' loadMnist() (${nTrain} train, ${nTest} test)`};
}

/** Xorshift32: a tiny seeded generator for the fallback data. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function oneHot(n: number, classes: number, rand: () => number): Float32Array {
  const y = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) y[i * classes + Math.floor(rand() * classes)] = 1;
  return y;
}

function randomMnist(nTrain: number, nTest: number, why: string): BenchData {
  const rand = xorshift(1234);
  const xTrain = new Float32Array(nTrain * 784).map(() => rand());
  const xTest = new Float32Array(nTest * 784).map(() => rand());
  const yTrain = oneHot(nTrain, 10, rand);
  return {xTrain, yTrain, xTest, nTrain, nTest, sampleSize: 784, labelSize: 10, source: `random data of MNIST's shapes (${why})`};
}

function featureMaps(nTrain: number, nTest: number): BenchData {
  const rand = xorshift(2024);
  const sampleSize = BLOCK.size * BLOCK.size * BLOCK.channels;
  const xTrain = new Float32Array(nTrain * sampleSize).map(() => 2 * rand() - 1);
  const xTest = new Float32Array(nTest * sampleSize).map(() => 2 * rand() - 1);
  const yTrain = oneHot(nTrain, 10, rand);
  return {xTrain, yTrain, xTest, nTrain, nTest, sampleSize, labelSize: 10,
    source: `${nTrain} + ${nTest} generated ${BLOCK.size}×${BLOCK.size}×${BLOCK.channels} maps, uniform in [-1, 1), random one-hot labels (seed 2024)`};
}

function tokenSequences(nTrain: number, nTest: number): BenchData {
  const rand = xorshift(5000);
  const ids = (n: number): Float32Array => new Float32Array(n * TEXT.length).map(() => 1 + Math.floor(rand() * (TEXT.vocab - 1)));
  const xTrain = ids(nTrain);
  const xTest = ids(nTest);
  const yTrain = new Float32Array(nTrain);
  for (let i = 0; i < nTrain; i++) {
    let low = 0;
    for (let t = 0; t < TEXT.length; t++) if ((xTrain[i * TEXT.length + t] as number) < TEXT.vocab / 2) low++;
    yTrain[i] = low > TEXT.length / 2 ? 1 : 0;
  }
  return {xTrain, yTrain, xTest, nTrain, nTest, sampleSize: TEXT.length, labelSize: 1,
    source: `${nTrain} + ${nTest} generated sequences of ${TEXT.length} token ids in [1, ${TEXT.vocab}), binary labels (seed 5000)`};
}

async function mnistOrRandom(forceRandom: boolean): Promise<BenchData> {
  if (forceRandom) return randomMnist(8000, 2000, '--random-data');
  try {
    const data = await mnistData();
    if (data.nTrain < 1024 || data.nTest < 256) throw new Error(`only ${data.nTrain}/${data.nTest} digits`);
    return data;
  } catch (e) {
    return randomMnist(8000, 2000, `MNIST failed to load: ${errorText(e)}`);
  }
}

async function makeData(set: DataSetName, forceRandom: boolean): Promise<BenchData> {
  switch (set) {
    case 'mnist': return mnistOrRandom(forceRandom);
    case 'feature-maps': return featureMaps(1024, 512);
    case 'token-sequences': return tokenSequences(8000, 2000);
  }
}

const bytesOf = (a: Float32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Makes each data set of `sets` (MNIST falls back to random data), writes it to `dir`, and says where each came from. */
export async function writeData(dir: string, forceRandom: boolean, sets: readonly DataSetName[]): Promise<Map<DataSetName, string>> {
  const sources = new Map<DataSetName, string>();
  for (const set of new Set(sets)) {
    const data = await makeData(set, forceRandom);
    writeFileSync(join(dir, file(set, 'x-train')), bytesOf(data.xTrain));
    writeFileSync(join(dir, file(set, 'y-train')), bytesOf(data.yTrain));
    writeFileSync(join(dir, file(set, 'x-test')), bytesOf(data.xTest));
    const meta: Meta = {nTrain: data.nTrain, nTest: data.nTest, sampleSize: data.sampleSize, labelSize: data.labelSize, source: data.source};
    writeFileSync(join(dir, file(set, 'meta')), JSON.stringify(meta));
    sources.set(set, data.source);
  }
  return sources;
}

function readFloats(path: string, expected: number): Float32Array {
  const bytes = readFileSync(path);
  if (bytes.byteLength !== expected * 4) throw new Error(`${path}: ${bytes.byteLength} bytes, expected ${expected * 4}`);
  // Copy into a fresh, aligned buffer (a Node Buffer may sit at any offset of a shared pool).
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Reads one data set written by {@link writeData}. */
export function readData(dir: string, set: DataSetName): BenchData {
  const meta = JSON.parse(readFileSync(join(dir, file(set, 'meta')), 'utf8')) as Meta;
  return {
    ...meta,
    xTrain: readFloats(join(dir, file(set, 'x-train')), meta.nTrain * meta.sampleSize),
    yTrain: readFloats(join(dir, file(set, 'y-train')), meta.nTrain * meta.labelSize),
    xTest: readFloats(join(dir, file(set, 'x-test')), meta.nTest * meta.sampleSize),
  };
}
