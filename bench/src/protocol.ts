/**
 * What the benchmark runner (`run.ts`) and its worker processes (`worker.ts`) agree on: the names of the
 * frameworks, models and backends, the worker's command line, and the result it sends back.
 */

export type Framework = 'tfjs' | 'stratum';
export type ModelName = 'mlp' | 'cnn' | 'mobilenet-block' | 'text-classifier';
export type BackendChoice = 'wasm' | 'cpu';

export const FRAMEWORKS: readonly Framework[] = ['tfjs', 'stratum'];
export const MODELS: readonly ModelName[] = ['mlp', 'cnn', 'mobilenet-block', 'text-classifier'];
export const BACKENDS: readonly BackendChoice[] = ['wasm', 'cpu'];

/** The data sets the runner writes (`data.ts`): each model trains and predicts on one of them. */
export type DataSetName = 'mnist' | 'feature-maps' | 'token-sequences';

/** What a model is fed and how it is trained: the worker and the adapters read everything from here. */
export interface ModelSpec {
  label: string;
  /** Training batch size (the predict batch is always {@link PREDICT_BATCH}). */
  trainBatch: number;
  data: DataSetName;
  /** Shape of one input sample. */
  sampleShape: number[];
  /** dtype of the input tensor: token ids are int32, as a user would pass them to an Embedding. */
  inputDtype: 'float32' | 'int32';
  /** Values per label row: 10 (one-hot classes) or 1 (a binary label). */
  labelSize: number;
  loss: 'categoricalCrossentropy' | 'binaryCrossentropy';
}

/** Text classifier sizes: vocabulary, embedding width, sequence length. */
export const TEXT = {vocab: 5000, embedDim: 32, length: 100} as const;
/** MobileNetV2 inverted residual block sizes: input feature map and expansion factor. */
export const BLOCK = {size: 32, channels: 16, expansion: 6} as const;

export const MODEL_SPEC: Record<ModelName, ModelSpec> = {
  'mlp': {label: 'MLP 784-512-256-10, batch 128', trainBatch: 128, data: 'mnist', sampleShape: [784],
    inputDtype: 'float32', labelSize: 10, loss: 'categoricalCrossentropy'},
  'cnn': {label: 'CNN conv32-pool-conv64-pool-dense128-10, batch 64', trainBatch: 64, data: 'mnist', sampleShape: [28, 28, 1],
    inputDtype: 'float32', labelSize: 10, loss: 'categoricalCrossentropy'},
  'mobilenet-block': {label: 'MobileNetV2 block 32×32×16, expand 6, dw 3×3, BN, ReLU6, residual, batch 32', trainBatch: 32,
    data: 'feature-maps', sampleShape: [BLOCK.size, BLOCK.size, BLOCK.channels], inputDtype: 'float32', labelSize: 10,
    loss: 'categoricalCrossentropy'},
  'text-classifier': {label: 'Embedding 5000×32-GAP1D-16-1 on 100 tokens, batch 128', trainBatch: 128, data: 'token-sequences',
    sampleShape: [TEXT.length], inputDtype: 'int32', labelSize: 1, loss: 'binaryCrossentropy'},
};

export const PREDICT_BATCH = 256;
export const LEARNING_RATE = 1e-3;

export const FRAMEWORK_LABEL: Record<Framework, string> = {tfjs: 'tfjs-layers', stratum: 'Stratum'};
export const MODEL_LABEL: Record<ModelName, string> = {
  'mlp': MODEL_SPEC.mlp.label,
  'cnn': MODEL_SPEC.cnn.label,
  'mobilenet-block': MODEL_SPEC['mobilenet-block'].label,
  'text-classifier': MODEL_SPEC['text-classifier'].label,
};

/** Elements of one sample of `shape` (the product of its dimensions). */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Everything a worker needs besides framework, model and backend (passed as `--key value` flags). */
export interface WorkerSettings {
  /** Folder holding the data files written by `data.ts`. */
  dataDir: string;
  /** Target duration of the timed training run, seconds. */
  trainSeconds: number;
  /** Target duration of the timed prediction run, seconds. */
  predictSeconds: number;
  /** Warm-up training steps (full batches) before timing; fewer when one step is already slow. */
  warmupSteps: number;
  /** Upper bound on timed training steps. */
  maxSteps: number;
}

/** A timed measurement, or the error that stopped it. */
export type Measurement =
  | {ok: true; samples: number; seconds: number; samplesPerSecond: number; steps: number;
     /** CPU time (user + system, all threads) of the worker during the timed run; ≈ seconds on an idle machine. */
     cpuSeconds: number;
     /** Tensors alive after minus before the timed run (0 for a leak-free framework). */
     tensorDelta: number}
  | {ok: false; error: string};

export interface WorkerResult {
  framework: Framework;
  model: ModelName;
  /** The backend asked for. */
  backend: BackendChoice;
  /** The backend actually in use, as the framework reports it. */
  activeBackend: string;
  train: Measurement;
  predict: Measurement;
  /** How training was warmed up (null when the warm-up itself failed). */
  warmup: Warmup | null;
}

export interface Warmup {
  /** Full-batch warm-up steps run (after one mini-batch fit). */
  fullSteps: number;
  /** Size of the mini-batch of the first warm-up fit. */
  miniBatch: number;
  /** Mean duration of the full warm-up steps, or the full step extrapolated from the mini-batch, seconds. */
  stepSeconds: number;
  /** A step is so slow (> 10 s) that exactly one is timed. */
  slow: boolean;
}

/** The message a worker sends its parent over the IPC channel. */
export type WorkerMessage = {kind: 'result'; result: WorkerResult} | {kind: 'fatal'; error: string};

export function isFramework(v: string): v is Framework {
  return (FRAMEWORKS as readonly string[]).includes(v);
}
export function isModel(v: string): v is ModelName {
  return (MODELS as readonly string[]).includes(v);
}
export function isBackend(v: string): v is BackendChoice {
  return (BACKENDS as readonly string[]).includes(v);
}

/** One line for an error, without its stack. */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? `${e.name === 'Error' ? '' : e.name + ': '}${e.message}` : String(e);
  const line = msg.split('\n')[0] ?? msg;
  return line.length > 160 ? line.slice(0, 157) + '...' : line;
}
