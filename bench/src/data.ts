/**
 * The benchmark's data, shared by every worker through a few raw float32 files so that both frameworks
 * train on exactly the same numbers and the tfjs-layers worker never loads Stratum (whose kernels and
 * gradients it must not see).
 *
 * The runner writes the files once (`writeData`): the MNIST digits of `stratum-examples` (8,000 train,
 * 2,000 test), or, if they cannot be loaded, uniform random pixels with random one-hot labels of the same
 * shapes (speed does not depend on the values). Workers read them back with `readData`.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {errorText} from './protocol.js';

export interface BenchData {
  /** `nTrain × 784` pixels. */
  xTrain: Float32Array;
  /** `nTrain × 10` one-hot labels. */
  yTrain: Float32Array;
  /** `nTest × 784` pixels. */
  xTest: Float32Array;
  nTrain: number;
  nTest: number;
  /** Where the numbers came from. */
  source: string;
}

interface Meta {
  nTrain: number;
  nTest: number;
  source: string;
}

const FILES = {xTrain: 'x-train.f32', yTrain: 'y-train.f32', xTest: 'x-test.f32', meta: 'meta.json'} as const;

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
  return {xTrain, yTrain, xTest, nTrain, nTest,
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

function randomData(nTrain: number, nTest: number, why: string): BenchData {
  const rand = xorshift(1234);
  const xTrain = new Float32Array(nTrain * 784).map(() => rand());
  const xTest = new Float32Array(nTest * 784).map(() => rand());
  const yTrain = new Float32Array(nTrain * 10);
  for (let i = 0; i < nTrain; i++) yTrain[i * 10 + Math.floor(rand() * 10)] = 1;
  return {xTrain, yTrain, xTest, nTrain, nTest, source: `random data of MNIST's shapes (${why})`};
}

/** Loads MNIST (or falls back to random data), writes it to `dir`, and says where it came from. */
export async function writeData(dir: string, forceRandom: boolean): Promise<string> {
  let data: BenchData;
  if (forceRandom) {
    data = randomData(8000, 2000, '--random-data');
  } else {
    try {
      data = await mnistData();
      if (data.nTrain < 1024 || data.nTest < 256) throw new Error(`only ${data.nTrain}/${data.nTest} digits`);
    } catch (e) {
      data = randomData(8000, 2000, `MNIST failed to load: ${errorText(e)}`);
    }
  }
  writeFileSync(join(dir, FILES.xTrain), new Uint8Array(data.xTrain.buffer, data.xTrain.byteOffset, data.xTrain.byteLength));
  writeFileSync(join(dir, FILES.yTrain), new Uint8Array(data.yTrain.buffer, data.yTrain.byteOffset, data.yTrain.byteLength));
  writeFileSync(join(dir, FILES.xTest), new Uint8Array(data.xTest.buffer, data.xTest.byteOffset, data.xTest.byteLength));
  const meta: Meta = {nTrain: data.nTrain, nTest: data.nTest, source: data.source};
  writeFileSync(join(dir, FILES.meta), JSON.stringify(meta));
  return data.source;
}

function readFloats(path: string, expected: number): Float32Array {
  const bytes = readFileSync(path);
  if (bytes.byteLength !== expected * 4) throw new Error(`${path}: ${bytes.byteLength} bytes, expected ${expected * 4}`);
  // Copy into a fresh, aligned buffer (a Node Buffer may sit at any offset of a shared pool).
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Reads the files written by {@link writeData}. */
export function readData(dir: string): BenchData {
  const meta = JSON.parse(readFileSync(join(dir, FILES.meta), 'utf8')) as Meta;
  return {
    xTrain: readFloats(join(dir, FILES.xTrain), meta.nTrain * 784),
    yTrain: readFloats(join(dir, FILES.yTrain), meta.nTrain * 10),
    xTest: readFloats(join(dir, FILES.xTest), meta.nTest * 784),
    nTrain: meta.nTrain,
    nTest: meta.nTest,
    source: meta.source,
  };
}
