/**
 * The shared layer test (STYLE §4): one call checks build, output shape, weight names and shapes,
 * config and JSON round trip (same outputs after copying weights), one training step, the input
 * gradient against a numeric gradient, and that nothing leaks.
 */
import {lookupClass, memory, ops, tidy} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {expectClose, numericGradient} from '@stratum/core/testing';
import type {Layer} from '../engine/layer.js';
import type {Shape} from '../engine/shape.js';
import {registerLayers} from '../register.js';

export interface LayerTestSpec {
  /** Makes a fresh layer (called more than once). */
  create: () => Layer;
  /** Concrete input shape, batch included. */
  inputShape: number[];
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
}

function fail(msg: string): never {
  throw new Error(`runLayerTest: ${msg}`);
}

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

async function checkRoundTrip(layer: Layer, x: Tensor, y: Tensor): Promise<void> {
  const cls = layer.constructor as unknown as {className: string};
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as ConfigDict;
  const Cls = lookupClass('layer', cls.className);
  const copy = (typeof Cls.fromConfig === 'function' ? Cls.fromConfig(config) : new Cls(config as never)) as Layer;
  const again = JSON.stringify(copy.getConfig());
  if (again !== JSON.stringify(config)) fail(`config changed through fromConfig: ${JSON.stringify(config)} -> ${again}`);
  const zeros = ops.zerosLike(x);
  (copy.apply(zeros) as Tensor).dispose();
  zeros.dispose();
  const ws = layer.getWeights();
  copy.setWeights(ws);
  ops.dispose(ws);
  const y2 = copy.apply(x) as Tensor;
  await expectClose(y2, y, 1e-5, 1e-5);
  if (y2 !== x) y2.dispose();
  copy.dispose();
}

async function checkTrainingStep(layer: Layer, x: Tensor): Promise<void> {
  const vars = layer.trainableWeights;
  if (vars.length === 0) return;
  const {value, grads} = ops.variableGrads(() => ops.sum(ops.square(layer.apply(x, {training: true}) as Tensor)) as never, vars.map((v) => v.value));
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

async function checkInputGradient(layer: Layer, x: Tensor, spec: LayerTestSpec): Promise<void> {
  const probe = tidy(() => ops.randomUniform(spec.expectedOutputShape, -1, 1, 'float32', 7));
  const f = (input: Tensor): Tensor => ops.sum(ops.mul(layer.apply(input) as Tensor, probe));
  const analytic = tidy(() => ops.grad(f)(x));
  const numeric = await numericGradient(f, x, 1e-2);
  const tol = spec.gradientTolerance ?? {atol: 2e-2, rtol: 5e-2};
  await expectClose(analytic, Array.from(numeric), tol.atol, tol.rtol);
  ops.dispose([probe, analytic]);
}

/** Runs every shared check on one layer configuration. Call it inside a mocha `it`. */
export async function runLayerTest(spec: LayerTestSpec): Promise<void> {
  registerLayers();
  const before = memory().numTensors;
  const [lo, hi] = spec.inputRange ?? [-1, 1];
  const x = ops.randomUniform(spec.inputShape, lo, hi, 'float32', 42);
  const layer = spec.create();
  const symbolicShape = layer.computeOutputShape([null, ...spec.inputShape.slice(1)] as Shape) as Shape;
  const y = layer.apply(x) as Tensor;
  if (!sameShape(y.shape, spec.expectedOutputShape)) fail(`output shape [${y.shape}], expected [${spec.expectedOutputShape}]`);
  if (!sameShape(symbolicShape, [null, ...spec.expectedOutputShape.slice(1)])) {
    fail(`computeOutputShape gave ${JSON.stringify(symbolicShape)}, expected [null, ${spec.expectedOutputShape.slice(1)}]`);
  }
  checkWeights(layer, spec);
  await checkRoundTrip(layer, x, y);
  await checkTrainingStep(layer, x);
  if (spec.checkInputGradient ?? true) await checkInputGradient(layer, x, spec);
  const again = layer.apply(x) as Tensor;
  if (again !== x) again.dispose();
  ops.dispose([x, y]);
  layer.dispose();
  const after = memory().numTensors;
  if (after !== before) fail(`${after - before} tensors leaked`);
}
