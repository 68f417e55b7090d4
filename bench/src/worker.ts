/**
 * One benchmark run in a process of its own: `node bench/dist/worker.js <tfjs|stratum> <model> <wasm|cpu>
 * --data-dir DIR [--train-seconds S] [--predict-seconds S] [--warmup-steps N] [--max-steps N]`.
 *
 * Loads only the framework it measures (the tfjs-layers run never imports Stratum and so never sees its
 * kernels or gradients), builds and compiles the model (`<model>` is one of `MODELS` in protocol.ts), then
 * times prediction (batch 256) and training (Adam, `fit` over a fixed number of full batches after a warm-up), each sized to take about the
 * requested number of seconds (a training step slower than 10 s is timed just once). Sends a {@link WorkerResult} to the parent over IPC (or prints it as JSON
 * when started by hand). A failure of one measurement (e.g. a missing gradient kernel) is reported in
 * that measurement and does not stop the other.
 */
import {performance} from 'node:perf_hooks';
import {readData} from './data.js';
import type {BenchData} from './data.js';
import type {Adapter} from './adapters/adapter.js';
import {MODELS, MODEL_SPEC, PREDICT_BATCH, errorText, isBackend, isFramework, isModel, sizeOf} from './protocol.js';
import type {BackendChoice, Measurement, ModelName, Warmup, WorkerMessage, WorkerResult, WorkerSettings} from './protocol.js';

/** A training step slower than this is timed once, after a mini-batch warm-up only. */
const SLOW_STEP_SECONDS = 10;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The first `n` samples of `values` as the model's input tensor (int32 token ids or float32). */
function inputs<T>(a: Adapter<T>, model: ModelName, values: Float32Array, n: number): T {
  const spec = MODEL_SPEC[model];
  const size = n * sizeOf(spec.sampleShape);
  return a.tensor(values.subarray(0, size), [n, ...spec.sampleShape], spec.inputDtype);
}

/** The first `n` label rows. */
function labels<T>(a: Adapter<T>, data: BenchData, n: number): T {
  return a.tensor(data.yTrain.subarray(0, n * data.labelSize), [n, data.labelSize], 'float32');
}

async function seconds(work: () => Promise<void>): Promise<number> {
  return (await timed(work)).wall;
}

/** Wall-clock and CPU (user + system, all threads of this process) seconds of `work`. */
async function timed(work: () => Promise<void>): Promise<{wall: number; cpu: number}> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return {wall, cpu: (c.user + c.system) / 1e6};
}

async function timePredict<T>(a: Adapter<T>, data: BenchData, model: ModelName, s: WorkerSettings): Promise<Measurement> {
  const owned: T[] = [];
  try {
    const one = inputs(a, model, data.xTest, PREDICT_BATCH);
    owned.push(one);
    // Warm-up calls (the first ones are slower in both frameworks; the very first pays one-time costs:
    // ~2.7 s for the MobileNet block on wasm, whose later calls take ~0.25 s), then the last one
    // estimates the speed. A second call always follows unless a call is very slow, a third only when
    // a call takes less than half the budget (not the CNN on cpu).
    let perBatch = await seconds(() => a.predict(one, PREDICT_BATCH));
    if (perBatch < SLOW_STEP_SECONDS) perBatch = await seconds(() => a.predict(one, PREDICT_BATCH));
    if (perBatch < s.predictSeconds / 2) perBatch = await seconds(() => a.predict(one, PREDICT_BATCH));
    const wanted = clamp(Math.ceil(s.predictSeconds / Math.max(perBatch, 1e-4)), 1, 400);
    const perCall = Math.min(wanted, Math.max(1, Math.floor(data.nTest / PREDICT_BATCH)));
    const calls = Math.ceil(wanted / perCall);
    const n = perCall * PREDICT_BATCH;
    const x = inputs(a, model, data.xTest, n);
    owned.push(x);
    const before = a.numTensors();
    const t = await timed(async () => {
      for (let i = 0; i < calls; i++) await a.predict(x, PREDICT_BATCH);
    });
    const samples = n * calls;
    return {ok: true, samples, seconds: t.wall, cpuSeconds: t.cpu, samplesPerSecond: samples / t.wall, steps: calls * perCall,
      tensorDelta: a.numTensors() - before};
  } catch (e) {
    return {ok: false, error: errorText(e)};
  } finally {
    owned.forEach((t) => a.dispose(t));
  }
}

interface TrainOutcome {
  train: Measurement;
  warmup: Warmup | null;
}

/**
 * Warm-up: first one fit on a mini-batch (an eighth of a batch), which pays the one-time costs (weights,
 * optimizer slots, kernel set-up) cheaply. If a full step then looks slow (over {@link SLOW_STEP_SECONDS}:
 * the CNN on cpu, ~30-90 s a step) that is all; otherwise `warmupSteps` full steps follow.
 */
