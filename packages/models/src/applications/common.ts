/**
 * What every builder of the model zoo (`st.applications`) shares: Keras's arguments
 * (keras/src/applications/*.py: `include_top`, `weights`, `input_tensor`, `input_shape`, `pooling`,
 * `classes`, `classifier_activation`), their checks, the input, the classifier head or pooling, and
 * loading weights from a file the user supplies (nothing is ever downloaded).
 */
import {ValueError, describe} from '@stratum/core';
import {Dense, GlobalAveragePooling2D, GlobalMaxPooling2D, InputLayer, input, isSymbolic} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import {Functional} from '../functional.js';
import {loadWeights} from '../saving/load.js';
import type {ModelSource} from '../saving/load.js';

/** Global pooling of the last feature map when `includeTop` is false (Keras `pooling`). */
export type ApplicationPooling = 'avg' | 'max' | null;

export interface ApplicationArgs {
  /** Include the fully connected classifier at the top (default true). */
  includeTop?: boolean;
  /**
   * `null` (default): random initialization. Otherwise the TF.js `model.json` (or a source `loadWeights`
   * accepts) holding weights for this architecture, which the user supplies; the builder then returns a
   * promise. `'imagenet'` is refused: Stratum never downloads.
   */
  weights?: ModelSource | null;
  /** A symbolic tensor (from `input()`) to build on instead of a new input. */
  inputTensor?: SymbolicTensor;
  /** `[height, width, channels]` of one image (channels last); defaults to the architecture's own size. */
  inputShape?: number[];
  /** With `includeTop: false`: 'avg', 'max' or null (default: the 4-D feature map). */
  pooling?: ApplicationPooling;
  /** Number of classes of the classifier (default 1000, or the architecture's own, e.g. 10 for LeNet-5). */
  classes?: number;
  /** Activation of the classifier's output (default 'softmax'; null for logits). */
  classifierActivation?: string | null;
  /** The model's name (default: the architecture's Keras name, e.g. 'resnet50'). */
  name?: string;
}

/** The builders' arguments, checked and with their defaults. */
export interface ResolvedApplicationArgs {
  includeTop: boolean;
  weights: ModelSource | null;
  pooling: ApplicationPooling;
  classes: number;
  classifierActivation: string | null;
  name: string;
  /** The image input (made from `inputShape`, or the given `inputTensor`). */
  input: SymbolicTensor;
  /** `[height, width, channels]`, nulls for unknown sizes. */
  shape: (number | null)[];
}

export interface ArchitectureDefaults {
  /** Keras's model name, e.g. 'vgg16'. */
  name: string;
  /** The input size when none is given, e.g. 224. */
  defaultSize: number;
  /** The smallest height/width the architecture accepts (Keras `min_size`). */
  minSize: number;
  /** Input channels (3 for the ImageNet models). Default 3. */
  channels?: number;
  /** Classes of the classifier when none are given. Default 1000 (ImageNet). */
  defaultClasses?: number;
  /**
   * Whether the classifier needs the default size (a Flatten before Dense, as VGG's): Keras then
   * requires `inputShape` to be the default when `includeTop` is true.
   */
  requireDefaultSizeWithTop?: boolean;
}

