/** Command-line options of `npm run bench` (`node bench/dist/run.js`). */
import {BACKENDS, MODELS, isBackend, isModel} from './protocol.js';
import type {BackendChoice, ModelName} from './protocol.js';

export interface BenchOptions {
  models: ModelName[];
  backends: BackendChoice[];
  /** A/B pairs per (model, backend). */
  repeats: number;
  /** Pairs for a (model, backend) whose single training step takes longer than the training budget. */
  slowRepeats: number;
  trainSeconds: number;
  predictSeconds: number;
  warmupSteps: number;
  /** Kill a worker that runs longer than this, seconds. */
  timeoutSeconds: number;
  randomData: boolean;
  /** Also write the raw results here as JSON. */
  jsonPath: string | null;
  /** Pass the workers' own output through. */
  verbose: boolean;
  quick: boolean;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick                 one A/B pair per case and shorter timings (a fast check, ~2-3 min)
  --only MODELS           models to run, comma-separated: mlp, cnn, mobilenet-block, text-classifier (default: all)
  --backends wasm,cpu     backends to run, comma-separated (default: wasm,cpu)
  --repeats N             A/B pairs per case (default 3; --quick: 1)
  --slow-repeats N        pairs for cases whose single training step exceeds the budget (default 1)
  --train-seconds S       target length of one timed training run (default 5; --quick: 2.5)
  --predict-seconds S     target length of one timed prediction run (default 2; --quick: 1)
  --warmup-steps N        warm-up training steps before timing (default 2)
  --timeout S             kill a run that takes longer than S seconds (default 600)
  --random-data           random inputs of MNIST's shapes instead of the MNIST digits
  --json FILE             also write every run's raw result to FILE
  --verbose               show the workers' own output
  --help`;

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number, got ${String(value)}`);
  return n;
}

function list<T extends string>(name: string, value: string | undefined, ok: (v: string) => v is T, all: readonly T[]): T[] {
  const items = (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  const bad = items.filter((v) => !ok(v));
  if (items.length === 0 || bad.length > 0) throw new Error(`${name} expects a comma-separated subset of ${all.join(', ')}, got ${String(value)}`);
  return [...new Set(items.filter(ok))];
}

/** Parses `argv` (without node and the script). Throws on an unknown or malformed option. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const quick = argv.includes('--quick');
  const o: BenchOptions = {
    models: [...MODELS], backends: [...BACKENDS], repeats: quick ? 1 : 3, slowRepeats: 1,
    trainSeconds: quick ? 2.5 : 5, predictSeconds: quick ? 1 : 2, warmupSteps: 2, timeoutSeconds: 600,
    randomData: false, jsonPath: null, verbose: false, quick,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--quick': break;
      case '--only': o.models = list('--only', value(), isModel, MODELS); break;
      case '--backends': case '--backend': o.backends = list('--backends', value(), isBackend, BACKENDS); break;
      case '--repeats': o.repeats = Math.round(positive(flag, value())); break;
      case '--slow-repeats': o.slowRepeats = Math.round(positive(flag, value())); break;
      case '--train-seconds': o.trainSeconds = positive(flag, value()); break;
      case '--predict-seconds': o.predictSeconds = positive(flag, value()); break;
      case '--warmup-steps': o.warmupSteps = Math.round(positive(flag, value())); break;
      case '--timeout': o.timeoutSeconds = positive(flag, value()); break;
      case '--random-data': o.randomData = true; break;
      case '--json': o.jsonPath = value() ?? null; break;
      case '--verbose': o.verbose = true; break;
      default: throw new Error(`unknown option ${arg}`);
    }
  }
  return o;
}
