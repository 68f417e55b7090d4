/**
 * LeNet-5 (LeCun et al. 1998, "Gradient-based learning applied to document recognition"): two 5x5
 * convolutions with subsampling, then three fully connected layers. Keras has no builder for it; the
 * layout is the paper's with tanh units and average pooling as subsampling (the paper's trainable
 * subsampling coefficients and partial C3 connections are left out, as every modern rendition does).
 */
import {AveragePooling2D, Conv2D, Dense, Flatten} from '@stratum/layers';
import type {ApplicationArgs, ApplicationResult, NoWeights} from './common.js';
import {finishApplication, pooled, resolveApplicationArgs} from './common.js';

/** Arguments of {@link leNet5}: Keras's application arguments (`classes` defaults to 10). */
export type LeNet5Args = ApplicationArgs;

/**
 * LeNet-5: `conv1` (6 filters 5x5, tanh) → `pool1` (2x2 average) → `conv2` (16 filters 5x5, tanh) →
 * `pool2` → `flatten` → `fc1` (120, tanh) → `fc2` (84, tanh) → `predictions` (`classes`, softmax).
 *
 * Input shape: `[batch, 32, 32, 1]` by default (`inputShape` `[h, w, c]` with h, w ≥ 16; without the top
 * any size, `[null, null, 1]` by default). Output shape: `[batch, classes]` with `includeTop` (61,706
 * parameters for 32x32x1 and 10 classes); otherwise the `[batch, h', w', 16]` feature map of `pool2`,
 * or `[batch, 16]` with `pooling` 'avg' / 'max'.
 *
 * ```ts
 * const model = st.applications.leNet5();          // 32x32x1 digits, 10 classes
 * model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy'});
 * ```
 * @returns a `Functional` named 'lenet5', or a promise of it when `weights` is a source to load.
 */
export function leNet5<A extends LeNet5Args = NoWeights>(args?: A): ApplicationResult<A> {
  const r = resolveApplicationArgs('leNet5', args, {name: 'lenet5', defaultSize: 32, minSize: 16, channels: 1, defaultClasses: 10});
  let x = new Conv2D({filters: 6, kernelSize: 5, activation: 'tanh', name: 'conv1'}).apply(r.input);
  x = new AveragePooling2D({poolSize: 2, name: 'pool1'}).apply(x);
  x = new Conv2D({filters: 16, kernelSize: 5, activation: 'tanh', name: 'conv2'}).apply(x);
  x = new AveragePooling2D({poolSize: 2, name: 'pool2'}).apply(x);
  if (r.includeTop) {
    x = new Flatten({name: 'flatten'}).apply(x);
    x = new Dense({units: 120, activation: 'tanh', name: 'fc1'}).apply(x);
    x = new Dense({units: 84, activation: 'tanh', name: 'fc2'}).apply(x);
    x = new Dense({units: r.classes, activation: r.classifierActivation, name: 'predictions'}).apply(x);
  } else {
    x = pooled(x, r, false);
  }
  return finishApplication(r, x) as ApplicationResult<A>;
}
