/**
 * The shared layer test (STYLE §4): one call checks build, output shape, weight names and shapes,
 * config and JSON round trip (same outputs after copying weights), one training step, the input
 * gradient against a numeric gradient, the same output and weight gradients on cpu and wasm, and that
 * nothing leaks.
 */
import {getBackend, lookupClass, memory, ops, setBackend, tidy} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {expectClose, numericGradient} from '@stratum/core/testing';
import type {Layer} from '../engine/layer.js';
import type {Shape} from '../engine/shape.js';
import {registerLayers} from '../register.js';

export interface LayerTestSpec {
  /** Makes a fresh layer (called more than once). */
  create: () => Layer | Layer<Tensor[], Tensor>;
  /** Concrete input shape, batch included; for a layer taking a list of inputs, one shape per input. */
  inputShape: number[] | number[][];
  /** Expected output shape for that input. */
  expectedOutputShape: number[];
  /** Expected weights, in order: paths inside the layer (`kernel`; `dense/kernel` for a sub-layer's) and shapes. */
  expectedWeights?: {name: string; shape: number[]}[];
  /** Number of trainable weights (default: all expected weights). */
  expectedTrainable?: number;
  /** Check d(loss)/d(input) against central differences (default true). */
  checkInputGradient?: boolean;
  /** Tolerances for the gradient check. */
  gradientTolerance?: {atol: number; rtol: number};
  /** Inputs are drawn uniformly from this range (default [-1, 1]). */
  inputRange?: [number, number];
  /**
   * Whether the cross-backend check (same output and weight gradients on cpu and wasm) runs the layer in
   * training mode (default true). Layers whose training-mode output is random set it false: their
   * inference-mode output and gradients are compared instead.
   */
  crossBackendTraining?: boolean;
}

function fail(msg: string): never {
  throw new Error(`runLayerTest: ${msg}`);
}

/** A layer's input in the harness: one tensor, or a list for layers that take several. */
type Input = Tensor | Tensor[];
const inputsOf = (x: Input): Tensor[] => (Array.isArray(x) ? x : [x]);
const asInput = (like: Input, xs: Tensor[]): Input => (Array.isArray(like) ? xs : (xs[0] as Tensor));
/** Calls the layer on one tensor or a list (the harness's layers take either). */
const applyTo = (layer: Layer, x: Input, training = false): Tensor => (layer as unknown as {apply(x: Input, o: {training: boolean}): Tensor}).apply(x, {training});

function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function checkWeights(layer: Layer, spec: LayerTestSpec): void {
  if (spec.expectedWeights === undefined) return;
  const ws = layer.weights;
  // A weight's path inside the layer: `kernel`, or `dense/kernel` for a sub-layer's.
  const inside = (path: string): string => (path.startsWith(`${layer.name}/`) ? path.slice(layer.name.length + 1) : path);
  const got = ws.map((w) => `${inside(w.path)}${JSON.stringify(w.shape)}`).join(', ');
  const want = spec.expectedWeights.map((w) => `${w.name}${JSON.stringify(w.shape)}`).join(', ');
  if (got !== want) fail(`weights are [${got}], expected [${want}]`);
  ws.forEach((w) => (w.path.startsWith(`${layer.name}/`) && w.path.endsWith(`/${w.name}`)) || fail(`weight path ${w.path}, expected ${layer.name}/.../${w.name}`));
  const trainable = spec.expectedTrainable ?? spec.expectedWeights.length;
  if (layer.trainableWeights.length !== trainable) fail(`${layer.trainableWeights.length} trainable weights, expected ${trainable}`);
}

async function checkRoundTrip(layer: Layer, x: Input, y: Tensor): Promise<void> {
  const cls = layer.constructor as unknown as {className: string};
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as ConfigDict;
  const Cls = lookupClass('layer', cls.className);
  const copy = (typeof Cls.fromConfig === 'function' ? Cls.fromConfig(config) : new Cls(config as never)) as Layer;
  const again = JSON.stringify(copy.getConfig());
  if (again !== JSON.stringify(config)) fail(`config changed through fromConfig: ${JSON.stringify(config)} -> ${again}`);
  const zeros = inputsOf(x).map((t) => ops.zerosLike(t));
  applyTo(copy, asInput(x, zeros)).dispose();
  ops.dispose(zeros);
  const ws = layer.getWeights();
  copy.setWeights(ws);
  ops.dispose(ws);
  const y2 = applyTo(copy, x);
  await expectClose(y2, y, 1e-5, 1e-5);
  if (!inputsOf(x).includes(y2)) y2.dispose();
  copy.dispose();
}

async function checkTrainingStep(layer: Layer, x: Input): Promise<void> {
  const vars = layer.trainableWeights;
  if (vars.length === 0) return;
  const {value, grads} = ops.variableGrads(() => ops.sum(ops.square(applyTo(layer, x, true))) as never, vars.map((v) => v.value));
  for (const v of vars) {
    const g = grads[v.value.name];
    if (g === undefined || !sameShape(g.shape, v.shape)) fail(`no gradient of the right shape for ${v.path}`);
    const allFinite = tidy(() => ops.all(ops.isFinite(g)));
    const finite = await allFinite.data();
    allFinite.dispose();
    if (finite[0] !== 1) fail(`gradient of ${v.path} is not finite`);
  }
  ops.dispose([value, ...Object.values(grads)]);
}

