/**
 * What `compile` resolves: the optimizer, one loss (and weight) per model output, the metrics per
 * output (with `'accuracy'` resolved to its binary/categorical/sparse form as Keras does), and the
 * trackers that turn batches into epoch logs.
 */
import {Logs, Loss, Metric, ValueError, describe, losses, metrics, optimizers} from '@stratum/core';
import type {Variable} from '@stratum/core';
import type {LossIdentifier, MetricIdentifier, Optimizer, OptimizerIdentifier, Tensor} from '@stratum/core';

export interface CompileArgs {
  /** `'sgd'`, `'adam'`, or an optimizer instance. */
  optimizer: OptimizerIdentifier;
  /** One loss for every output, a list (one per output) or a record keyed by output name. */
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Metric names or objects, for every output, or a record keyed by output name. */
  metrics?: MetricIdentifier[] | Record<string, MetricIdentifier[]>;
  /** Weights of each output's loss in the total (list or record). Default 1 each. */
  lossWeights?: number[] | Record<string, number>;
}

function perOutput<T>(value: T | T[] | Record<string, T>, names: readonly string[], what: string, isLeaf: (v: unknown) => boolean, missing?: () => T): T[] {
  if (isLeaf(value)) return names.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== names.length) throw new ValueError(`compile: ${what} has ${value.length} entries but the model has ${names.length} outputs (${names.join(', ')})`);
    return value;
  }
  const rec = value as Record<string, T>;
  const unknown = Object.keys(rec).filter((k) => !names.includes(k));
  if (unknown.length > 0) throw new ValueError(`compile: ${what} names unknown outputs ${describe(unknown)}; outputs are ${describe(names)}`);
  return names.map((n) => {
    if (Object.hasOwn(rec, n)) return rec[n] as T;
    if (missing !== undefined) return missing();
    throw new ValueError(`compile: ${what} has no entry for output ${describe(n)}`);
  });
}

const isLossLeaf = (v: unknown): boolean => typeof v === 'string' || v instanceof Loss || (typeof v === 'object' && v !== null && 'className' in v);

export class CompiledState {
  readonly optimizer: Optimizer;
  readonly losses: Loss[];
  readonly lossWeights: number[];
  /** Metric identifiers per output, resolved to objects on first use (shapes decide 'accuracy'). */
  private readonly metricIds: MetricIdentifier[][];
  metrics: Metric[][] | null = null;
  /** The log name of each metric, parallel to `metrics` (a user's metric object is never renamed). */
  private metricLogNames: string[][] = [];
  /** Metric objects the user passed in: reset, never disposed or renamed by us. */
  private readonly userMetrics = new Set<Metric>();
  /** True when compile created the optimizer (from a name or config), so the model may dispose it. */
  ownsOptimizer: boolean;
  /** Set after the first train step (when a model built on first use has its weights). */
  firstStepDone = false;
  /** Weights already reported as getting no gradient (warned once each). */
  readonly warnedNoGradient = new Set<Variable>();
  readonly lossTracker: metrics.Mean;
  readonly outputLossTrackers: metrics.Mean[];
  readonly args: CompileArgs;

  constructor(args: CompileArgs, readonly outputNames: readonly string[]) {
    if (args === undefined || args === null || typeof args !== 'object') throw new ValueError(`compile: expected {optimizer, loss, metrics?}, received ${describe(args)}`);
    if (args.loss === undefined) throw new ValueError('compile: loss is required (e.g. loss: "categoricalCrossentropy")');
    this.args = args;
    this.optimizer = optimizers.getOptimizer(args.optimizer ?? 'rmsprop');
    this.ownsOptimizer = this.optimizer !== args.optimizer;
    this.losses = perOutput(args.loss, outputNames, 'loss', isLossLeaf).map((l) => losses.getLoss(l));
    this.lossWeights = args.lossWeights === undefined ? outputNames.map(() => 1) : perOutput(args.lossWeights, outputNames, 'lossWeights', (v) => typeof v === 'number');
    const m = args.metrics ?? [];
    // As Keras 3 (keras/src/trainers/compile_utils.py CompileMetrics), a dict may name only some outputs.
    this.metricIds = Array.isArray(m) ? outputNames.map(() => m) : perOutput(m as Record<string, MetricIdentifier[]>, outputNames, 'metrics', () => false, () => []);
    checkMetricObjectsOncePerOutput(this.metricIds, outputNames);
    // Resolve eagerly so unknown names fail at compile time; 'accuracy' is re-resolved on first use.
    // (A metric object given by the user is returned as is by getMetric: it must not be disposed here.)
    this.metricIds.forEach((ids) => ids.forEach((id) => {
      if (isAccuracyName(id)) return;
      const probe = metrics.getMetric(id);
      if (probe !== id) probe.dispose();
    }));
    // Trackers hold tensors: made last, so a compile refused above leaves nothing behind.
    this.lossTracker = new metrics.Mean({name: 'loss'});
    this.outputLossTrackers = outputNames.length > 1 ? outputNames.map((n) => new metrics.Mean({name: `${n}_loss`})) : [];
  }

