/**
 * Micro-benchmark of the hot ops' training step (forward + backward): stock tfjs ops with tfjs autodiff
 * against Stratum's `ops` (which own their backward passes), on cpu and wasm.
 *
 *   npx tsc -b packages/core bench && node bench/dist/ops-micro.js [--backends=cpu,wasm] [--reps=N] [--quick] [--only=gather,conv1d]
 *
 * One step is `tf.variableGrads(() => sum(op(...)))` with the weights as variables (or, for the cases
 * marked "forward only", the op alone: tfjs's einsum has no gradient); "x data" means the
 * op's input is not differentiated (a model's first layer), "x trained" means it is (a hidden layer, or
 * maxPool). Each cell is the median (and the fastest) of the timed steps after one warm-up step; a step
 * slower than 5 s is timed once, without warm-up. `--quick` skips the stock cpu convolutions and gathers (over a minute a step).
 * `--only` keeps the cases whose names start with one of the given prefixes.
 * Prints a markdown table on stdout, progress on stderr.
 */
import * as tf from '@tensorflow/tfjs-core';
import {ops, setBackend} from '@stratum/core';

type Impl = 'stock' | 'stratum';

interface Case {
  name: string;
  /** Creates the inputs; returns the step function of each implementation and the tensors to dispose. */
  setup: () => {step: Record<Impl, (() => tf.Tensor) | null>; vars: tf.Variable[]; dispose: tf.Tensor[]};
  slowOnCpu?: boolean;
  /** Time the forward pass alone (no gradient), e.g. for an op whose stock version has no gradient. */
  forwardOnly?: boolean;
}

const rand = (shape: number[]): tf.Tensor => tf.randomUniform(shape, -0.5, 0.5);
const variable = (shape: number[]): tf.Variable => tf.variable(rand(shape));

function denseCase(trainX: boolean): Case {
  return {
    name: `dense 128x784 -> 512 relu, x ${trainX ? 'trained' : 'data'}`,
    setup: () => {
      const x = trainX ? variable([128, 784]) : rand([128, 784]);
      const w = variable([784, 512]) as tf.Variable<tf.Rank.R2>;
      const b = variable([512]) as tf.Variable<tf.Rank.R1>;
      return {
        step: {
          stock: () => tf.fused.matMul({a: x as tf.Tensor2D, b: w, bias: b, activation: 'relu'}),
          stratum: () => ops.dense(x, w, b, 'relu'),
        },
        vars: trainX ? [x as tf.Variable, w, b] : [w, b],
        dispose: trainX ? [x, w, b] : [x, w, b],
      };
    },
  };
}

function convCase(name: string, xShape: number[], outC: number, biasRelu: boolean, trainX: boolean): Case {
  return {
    name,
    slowOnCpu: true,
    setup: () => {
      const x = (trainX ? variable(xShape) : rand(xShape)) as tf.Tensor4D;
      const w = variable([3, 3, xShape[3] as number, outC]) as tf.Variable<tf.Rank.R4>;
      const b = variable([outC]) as tf.Variable<tf.Rank.R1>;
      const bias = biasRelu ? b : undefined;
      const activation = biasRelu ? 'relu' : 'linear';
      return {
        step: {
          stock: () => tf.fused.conv2d({x, filter: w, strides: 1, pad: 'same', bias, activation}),
          stratum: () => ops.conv2d(x, w, {padding: 'same', bias: bias ?? null, activation}),
        },
        vars: [...(trainX ? [x as unknown as tf.Variable] : []), w, ...(biasRelu ? [b] : [])],
        dispose: [x, w, b],
      };
    },
  };
}

function poolCase(kind: 'max' | 'avg'): Case {
  return {
    name: `${kind}Pool 2x2 on 64x28x28x32`,
    setup: () => {
      const x = variable([64, 28, 28, 32]) as tf.Variable<tf.Rank.R4>;
      return {
        step: {
          stock: () => (kind === 'max' ? tf.maxPool : tf.avgPool)(x, 2, 2, 'valid'),
          stratum: () => (kind === 'max' ? ops.maxPool : ops.avgPool)(x, {poolSize: 2}),
        },
        vars: [x],
        dispose: [x],
      };
    },
  };
}

