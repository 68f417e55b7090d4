/**
 * VGG16 and VGG19 (Simonyan & Zisserman 2015) as keras/src/applications/vgg16.py and vgg19.py build
 * them: five blocks of 3x3 'same' ReLU convolutions each closed by a 2x2 max pooling, then Flatten and
 * two 4096-unit layers.
 */
import {Conv2D, Dense, Flatten, MaxPooling2D} from '@stratum/layers';
import type {SymbolicTensor} from '@stratum/layers';
import type {ApplicationArgs, ApplicationResult, NoWeights} from './common.js';
import {finishApplication, pooled, resolveApplicationArgs} from './common.js';

/** Arguments of {@link vgg16} and {@link vgg19}: Keras's application arguments. */
export type VGGArgs = ApplicationArgs;

/** Filters of each block and how many convolutions it has. */
type BlockPlan = readonly (readonly [filters: number, convs: number])[];

function vgg<A extends VGGArgs>(owner: string, name: string, plan: BlockPlan, args: A | undefined): ApplicationResult<A> {
  const r = resolveApplicationArgs(owner, args, {name, defaultSize: 224, minSize: 32});
  let x: SymbolicTensor = r.input;
  plan.forEach(([filters, convs], b) => {
    for (let c = 1; c <= convs; c++) {
      x = new Conv2D({filters, kernelSize: 3, activation: 'relu', padding: 'same', name: `block${b + 1}_conv${c}`}).apply(x);
    }
    x = new MaxPooling2D({poolSize: 2, strides: 2, name: `block${b + 1}_pool`}).apply(x);
  });
  if (r.includeTop) {
    x = new Flatten({name: 'flatten'}).apply(x);
    x = new Dense({units: 4096, activation: 'relu', name: 'fc1'}).apply(x);
    x = new Dense({units: 4096, activation: 'relu', name: 'fc2'}).apply(x);
    x = new Dense({units: r.classes, activation: r.classifierActivation, name: 'predictions'}).apply(x);
  } else {
    x = pooled(x, r, false);
  }
  return finishApplication(r, x) as ApplicationResult<A>;
}

/**
 * VGG16 (keras/src/applications/vgg16.py): 13 convolutions in blocks of 2, 2, 3, 3, 3 (64, 128, 256,
 * 512, 512 filters), then `flatten`, `fc1`, `fc2` (4096, ReLU) and `predictions`.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (`inputShape` `[h, w, c]`, h and w at least 32; with
 * `includeTop` the fully connected layers size themselves to it; without, `[null, null, 3]` by default).
 * Output shape: `[batch, classes]` with `includeTop` (138,357,544 parameters at 224x224, 1000 classes);
 * otherwise the `[batch, h/32, w/32, 512]` map of `block5_pool`, or `[batch, 512]` with `pooling`.
 * @returns a `Functional` named 'vgg16', or a promise of it when `weights` is a source to load.
 */
export function vgg16<A extends VGGArgs = NoWeights>(args?: A): ApplicationResult<A> {
  return vgg('vgg16', 'vgg16', [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]], args);
}

/**
 * VGG19 (keras/src/applications/vgg19.py): as {@link vgg16} with 16 convolutions, in blocks of 2, 2, 4,
 * 4, 4.
 *
 * Input shape: `[batch, 224, 224, 3]` by default (h and w at least 32). Output shape: `[batch, classes]`
 * with `includeTop` (143,667,240 parameters at 224x224, 1000 classes); otherwise the
 * `[batch, h/32, w/32, 512]` map of `block5_pool`, or `[batch, 512]` with `pooling`.
 * @returns a `Functional` named 'vgg19', or a promise of it when `weights` is a source to load.
 */
export function vgg19<A extends VGGArgs = NoWeights>(args?: A): ApplicationResult<A> {
  return vgg('vgg19', 'vgg19', [[64, 2], [128, 2], [256, 4], [512, 4], [512, 4]], args);
}