async function checkInputGradient(layer: Layer, x: Input, spec: LayerTestSpec): Promise<void> {
  const probe = tidy(() => ops.randomUniform(spec.expectedOutputShape, -1, 1, 'float32', 7));
  const xs = inputsOf(x);
  // One input at a time, the others held fixed.
  for (let i = 0; i < xs.length; i++) {
    const f = (t: Tensor): Tensor => ops.sum(ops.mul(applyTo(layer, asInput(x, xs.map((o, j) => (j === i ? t : o)))), probe));
    const analytic = tidy(() => ops.grad(f)(xs[i] as Tensor));
    const numeric = await numericGradient(f, xs[i] as Tensor, 1e-2);
    const tol = spec.gradientTolerance ?? {atol: 2e-2, rtol: 5e-2};
    await expectClose(analytic, Array.from(numeric), tol.atol, tol.rtol);
    analytic.dispose();
  }
  probe.dispose();
}

/** Output and weight gradients of `sum(y * probe)` on the active backend, read back. */
async function outputAndGradients(layer: Layer, x: Input, probe: Tensor, training: boolean): Promise<Float32Array[]> {
  const vars = layer.trainableWeights;
  const y = applyTo(layer, x, training);
  const out = Float32Array.from(await y.data());
  if (!inputsOf(x).includes(y)) y.dispose();
  if (vars.length === 0) return [out];
  const {value, grads} = ops.variableGrads(() => ops.sum(ops.mul(applyTo(layer, x, training), probe)) as never, vars.map((v) => v.value));
  const read: Float32Array[] = [out];
  for (const v of vars) read.push(Float32Array.from(await (grads[v.value.name] as Tensor).data()));
  ops.dispose([value, ...Object.values(grads)]);
  return read;
}

/**
 * The same output and weight gradients on cpu and on wasm (DESIGN: same results on each backend), within
 * float32 tolerance. The layer's weights move between backends as tfjs moves any tensor.
 */
async function checkAcrossBackends(layer: Layer, x: Input, spec: LayerTestSpec): Promise<void> {
  const original = getBackend();
  const training = spec.crossBackendTraining ?? true;
  const probe = tidy(() => ops.randomUniform(spec.expectedOutputShape, -1, 1, 'float32', 11));
  try {
    await setBackend('cpu');
    const onCpu = await outputAndGradients(layer, x, probe, training);
    await setBackend('wasm');
    const onWasm = await outputAndGradients(layer, x, probe, training);
    const what = ['output', ...layer.trainableWeights.map((v) => `gradient of ${v.path}`)];
    onCpu.forEach((a, k) => {
      const b = onWasm[k] as Float32Array;
      const scale = a.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
      a.forEach((v, i) => {
        const d = Math.abs(v - (b[i] as number));
        if (!(d <= 1e-4 * scale + 1e-5)) fail(`${what[k]} differs between cpu and wasm at ${i}: ${v} vs ${b[i]}`);
      });
    });
  } finally {
    probe.dispose();
    await setBackend(original as 'cpu');
  }
}

/** Runs every shared check on one layer configuration. Call it inside a mocha `it`. */
export async function runLayerTest(spec: LayerTestSpec): Promise<void> {
  registerLayers();
  const before = memory().numTensors;
  const [lo, hi] = spec.inputRange ?? [-1, 1];
  const several = Array.isArray(spec.inputShape[0]);
  const shapes = (several ? spec.inputShape : [spec.inputShape]) as number[][];
  const xs = shapes.map((sh, i) => ops.randomUniform(sh, lo, hi, 'float32', 42 + i));
  const x: Input = several ? xs : (xs[0] as Tensor);
  const layer = spec.create() as Layer; // called through applyTo, which takes one tensor or a list
  const symbolic = shapes.map((sh) => [null, ...sh.slice(1)] as Shape);
  const symbolicShape = layer.computeOutputShape(several ? symbolic : (symbolic[0] as Shape)) as Shape;
  const y = applyTo(layer, x);
  if (!sameShape(y.shape, spec.expectedOutputShape)) fail(`output shape [${y.shape}], expected [${spec.expectedOutputShape}]`);
  if (!sameShape(symbolicShape, [null, ...spec.expectedOutputShape.slice(1)])) {
    fail(`computeOutputShape gave ${JSON.stringify(symbolicShape)}, expected [null, ${spec.expectedOutputShape.slice(1)}]`);
  }
  checkWeights(layer, spec);
  await checkRoundTrip(layer, x, y);
  await checkTrainingStep(layer, x);
  if (spec.checkInputGradient ?? true) await checkInputGradient(layer, x, spec);
  await checkAcrossBackends(layer, x, spec);
  const again = applyTo(layer, x);
  if (!xs.includes(again)) again.dispose();
  ops.dispose([...xs, y]);
  layer.dispose();
  const after = memory().numTensors;
  if (after !== before) fail(`${after - before} tensors leaked`);
}