  /** Metric objects per output, created on first use from the shapes of targets and predictions. */
  ensureMetrics(ys: readonly Tensor[], preds: readonly Tensor[]): Metric[][] {
    if (this.metrics === null) {
      const multi = this.outputNames.length > 1;
      const logNames: string[][] = [];
      this.metrics = this.metricIds.map((ids, o) => {
        const names: string[] = [];
        logNames.push(names);
        return ids.map((id) => {
          const m = isAccuracyName(id) ? this.accuracyFor(id as string, ys[o] as Tensor, preds[o] as Tensor, o) : metrics.getMetric(id);
          // As in Keras, a metric given by name logs under that name ('mae', not 'mean_absolute_error').
          const base = typeof id === 'string' ? id : m.name;
          const name = multi ? `${this.outputNames[o]}_${base}` : base;
          names.push(name);
          if (m === id) {
            // A user's object may hold state from earlier use (another compile): start it fresh.
            this.userMetrics.add(m);
            m.reset();
          }
          else if (m.name !== name) renamed(m, name);
          return m;
        });
      });
      this.metricLogNames = logNames;
    }
    return this.metrics;
  }

  private accuracyFor(name: string, yTrue: Tensor, yPred: Tensor, output: number): Metric {
    const loss = this.losses[output];
    const last = yPred.shape[yPred.rank - 1];
    if (loss instanceof losses.BinaryCrossentropy || last === 1) return new metrics.BinaryAccuracy({name});
    if (loss instanceof losses.SparseCategoricalCrossentropy || yTrue.rank < yPred.rank || yTrue.shape[yTrue.rank - 1] === 1) {
      return new metrics.SparseCategoricalAccuracy({name});
    }
    return new metrics.CategoricalAccuracy({name});
  }

  /** Every tracker and metric, in log order: loss, per-output losses, metrics. */
  allMetrics(): Metric[] {
    return [this.lossTracker, ...this.outputLossTrackers, ...(this.metrics ?? []).flat()];
  }

  /** Log names in order (before the first batch, 'accuracy' keeps the name the user gave). */
  metricNames(): string[] {
    const multi = this.outputNames.length > 1;
    const names = this.metricIds.flatMap((ids, o) => ids.map((id) => {
      const base = typeof id === 'string' ? id : id instanceof Metric || id instanceof Loss ? id.name : String(id.className);
      return multi ? `${this.outputNames[o]}_${base}` : base;
    }));
    return ['loss', ...this.outputLossTrackers.map((t) => t.name), ...names];
  }

  /** Every tracker's and metric's current result, as lazy logs (nothing is read back yet). */
  resultLogs(): Logs {
    const names = [this.lossTracker.name, ...this.outputLossTrackers.map((t) => t.name), ...this.metricLogNames.flat()];
    return new Logs(Object.fromEntries(this.allMetrics().map((m, i) => [names[i] as string, m.result()])));
  }

  resetMetrics(): void {
    for (const m of this.allMetrics()) m.reset();
  }

  /** Frees the metric state we created (the optimizer may be reused by a later compile, so it is kept). */
  dispose(): void {
    for (const m of this.allMetrics()) if (!this.userMetrics.has(m)) m.dispose();
  }
}

function isAccuracyName(id: MetricIdentifier): boolean {
  return id === 'accuracy' || id === 'acc';
}

/** A metric object holds one running state: used for two outputs it would mix them (pass one per output). */
function checkMetricObjectsOncePerOutput(ids: readonly MetricIdentifier[][], outputNames: readonly string[]): void {
  const seen = new Map<Metric, string>();
  ids.forEach((list, o) => list.forEach((id) => {
    if (!(id instanceof Metric)) return;
    const first = seen.get(id);
    const here = outputNames[o] as string;
    if (first !== undefined) {
      throw new ValueError(`compile: the metric object ${describe(id.name)} is used for outputs ${describe(first)} and ${describe(here)}; pass a separate metric object for each output (e.g. metrics: {${first}: [new MeanAbsoluteError()], ${here}: [new MeanAbsoluteError()]}) or the metric's name`);
    }
    seen.set(id, here);
  }));
}

function renamed(m: Metric, name: string): Metric {
  Object.defineProperty(m, 'name', {value: name});
  return m;
}