function embeddingCase(vocab: number): Case {
  return {
    name: `gather (embedding) ${vocab}x64 table, 64x64 indices`,
    slowOnCpu: true,
    setup: () => {
      const table = variable([vocab, 64]);
      const indices = tf.randomUniform([64, 64], 0, vocab, 'int32');
      return {
        step: {stock: () => tf.gather(table, indices), stratum: () => ops.gather(table, indices)},
        vars: [table],
        dispose: [table, indices],
      };
    },
  };
}

function conv1dCase(): Case {
  return {
    name: 'conv1d 64x100x64 -> 64 k3 same, x trained',
    slowOnCpu: true,
    setup: () => {
      const x = variable([64, 100, 64]) as tf.Variable<tf.Rank.R3>;
      const w = variable([3, 64, 64]) as tf.Variable<tf.Rank.R3>;
      return {
        step: {stock: () => tf.conv1d(x, w, 1, 'same'), stratum: () => ops.conv1d(x, w, {padding: 'same'})},
        vars: [x, w],
        dispose: [x, w],
      };
    },
  };
}

function depthwiseCase(strides: number): Case {
  return {
    name: `depthwiseConv2d 32x28x28x96 3x3 same strides ${strides}, x trained`,
    slowOnCpu: true,
    setup: () => {
      const x = variable([32, 28, 28, 96]) as tf.Variable<tf.Rank.R4>;
      const w = variable([3, 3, 96, 1]) as tf.Variable<tf.Rank.R4>;
      return {
        step: {stock: () => tf.depthwiseConv2d(x, w, strides, 'same'), stratum: () => ops.depthwiseConv2d(x, w, {strides, padding: 'same'})},
        vars: [x, w],
        dispose: [x, w],
      };
    },
  };
}

/** Multi-head attention's equations (keras/src/layers/attention/multi_head_attention.py) at batch 32, 64 steps, 8 heads of 16. */
function einsumCase(kind: 'scores' | 'projection', forwardOnly: boolean): Case {
  const shapes = kind === 'scores' ? [[32, 64, 8, 16], [32, 64, 8, 16]] : [[32, 64, 128], [128, 8, 16]];
  const equation = kind === 'scores' ? 'aecd,abcd->acbe' : 'abc,cde->abde';
  return {
    name: `einsum ${equation} (MHA ${kind}) ${shapes.map((s) => s.join('x')).join(', ')}${forwardOnly ? ', forward only' : ''}`,
    forwardOnly,
    setup: () => {
      const [a, b] = kind === 'scores' ? [variable(shapes[0] as number[]), variable(shapes[1] as number[])] : [rand(shapes[0] as number[]), variable(shapes[1] as number[])];
      return {
        step: {stock: () => tf.einsum(equation, a as tf.Tensor, b as tf.Tensor), stratum: () => ops.einsum(equation, a as tf.Tensor, b as tf.Tensor)},
        vars: (kind === 'scores' ? [a, b] : [b]) as tf.Variable[],
        dispose: [a as tf.Tensor, b as tf.Tensor],
      };
    },
  };
}

/** Graph-network aggregation: 4096 edge messages of 64 features summed (or maxed) into 1000 nodes. */
function segmentCase(kind: 'sum' | 'max'): Case {
  return {
    name: `segment ${kind} 4096x64 -> 1000 segments, data trained`,
    slowOnCpu: true,
    setup: () => {
      const data = variable([4096, 64]);
      const ids = tf.randomUniform([4096], 0, 1000, 'int32');
      return {
        step: kind === 'sum'
          ? {stock: () => tf.unsortedSegmentSum(data, ids as tf.Tensor1D, 1000), stratum: () => ops.unsortedSegmentSum(data, ids, 1000)}
          : {stock: null, stratum: () => ops.segmentMax(data, ids, 1000)},
        vars: [data],
        dispose: [data, ids],
      };
    },
  };
}

