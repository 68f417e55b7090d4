/**
 * `npm run bench`: Stratum against tfjs-layers, same models, data and backend, each run in a fresh
 * process, the two frameworks alternating (tfjs-layers, Stratum, tfjs-layers, Stratum, …) so that both
 * meet the same machine noise. Prints a markdown report on stdout and progress on stderr.
 * See bench/README.md.
 */
import {fork} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {availableParallelism, cpus, tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {writeData} from './data.js';
import {USAGE, parseOptions} from './options.js';
import type {BenchOptions} from './options.js';
import {FRAMEWORKS, FRAMEWORK_LABEL, MODEL_LABEL, MODEL_SPEC, errorText} from './protocol.js';
import type {Framework, WorkerMessage, WorkerResult} from './protocol.js';
import {comparisonTable, contention, details, failureKind, formatRate, runKey, targetsCheck} from './report.js';
import type {Case, RunTable} from './report.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.js');

const log = (s: string): void => {
  process.stderr.write(s + '\n');
};

type Outcome = {kind: 'result'; result: WorkerResult} | {kind: 'fatal'; error: string};

/** Runs one worker to completion (or to the timeout) and returns what it reported. */
function runWorker(framework: Framework, c: Case, o: BenchOptions, dataDir: string): Promise<Outcome> {
  const args = [framework, c.model, c.backend, '--data-dir', dataDir, '--train-seconds', String(o.trainSeconds),
    '--predict-seconds', String(o.predictSeconds), '--warmup-steps', String(o.warmupSteps)];
  return new Promise((resolve) => {
    const child = fork(WORKER, args, {stdio: o.verbose ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc']});
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-2000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let outcome: Outcome | null = null;
    const timer = setTimeout(() => {
      outcome ??= {kind: 'fatal', error: `timed out after ${o.timeoutSeconds} s`};
      child.kill('SIGKILL');
    }, o.timeoutSeconds * 1000);
    child.on('message', (m: WorkerMessage) => {
      outcome ??= m;
    });
    child.on('error', (e) => {
      outcome ??= {kind: 'fatal', error: errorText(e)};
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const tail = output.trim().split('\n').slice(-3).join(' / ');
      resolve(outcome ?? {kind: 'fatal', error: `worker exited (${signal ?? code}) without a result${tail === '' ? '' : ': ' + tail}`});
    });
  });
}

function summary(r: WorkerResult): string {
  const m = (x: WorkerResult['train']): string => (x.ok ? `${formatRate(x.samplesPerSecond)}/s` : `${failureKind(x.error, false)} (${x.error})`);
  return `train ${m(r.train)}, predict ${m(r.predict)}`;
}

/** Whether one training step of this case took longer than the whole timing budget in some run. */
function isSlow(results: WorkerResult[], o: BenchOptions): boolean {
  return results.some((r) => r.warmup !== null && (r.warmup.slow || r.warmup.stepSeconds > o.trainSeconds));
}

async function runAll(cases: Case[], o: BenchOptions, dataDir: string): Promise<[RunTable, WorkerResult[], string[]]> {
  const table: RunTable = new Map();
  const order: WorkerResult[] = [];
  const fatal: string[] = [];
  for (const c of cases) for (const f of FRAMEWORKS) table.set(runKey(c, f), {results: [], fatal: []});
  const planned = (c: Case, round: number): boolean => {
    const done = FRAMEWORKS.flatMap((f) => table.get(runKey(c, f))?.results ?? []);
    return round < (isSlow(done, o) ? Math.min(o.slowRepeats, o.repeats) : o.repeats);
  };
  let n = 0;
  for (let round = 0; round < o.repeats; round++) {
    for (const c of cases) {
      if (!planned(c, round)) continue;
      for (const f of FRAMEWORKS) {
        const label = `[round ${round + 1}/${o.repeats}, run ${++n}] ${c.model} ${c.backend} ${FRAMEWORK_LABEL[f]}`;
        const t0 = Date.now();
        const out = await runWorker(f, c, o, dataDir);
        const runs = table.get(runKey(c, f));
        if (out.kind === 'result') {
          runs?.results.push(out.result);
          order.push(out.result);
          log(`${label}: ${summary(out.result)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } else {
          runs?.fatal.push(out.error);
          fatal.push(`${c.model} ${c.backend} ${FRAMEWORK_LABEL[f]}: ${out.error}`);
          log(`${label}: CRASHED: ${out.error}`);
        }
      }
    }
  }
  return [table, order, fatal];
}

function tfjsVersion(): string {
  try {
    return (createRequire(import.meta.url)('@tensorflow/tfjs/package.json') as {version: string}).version;
  } catch {
    return 'unknown';
  }
}

function header(o: BenchOptions, source: string, started: Date, seconds: number): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cmd = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  return [
    `## Stratum vs tfjs-layers (${started.toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    `- Machine: ${availableParallelism()} cores (nproc), ${cpu}; Node ${process.version}; @tensorflow/tfjs ${tfjsVersion()}.`,
    `- Command: \`${cmd}\` (${o.repeats} A/B pair(s) per case${o.slowRepeats < o.repeats ? `, ${o.slowRepeats} for cases whose single training step exceeds the budget` : ''}; ` +
      `~${o.trainSeconds} s timed training and ~${o.predictSeconds} s timed prediction per run; total ${Math.round(seconds)} s).`,
    `- Data: ${source}`,
    '- Training: Adam (lr 1e-3), categorical crossentropy (binary for the text classifier), float32, `fit` with `shuffle: false, verbose: 0` over a fixed ' +
      'number of full batches after warm-up. Prediction: `predict(x, {batchSize: 256})`. Samples per second, median over runs.',
  ].join('\n');
}

async function main(): Promise<void> {
  let parsed: BenchOptions | 'help';
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (e) {
    log(`bench: ${errorText(e)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const o = parsed;
  const started = new Date();
  const cases: Case[] = o.models.flatMap((model) => o.backends.map((backend) => ({model, backend})));
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-'));
  const cleanUp = (): void => rmSync(dataDir, {recursive: true, force: true});
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    log(`Preparing data in ${dataDir} ...`);
    const sources = await writeData(dataDir, o.randomData, o.models.map((m) => MODEL_SPEC[m].data));
    const source = [...sources].map(([set, from]) => `${set}: ${from}`).join('; ') + '.';
    log(`Data: ${source} Cases: ${cases.map((c) => `${c.model}/${c.backend}`).join(', ')}.`);
    const [table, order, fatal] = await runAll(cases, o, dataDir);
    const seconds = (Date.now() - started.getTime()) / 1000;
    const busy = contention(order);
    const report = [header(o, source, started, seconds), '', ...(busy === null ? [] : [busy, '']), comparisonTable(cases, table), '', '### Targets', '',
      targetsCheck(cases, table), '', '<details><summary>Every run</summary>', '', details(order, fatal), '', '</details>'].join('\n');
    console.log(report);
    if (o.jsonPath !== null) {
      writeFileSync(o.jsonPath, JSON.stringify({started: started.toISOString(), options: o, source, results: order, fatal,
        models: Object.fromEntries(cases.map((c) => [c.model, MODEL_LABEL[c.model]]))}, null, 2));
    }
  } finally {
    cleanUp();
  }
}

main().catch((e: unknown) => {
  log(`bench: ${errorText(e)}`);
  process.exitCode = 1;
});
