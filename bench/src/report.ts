/**
 * Turns the workers' results into the markdown report: the comparison table (medians over the repeats),
 * the targets check, and per-run details.
 */
import type {BackendChoice, Framework, Measurement, ModelName, WorkerResult} from './protocol.js';
import {FRAMEWORK_LABEL, MODEL_LABEL} from './protocol.js';

/** A measured rate, or the error that prevented it, or nothing (not run). */
export type Rate = {ok: true; value: number; all: number[]} | {ok: false; error: string; crashed: boolean} | null;

export interface Case {
  model: ModelName;
  backend: BackendChoice;
}

/** Everything a run produced for one (case, framework); `fatal` collects crashed runs. */
export interface Runs {
  results: WorkerResult[];
  fatal: string[];
}

export type RunTable = Map<string, Runs>;

export function runKey(c: Case, framework: Framework): string {
  return `${c.model}/${c.backend}/${framework}`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Median rate over the runs; an error when no run produced a number. */
export function rateOf(runs: Runs | undefined, which: 'train' | 'predict'): Rate {
  if (runs === undefined || (runs.results.length === 0 && runs.fatal.length === 0)) return null;
  const ms: Measurement[] = runs.results.map((r) => r[which]);
  const values = ms.flatMap((m) => (m.ok ? [m.samplesPerSecond] : []));
  if (values.length > 0) return {ok: true, value: median(values), all: values};
  const thrown = ms.find((m): m is {ok: false; error: string} => !m.ok)?.error;
  return thrown !== undefined ? {ok: false, error: thrown, crashed: false} : {ok: false, error: runs.fatal[0] ?? 'no result', crashed: true};
}

/** 12,345 / 1,234 / 123 / 12.3 / 1.23 / 0.123 */
export function formatRate(v: number): string {
  if (v >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/`/g, "'");
}

/** tfjs's message when a backend has no kernel for an op (e.g. a gradient the wasm backend lacks). */
const MISSING_KERNEL = /Kernel '[^']+' not registered for backend/;

/** `crashed` (the worker died), `unsupported` (a missing kernel) or `throws` (any other error). */
export function failureKind(error: string, crashed: boolean): 'crashed' | 'unsupported' | 'throws' {
  if (crashed) return 'crashed';
  return MISSING_KERNEL.test(error) ? 'unsupported' : 'throws';
}

function cell(r: Rate): string {
  if (r === null) return 'not run';
  return r.ok ? formatRate(r.value) : escapeCell(`${failureKind(r.error, r.crashed)}: ${r.error}`);
}

function ratioCell(stratum: Rate, tfjs: Rate): string {
  if (stratum?.ok === true && tfjs?.ok === true) return `${(stratum.value / tfjs.value).toFixed(2)}×`;
  if (stratum?.ok === true && tfjs?.ok === false) return 'only Stratum trains';
  return '—';
}

export function comparisonTable(cases: Case[], runs: RunTable): string {
  const lines = [
    '| model | backend | tfjs-layers train samples/s | Stratum train samples/s | ratio | tfjs-layers predict/s | Stratum predict/s |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const c of cases) {
    const t = runs.get(runKey(c, 'tfjs'));
    const s = runs.get(runKey(c, 'stratum'));
    lines.push(`| ${MODEL_LABEL[c.model]} | ${c.backend} | ${cell(rateOf(t, 'train'))} | ${cell(rateOf(s, 'train'))} | ` +
      `${ratioCell(rateOf(s, 'train'), rateOf(t, 'train'))} | ${cell(rateOf(t, 'predict'))} | ${cell(rateOf(s, 'predict'))} |`);
  }
  return lines.join('\n');
}

type Verdict = 'PASS' | 'FAIL' | 'n/a';

function ratioTarget(label: string, stratum: Rate, reference: Rate, factor: number, refLabel: string): [Verdict, string] {
  if (stratum === null || reference === null) return ['n/a', `${label}: not measured in this run (needs ${refLabel})`];
  if (!stratum.ok) return ['FAIL', `${label}: Stratum throws (${stratum.error})`];
  if (!reference.ok) return ['n/a', `${label}: the reference (${refLabel}) throws (${reference.error})`];
  const ratio = stratum.value / reference.value;
  return [ratio >= factor ? 'PASS' : 'FAIL',
    `${label}: ${formatRate(stratum.value)} vs ${formatRate(reference.value)} samples/s = ${ratio.toFixed(1)}× (target ≥ ${factor}×)`];
}

function notSlower(cases: Case[], runs: RunTable): [Verdict, string] {
  const problems: string[] = [];
  let compared = 0;
  for (const c of cases) {
    for (const which of ['train', 'predict'] as const) {
      const s = rateOf(runs.get(runKey(c, 'stratum')), which);
      const t = rateOf(runs.get(runKey(c, 'tfjs')), which);
      if (s === null || t === null) continue;
      compared++;
      const where = `${c.model} ${c.backend} ${which}`;
      if (!s.ok && t.ok) problems.push(`${where}: Stratum throws, tfjs-layers does not`);
      else if (!s.ok) problems.push(`${where}: both throw`);
      else if (t.ok && s.value < t.value) problems.push(`${where}: ${(s.value / t.value).toFixed(2)}×`);
    }
  }
  if (compared === 0) return ['n/a', 'Nothing slower than tfjs-layers: nothing measured'];
  return problems.length === 0
    ? ['PASS', `Nothing slower than tfjs-layers: Stratum ≥ tfjs-layers in all ${compared} train/predict comparisons`]
    : ['FAIL', `Nothing slower than tfjs-layers: ${problems.join('; ')}`];
}

/** Stratum trains every case it ran (the issue: every layer trains on every backend). */
function stratumTrainsAll(cases: Case[], runs: RunTable): [Verdict, string] {
  const failed = cases.flatMap((c) => {
    const s = rateOf(runs.get(runKey(c, 'stratum')), 'train');
    return s !== null && !s.ok ? [`${c.model} ${c.backend}: ${failureKind(s.error, s.crashed)}: ${s.error}`] : [];
  });
  const ran = cases.filter((c) => rateOf(runs.get(runKey(c, 'stratum')), 'train') !== null).length;
  if (ran === 0) return ['n/a', 'Stratum trains every case: nothing measured'];
  return failed.length === 0 ? ['PASS', `Stratum trains every case: all ${ran} (model, backend) pairs`]
    : ['FAIL', `Stratum trains every case: ${failed.join('; ')}`];
}

export function targetsCheck(cases: Case[], runs: RunTable): string {
  const get = (model: ModelName, backend: BackendChoice, f: Framework, which: 'train' | 'predict'): Rate =>
    rateOf(runs.get(runKey({model, backend}, f)), which);
  const has = (model: ModelName): boolean => cases.some((c) => c.model === model);
  const checks: [Verdict, string][] = [
    ...(!has('mlp') ? [] : [ratioTarget('MLP training on wasm ≥ 3× tfjs-layers (MLP, wasm)', get('mlp', 'wasm', 'stratum', 'train'),
      get('mlp', 'wasm', 'tfjs', 'train'), 3, 'the MLP on wasm')]),
    ...(!has('cnn') ? [] : [ratioTarget('CNN training on wasm ≥ 100× tfjs-layers\' CNN on cpu', get('cnn', 'wasm', 'stratum', 'train'),
      get('cnn', 'cpu', 'tfjs', 'train'), 100, 'the CNN on wasm and on cpu')]),
    stratumTrainsAll(cases, runs),
    notSlower(cases, runs),
  ];
  return checks.map(([v, text]) => `- **${v}** ${escapeCell(text)}`).join('\n');
}

function describeMeasurement(m: Measurement): string {
  if (!m.ok) return `${failureKind(m.error, false)}: ${m.error}`;
  const leak = m.tensorDelta === 0 ? '' : `, tensors ${m.tensorDelta > 0 ? '+' : ''}${m.tensorDelta}`;
  const busy = m.cpuSeconds / m.seconds < BUSY ? ', contended' : '';
  return `${formatRate(m.samplesPerSecond)}/s (${m.samples} samples, ${m.steps} batches, ${m.seconds.toFixed(2)} s, ` +
    `cpu ${m.cpuSeconds.toFixed(2)} s = ${formatRate(m.samples / m.cpuSeconds)}/cpu-s${busy}${leak})`;
}

/** A timed run that got less than this share of a core (CPU time / wall time) was slowed by other processes. */
const BUSY = 0.85;

/**
 * A warning when timed runs got much less than a core (other processes on the machine): the frameworks
 * are single-threaded here, so on an idle machine CPU time ≈ wall time.
 */
export function contention(order: WorkerResult[]): string | null {
  const timed = order.flatMap((r) => [r.train, r.predict]).flatMap((m) => (m.ok ? [m] : []));
  const busy = timed.filter((m) => m.cpuSeconds / m.seconds < BUSY);
  if (busy.length === 0) return null;
  const share = busy.reduce((sum, m) => sum + m.cpuSeconds / m.seconds, 0) / busy.length;
  return `> **Busy machine:** ${busy.length} of ${timed.length} timed runs got less than ${BUSY * 100}% of a core ` +
    `(${Math.round(100 * share)}% on average; CPU time / wall time, ≈100% when idle): other processes were competing, ` +
    'so those figures are low and noisy (marked "contended" in the list of runs, which also gives samples per CPU-second). ' +
    'The alternation spreads the noise over both frameworks; re-run on a quiet machine to compare small differences.';
}

/** One line per run, in the order they ran. */
export function details(order: WorkerResult[], fatal: string[]): string {
  const lines = order.map((r) => `- ${r.model} ${r.backend} ${FRAMEWORK_LABEL[r.framework]} (backend in use: ${r.activeBackend}): ` +
    `train ${describeMeasurement(r.train)}; predict ${describeMeasurement(r.predict)}` +
    (r.warmup === null ? '' : `; warm-up: 1 fit of ${r.warmup.miniBatch} samples + ${r.warmup.fullSteps} full batch(es), ` +
      `step ≈ ${r.warmup.stepSeconds.toFixed(2)} s${r.warmup.slow ? ' (slow: one step timed)' : ''}`));
  return [...lines, ...fatal.map((f) => `- crashed: ${f}`)].map(escapeCell).join('\n');
}