/** Checks a builder's arguments as Keras's `obtain_input_shape` and the builders do, naming the bad value. */
export function resolveApplicationArgs(owner: string, args: ApplicationArgs | undefined, arch: ArchitectureDefaults): ResolvedApplicationArgs {
  const a = args ?? {};
  if (typeof a !== 'object') throw new ValueError(`${owner}: expected an arguments object, received ${describe(args)}`);
  const includeTop = a.includeTop ?? true;
  if (typeof includeTop !== 'boolean') throw new ValueError(`${owner}: includeTop must be a boolean, received ${describe(a.includeTop)}`);
  const weights = a.weights ?? null;
  if (weights === 'imagenet') throw new ValueError(`${owner}: weights 'imagenet' would need a download, which Stratum never does; pass null or the model.json of weights you have`);
  const classes = a.classes ?? arch.defaultClasses ?? 1000;
  if (!Number.isInteger(classes) || classes <= 0) throw new ValueError(`${owner}: classes must be a positive integer, received ${describe(a.classes)}`);
  const pooling = a.pooling ?? null;
  if (pooling !== null && pooling !== 'avg' && pooling !== 'max') throw new ValueError(`${owner}: pooling must be 'avg', 'max' or null, received ${describe(a.pooling)}`);
  const classifierActivation = a.classifierActivation === undefined ? 'softmax' : a.classifierActivation;
  const channels = arch.channels ?? 3;
  let shape: (number | null)[];
  let inp: SymbolicTensor;
  if (a.inputTensor !== undefined) {
    if (!isSymbolic(a.inputTensor)) throw new ValueError(`${owner}: inputTensor must be a symbolic tensor from input(), received ${describe(a.inputTensor)}`);
    if (!(a.inputTensor.sourceLayer instanceof InputLayer)) throw new ValueError(`${owner}: inputTensor must come from input(), but it is the output of layer "${a.inputTensor.sourceLayer.name}"`);
    shape = a.inputTensor.shape.slice(1);
    inp = a.inputTensor;
  } else {
    // keras/src/applications/imagenet_utils.py obtain_input_shape: without a shape, the default size with
    // the classifier, any size (None, None, 3) without it.
    shape = a.inputShape ?? (includeTop ? [arch.defaultSize, arch.defaultSize, channels] : [null, null, channels]);
    inp = null as unknown as SymbolicTensor;
    if (includeTop && Array.isArray(shape) && shape.includes(null)) {
      throw new ValueError(`${owner}: with includeTop, inputShape must be static (no nulls), received ${describe(shape)}; pass includeTop: false for any size`);
    }
  }
  const ok = Array.isArray(shape) && shape.length === 3 && shape.every((d) => d === null || (Number.isInteger(d) && d > 0));
  if (!ok) throw new ValueError(`${owner}: inputShape must be [height, width, channels] (positive integers), received ${describe(shape)}`);
  if (shape[2] !== null && shape[2] !== channels && weights !== null) {
    throw new ValueError(`${owner}: with weights, the input must have ${channels} channels, received inputShape ${describe(shape)}`);
  }
  for (const d of shape.slice(0, 2)) {
    if (d !== null && d < arch.minSize) throw new ValueError(`${owner}: input height and width must be at least ${arch.minSize}, received inputShape ${describe(shape)}`);
  }
  if (arch.requireDefaultSizeWithTop === true && includeTop && (shape[0] !== arch.defaultSize || shape[1] !== arch.defaultSize)) {
    throw new ValueError(`${owner}: with includeTop, the input must be ${arch.defaultSize}x${arch.defaultSize} (the classifier is fully connected), received inputShape ${describe(shape)}; pass includeTop: false for other sizes`);
  }
  if (inp === null) inp = input({shape, name: 'input_layer'});
  return {includeTop, weights, pooling, classes, classifierActivation, name: a.name ?? arch.name, input: inp, shape};
}

/**
 * Which pooling layers of the head carry Keras's names ('avg_pool', 'max_pool'). Keras names them in
 * some builders (ResNet, DenseNet, EfficientNet) and leaves them to automatic names in others (VGG,
 * MobileNet); both default to true.
 */
export interface HeadNames {
  /** The global average pooling before the classifier is named 'avg_pool'. */
  top?: boolean;
  /** The `pooling` layers of `includeTop: false` are named 'avg_pool' / 'max_pool'. */
  pooling?: boolean;
}

/**
 * The top of an image classifier as most Keras builders make it: with `includeTop`, global average
 * pooling ('avg_pool') and `Dense(classes)` named 'predictions'; otherwise the `pooling` the user asked
 * for. Architectures with another head (VGG's Flatten + fully connected layers) build their own and use
 * `pooled` for `includeTop: false`.
 */
export function poolOrClassify(x: SymbolicTensor, r: ResolvedApplicationArgs, names: HeadNames = {}): SymbolicTensor {
  if (r.includeTop) {
    const pooled = new GlobalAveragePooling2D(names.top === false ? {} : {name: 'avg_pool'}).apply(x);
    return new Dense({units: r.classes, activation: r.classifierActivation, name: 'predictions'}).apply(pooled);
  }
  return pooled(x, r, names.pooling ?? true);
}

/** The `pooling` of `includeTop: false`; `named` false leaves the layer its automatic name. */
export function pooled(x: SymbolicTensor, r: ResolvedApplicationArgs, named = true): SymbolicTensor {
  if (r.pooling === 'avg') return new GlobalAveragePooling2D(named ? {name: 'avg_pool'} : {}).apply(x);
  if (r.pooling === 'max') return new GlobalMaxPooling2D(named ? {name: 'max_pool'} : {}).apply(x);
  return x;
}

/** The type of `weights` in arguments of type `A` (undefined when absent). */
type WeightsOf<A> = 'weights' extends keyof A ? A['weights' & keyof A] : undefined;

/**
 * What a builder returns for arguments of type `A`: a `Functional` without `weights`, a promise of it
 * when `weights` is a source to load, either when the type does not say.
 */
export type ApplicationResult<A> = [NonNullable<WeightsOf<A>>] extends [never]
  ? Functional
  : [WeightsOf<A>] extends [NonNullable<WeightsOf<A>>] ? Promise<Functional> : Functional | Promise<Functional>;

/** The arguments type a builder infers when called without arguments. */
export type NoWeights = {weights?: null};

/** The finished model; with `weights`, a promise of it after the weights are loaded. */
export function finishApplication(r: ResolvedApplicationArgs, output: SymbolicTensor): Functional | Promise<Functional> {
  const m = new Functional({inputs: r.input, outputs: output, name: r.name});
  if (r.weights === null) return m;
  return loadWeights(m, r.weights).then(
    () => m,
    (e: unknown) => {
      m.dispose();
      throw e;
    },
  );
}
