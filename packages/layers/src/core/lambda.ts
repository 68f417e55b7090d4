import {SerializationError, ValueError, describe} from '@stratum/core';
import type {ConfigDict, ConfigValue, Nested} from '@stratum/core';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs, LayerIO} from '../engine/layer.js';
import type {Mask, MaskStructure} from '../engine/mask.js';
import {isShape} from '../engine/shape.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {lambdaFunction, lambdaFunctionName, lambdaFunctionNames} from './lambda-registry.js';

/** What a Lambda's function receives besides the inputs: `training`, the input mask and the `arguments`. */
export interface LambdaOptions {
  training: boolean;
  mask: MaskStructure;
  [argument: string]: unknown;
}

/** A Lambda's function: the inputs (a tensor or a list of them) and the options → the outputs. */
export type LambdaFunction = (inputs: LayerIO, options: LambdaOptions) => LayerIO;
/** Computes the output shape(s) from the input shape(s) (batch axis included). */
export type LambdaShapeFunction = (inputShape: ShapeStructure) => ShapeStructure;
/** Computes the output mask from the inputs and their mask. */
export type LambdaMaskFunction = (inputs: LayerIO, mask: MaskStructure) => Mask;

/** A function given as itself or by its registered name (a Keras 3 function envelope from a file also works). */
export type FunctionRef<F> = F | string | {className?: string; config?: unknown; registeredName?: string | null};

export interface LambdaArgs extends LayerArgs {
  /** The function (registered with `registerLambdaFunction` to be saved), or the name it is registered under. */
  function: FunctionRef<LambdaFunction>;
  /** Output shape without the batch axis, or a function of the input shape; default: traced by running the function. */
  outputShape?: (number | null)[] | FunctionRef<LambdaShapeFunction> | null;
  /** Output mask function (the layer then supports masking); default: no mask. */
  mask?: FunctionRef<LambdaMaskFunction> | null;
  /** JSON values passed to the function in its options (Keras `arguments`). */
  arguments?: Record<string, ConfigValue>;
}

function resolve<F>(owner: string, what: string, ref: FunctionRef<F>): {fn: F; name: string | undefined} {
  if (typeof ref === 'function') return {fn: ref, name: lambdaFunctionName(ref)};
  let names: string[] = [];
  if (typeof ref === 'string') names = [ref];
  else if (typeof ref === 'object' && ref !== null) {
    const env = ref as {className?: string; config?: unknown; registeredName?: string | null};
    if (env.className === 'function' || env.className === undefined) {
      names = [env.registeredName, typeof env.config === 'string' ? env.config : undefined].filter((n): n is string => typeof n === 'string' && n !== 'function');
    }
  }
  if (names.length === 0) throw new ValueError(`${owner}: ${what} must be a function or the name of one registered with registerLambdaFunction, received ${describe(ref)}`);
  for (const n of names) {
    const fn = lambdaFunction(n) ?? lambdaFunction(n.split('>').pop() as string);
    if (fn !== undefined) return {fn: fn as F, name: n};
  }
  throw new SerializationError(`${owner}: no function registered as ${names.map((n) => describe(n)).join(' or ')} for ${what}; register it with registerLambdaFunction (registered: ${lambdaFunctionNames().join(', ') || 'none'})`);
}

/** The Keras 3 envelope of a named function. */
function functionEnvelope(name: string): ConfigDict {
  return {module: 'builtins', className: 'function', config: name, registeredName: 'function'};
}

/**
 * Wraps a function as a layer (keras/src/layers/core/lambda_layer.py). Only named, registered functions
 * can be saved and loaded: a file never carries code, and Keras files whose Lambda holds Python code are
 * refused.
 *
 * Input and output shapes: whatever the function takes and gives (`outputShape` when it cannot be traced).
 */
export class Lambda extends Layer<LayerIO, LayerIO> {
  static override readonly className = 'Lambda';
  private readonly fn: LambdaFunction;
  private readonly fnName: string | undefined;
  private readonly shape: {fixed: (number | null)[] | null; fn: LambdaShapeFunction | null; name: string | undefined};
  private readonly maskFn: {fn: LambdaMaskFunction; name: string | undefined} | null;
  readonly arguments: Record<string, ConfigValue>;

  constructor(args: LambdaArgs) {
    super(args);
    const owner = `Lambda "${this.name}"`;
    const f = resolve<LambdaFunction>(owner, 'function', args?.function);
    this.fn = f.fn;
    this.fnName = f.name;
    const os = args.outputShape ?? null;
    if (os === null) this.shape = {fixed: null, fn: null, name: undefined};
    else if (Array.isArray(os)) {
      if (!os.every((d) => d === null || (Number.isInteger(d) && d > 0))) throw new ValueError(`${owner}: outputShape must be positive integers or null, received ${describe(os)}`);
      this.shape = {fixed: [...os], fn: null, name: undefined};
    } else {
      const r = resolve<LambdaShapeFunction>(owner, 'outputShape', os as FunctionRef<LambdaShapeFunction>);
      this.shape = {fixed: null, fn: r.fn, name: r.name};
    }
    this.maskFn = args.mask === undefined || args.mask === null ? null : resolve<LambdaMaskFunction>(owner, 'mask', args.mask);
    this.supportsMasking = this.maskFn !== null;
    const a = args.arguments ?? {};
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new ValueError(`${owner}: arguments must be a record of JSON values, received ${describe(a)}`);
    this.arguments = {...a};
  }

  call(inputs: LayerIO, ctx: CallContext<never>): LayerIO {
    return this.fn(inputs, {...this.arguments, training: ctx.training, mask: (ctx.mask ?? null) as MaskStructure});
  }

  override computeMask(inputs: LayerIO, mask: never): never {
    return (this.maskFn === null ? null : this.maskFn.fn(inputs, (mask ?? null) as MaskStructure)) as never;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    if (this.shape.fn !== null) return this.shape.fn(inputShape);
    if (this.shape.fixed !== null) {
      const first = isShape(inputShape) ? inputShape : (inputShape as Shape[])[0];
      return [first?.[0] ?? null, ...this.shape.fixed];
    }
    return super.computeOutputShape(inputShape);
  }

  override getConfig(): ConfigDict {
    const owner = `Lambda "${this.name}"`;
    const named = (name: string | undefined, what: string): ConfigDict => {
      if (name === undefined) throw new SerializationError(`${owner}: its ${what} is not registered, so it cannot be saved; register it with registerLambdaFunction(name, fn)`);
      return functionEnvelope(name);
    };
    const config: ConfigDict = {...super.getConfig(), function: named(this.fnName, 'function')};
    if (this.shape.fixed !== null) config['outputShape'] = this.shape.fixed;
    else if (this.shape.fn !== null) config['outputShape'] = named(this.shape.name, 'outputShape function');
    if (this.maskFn !== null) config['mask'] = named(this.maskFn.name, 'mask function');
    config['arguments'] = {...this.arguments} as Nested<ConfigValue> as ConfigValue;
    return config;
  }
}