async function warmUp<T>(a: Adapter<T>, x: T, y: T, xMini: T, yMini: T, batch: number, s: WorkerSettings): Promise<Warmup> {
  const mini = await seconds(() => a.fit(xMini, yMini, batch, 1));
  const miniBatch = Math.max(1, Math.floor(batch / 8));
  const guess = mini * (batch / miniBatch);
  if (guess > SLOW_STEP_SECONDS) return {fullSteps: 0, miniBatch, stepSeconds: guess, slow: true};
  let total = 0;
  let fullSteps = 0;
  while (fullSteps < s.warmupSteps) {
    total += await seconds(() => a.fit(x, y, batch, 1));
    fullSteps++;
    if (total > s.trainSeconds / 2) break;
  }
  const step = fullSteps === 0 ? guess : total / fullSteps;
  return {fullSteps, miniBatch, stepSeconds: step, slow: step > SLOW_STEP_SECONDS};
}

async function timeTrain<T>(a: Adapter<T>, data: BenchData, model: ModelName, s: WorkerSettings): Promise<TrainOutcome> {
  const batch = MODEL_SPEC[model].trainBatch;
  const miniBatch = Math.max(1, Math.floor(batch / 8));
  const owned: T[] = [];
  let warmup: Warmup | null = null;
  try {
    const xw = inputs(a, model, data.xTrain, batch);
    const yw = labels(a, data, batch);
    const xm = inputs(a, model, data.xTrain, miniBatch);
    const ym = labels(a, data, miniBatch);
    owned.push(xw, yw, xm, ym);
    warmup = await warmUp(a, xw, yw, xm, ym, batch, s);
    const wanted = warmup.slow ? 1 : clamp(Math.round(s.trainSeconds / Math.max(warmup.stepSeconds, 1e-4)), 1, s.maxSteps);
    const maxPerEpoch = Math.floor(data.nTrain / batch);
    const epochs = Math.ceil(wanted / maxPerEpoch);
    const perEpoch = Math.ceil(wanted / epochs);
    const n = perEpoch * batch;
    const x = inputs(a, model, data.xTrain, n);
    const y = labels(a, data, n);
    owned.push(x, y);
    const before = a.numTensors();
    const t = await timed(() => a.fit(x, y, batch, epochs));
    const samples = n * epochs;
    return {warmup, train: {ok: true, samples, seconds: t.wall, cpuSeconds: t.cpu, samplesPerSecond: samples / t.wall,
      steps: perEpoch * epochs, tensorDelta: a.numTensors() - before}};
  } catch (e) {
    return {warmup, train: {ok: false, error: errorText(e)}};
  } finally {
    owned.forEach((t) => a.dispose(t));
  }
}

async function measure<T>(a: Adapter<T>, model: ModelName, backend: BackendChoice, s: WorkerSettings):
    Promise<Omit<WorkerResult, 'framework'>> {
  const data = readData(s.dataDir, MODEL_SPEC[model].data);
  const activeBackend = await a.init(backend);
  a.build(model);
  const predict = await timePredict(a, data, model, s);
  const {train, warmup} = await timeTrain(a, data, model, s);
  return {model, backend, activeBackend, train, predict, warmup};
}

function parseSettings(args: string[]): WorkerSettings {
  const s: WorkerSettings = {dataDir: '', trainSeconds: 5, predictSeconds: 2, warmupSteps: 2, maxSteps: 2000};
  for (let i = 0; i < args.length; i += 2) {
    const [key, value] = [args[i], args[i + 1] ?? ''];
    const num = Number(value);
    switch (key) {
      case '--data-dir': s.dataDir = value; break;
      case '--train-seconds': s.trainSeconds = num; break;
      case '--predict-seconds': s.predictSeconds = num; break;
      case '--warmup-steps': s.warmupSteps = num; break;
      case '--max-steps': s.maxSteps = num; break;
      default: throw new Error(`worker: unknown option ${String(key)}`);
    }
    if (key !== '--data-dir' && !(Number.isFinite(num) && num > 0)) throw new Error(`worker: ${key} needs a positive number`);
  }
  if (s.dataDir === '') throw new Error('worker: --data-dir is required');
  return s;
}

function send(message: WorkerMessage): void {
  if (process.send === undefined) {
    console.log(JSON.stringify(message, null, 2));
    process.exit(0);
  }
  process.send(message, () => process.exit(0));
}

async function main(): Promise<void> {
  const [framework = '', model = '', backend = ''] = process.argv.slice(2, 5);
  if (!isFramework(framework) || !isModel(model) || !isBackend(backend)) {
    throw new Error(`usage: worker.js <tfjs|stratum> <${MODELS.join('|')}> <wasm|cpu> --data-dir DIR ... (got ${framework} ${model} ${backend})`);
  }
  const settings = parseSettings(process.argv.slice(5));
  const partial = framework === 'stratum'
    ? await measure((await import('./adapters/stratum.js')).createAdapter(), model, backend, settings)
    : await measure((await import('./adapters/tfjs.js')).createAdapter(), model, backend, settings);
  send({kind: 'result', result: {framework, ...partial}});
}

main().catch((e: unknown) => send({kind: 'fatal', error: errorText(e)}));