const CASES: Case[] = [
  denseCase(false),
  denseCase(true),
  convCase('conv2d 64x28x28x1 -> 32 3x3 same relu, x data', [64, 28, 28, 1], 32, true, false),
  convCase('conv2d 64x14x14x32 -> 64 3x3 same, x trained', [64, 14, 14, 32], 64, false, true),
  poolCase('max'),
  poolCase('avg'),
  embeddingCase(1000),
  embeddingCase(20000),
  conv1dCase(),
  depthwiseCase(1),
  depthwiseCase(2),
  einsumCase('scores', false),
  einsumCase('projection', false),
  einsumCase('scores', true),
  einsumCase('projection', true),
  segmentCase('sum'),
  segmentCase('max'),
];

function oneStep(step: () => tf.Tensor, vars: tf.Variable[]): Promise<unknown> {
  const {value, grads} = tf.variableGrads(() => tf.sum(step()) as tf.Scalar, vars);
  const done = Promise.all([value.data(), ...Object.values(grads).map((g) => g.data())]);
  return done.then(() => tf.dispose([value, ...Object.values(grads)]));
}

interface Timing {median: number; min: number}

/** Median and fastest ms per step, or the error message if the step throws. */
async function measure(step: () => tf.Tensor, vars: tf.Variable[], reps: number, forwardOnly: boolean): Promise<Timing | string> {
  const run = forwardOnly ? (): Promise<unknown> => { const y = step(); return y.data().then(() => y.dispose()); } : (): Promise<unknown> => oneStep(step, vars);
  try {
    let t0 = performance.now();
    await run();
    const first = performance.now() - t0;
    if (first > 5000) return {median: first, min: first};
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return {median: times[Math.floor(times.length / 2)] as number, min: times[0] as number};
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] as string : String(e);
  }
}

const ms = (v: number): string => v.toFixed(v < 10 ? 2 : v < 1000 ? 1 : 0);
const fmt = (v: Timing | string): string =>
  typeof v === 'string' ? (v.startsWith('skipped') || v.startsWith('no tfjs') ? v : `throws: ${v.slice(0, 60)}`) : v.min === v.median ? `${ms(v.median)} (1 step)` : `${ms(v.median)} (${ms(v.min)})`;

async function main(): Promise<void> {
  const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const backends = (arg('backends') ?? 'cpu,wasm').split(',');
  const reps = Number(arg('reps') ?? 7);
  const quick = process.argv.includes('--quick');
  const only = (arg('only') ?? '').split(',').filter((o) => o !== '');
  const rows: string[] = [
    '| op (forward + backward) | backend | tfjs stock: median (min) ms/step | Stratum: median (min) ms/step | speed-up (medians) |',
    '|---|---|---:|---:|---:|',
  ];
  for (const backend of backends) {
    await setBackend(backend as 'cpu' | 'wasm');
    for (const c of CASES.filter((k) => only.length === 0 || only.some((o) => k.name.startsWith(o)))) {
      const {step, vars, dispose} = c.setup();
      const result: Record<Impl, Timing | string> = {stock: 'skipped (--quick)', stratum: 'not run'};
      let leaked = 0;
      for (const impl of ['stratum', 'stock'] as Impl[]) {
        if (impl === 'stock' && quick && backend === 'cpu' && c.slowOnCpu === true) continue;
        const f = step[impl];
        if (f === null) {
          result[impl] = 'no tfjs op';
          continue;
        }
        process.stderr.write(`${backend} ${c.name} ${impl} ...\n`);
        const before = tf.memory().numTensors;
        result[impl] = await measure(f, vars, backend === 'cpu' ? Math.min(reps, 3) : reps, c.forwardOnly === true);
        if (impl === 'stratum') leaked = tf.memory().numTensors - before;
      }
      tf.dispose(dispose);
      const speedup = typeof result.stock !== 'string' && typeof result.stratum !== 'string'
        ? `${(result.stock.median / result.stratum.median).toFixed(1)}x` : '';
      rows.push(`| ${c.name} | ${backend} | ${fmt(result.stock)} | ${fmt(result.stratum)}${leaked > 0 ? ` (${leaked} tensors leaked)` : ''} | ${speedup} |`);
    }
  }
  process.stdout.write(rows.join('\n') + '\n');
}

await main();
