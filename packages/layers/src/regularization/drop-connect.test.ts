import {expect} from 'chai';
import {ValueError, initializers, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Conv2D} from '../convolutional/conv2d.js';
import {Dense} from '../core/dense.js';
import {resetNames} from '../engine/naming.js';
import {LayerNormalization} from '../normalization/layer-normalization.js';
import {runLayerTest} from '../testing/index.js';
import {DropConnect} from './drop-connect.js';
import {take} from './stats.test.helpers.js';

const seeded = (seed: number): initializers.Initializer => new initializers.RandomUniform({minval: 0.5, maxval: 1.5, seed});

/** A DropConnect around a bias-free Dense(4 -> 30) whose kernel is all in [0.5, 1.5] (no zero weights). */
function wrappedDense(rate: number, seed: number | null, useBias = false): DropConnect {
  return new DropConnect({layer: new Dense({units: 30, useBias, kernelInitializer: seeded(1), biasInitializer: seeded(2), name: 'inner'}), rate, seed});
}

describeBackends('DropConnect', () => {
  beforeEach(() => resetNames());

  it('passes the shared layer test around Dense and Conv2D (weights under the wrapper, the wrapped layer at inference)', async () => {
    await runLayerTest({
      create: () => new DropConnect({layer: new Dense({units: 3, activation: 'tanh', name: 'inner'}), rate: 0.3, seed: 1}),
      inputShape: [2, 4],
      expectedOutputShape: [2, 3],
      expectedWeights: [{name: 'inner/kernel', shape: [4, 3]}, {name: 'inner/bias', shape: [3]}],
      crossBackendTraining: false,
    });
    await runLayerTest({
      create: () => new DropConnect({layer: new Conv2D({filters: 2, kernelSize: 2, activation: 'tanh', name: 'conv'}), rate: 0.5, weightNames: ['kernel', 'bias']}),
      inputShape: [1, 4, 4, 3],
      expectedOutputShape: [1, 3, 3, 2],
      expectedWeights: [{name: 'conv/kernel', shape: [2, 2, 3, 2]}, {name: 'conv/bias', shape: [2]}],
      crossBackendTraining: false,
    });
  });

  it('in training drops about rate of the kernel entries, scales the rest by 1/(1 - rate), one mask for the whole batch', async () => {
    const layer = wrappedDense(0.4, 3);
    // Rows of the identity pick the kernel's rows; the batch repeats them, so every repeat must match.
    const eye = ops.eye(4);
    const x = ops.concat([eye, eye], 0);
    layer.apply(x).dispose();
    const kernel = await take(layer.layer.getWeights()[0] as Tensor);
    const y = await take(layer.apply(x, {training: true}));
    expect(y.slice(120)).to.deep.equal(y.slice(0, 120));
    let dropped = 0;
    y.slice(0, 120).forEach((v, i) => {
      if (v === 0) dropped++;
      else expect(v).to.be.closeTo((kernel[i] as number) / 0.6, 1e-5);
    });
    expect(dropped / 120).to.be.closeTo(0.4, 0.12);
    ops.dispose([eye, x]);
    layer.dispose();
  });

  it('is exactly the wrapped layer at inference, and gradients reach only the kept weights', async () => {
    const layer = wrappedDense(0.5, 4, true);
    const x = ops.randomUniform([5, 4], -1, 1, 'float32', 1);
    const plain = layer.layer.apply(x) as Tensor;
    await expectClose(layer.apply(x), plain, 0, 0);
    const kernel = layer.layer.weights[0];
    const bias = layer.layer.weights[1];
    if (kernel === undefined || bias === undefined) throw new Error('expected kernel and bias');
    // y = x · (K ∘ M) / 0.5 + b: d(sum y)/dK[i][j] = (sum over the batch of x[:, i]) · M[i][j] / 0.5; d/db = batch size.
    const eye = ops.eye(4);
    const masked = await take(layer.apply(eye, {training: true}) as Tensor); // = K ∘ M / 0.5 + b, draws the first mask
    const again = wrappedDense(0.5, 4, true); // same seed: the same first mask
    again.apply(x).dispose();
    const ws = layer.getWeights();
    again.setWeights(ws);
    ops.dispose(ws);
    const {grads, value} = ops.variableGrads(() => ops.sum(again.apply(x, {training: true})) as never, again.trainableWeights.map((w) => w.value));
    const gK = await take(grads[(again.trainableWeights[0] as typeof kernel).value.name] as Tensor);
    const gB = await take(grads[(again.trainableWeights[1] as typeof bias).value.name] as Tensor);
    const xs = Array.from(await x.data());
    const b = await bias.read();
    gK.forEach((g, k) => {
      const [i, j] = [Math.floor(k / 30), k % 30];
      const kept = (masked[i * 30 + j] as number) !== (b[j] as number);
      const sumXi = [0, 1, 2, 3, 4].reduce((s, r) => s + (xs[r * 4 + i] as number), 0);
      expect(g).to.be.closeTo(kept ? sumXi / 0.5 : 0, 1e-4);
    });
    expect(gB).to.deep.equal(new Array(30).fill(5));
    ops.dispose([x, plain, eye, value]);
    layer.dispose();
    again.dispose();
  });

  it('a seed reproduces the masks; successive training calls draw new ones', async () => {
    const [a, b] = [wrappedDense(0.5, 11), wrappedDense(0.5, 11)];
    const x = ops.eye(4);
    a.apply(x).dispose();
    b.apply(x).dispose();
    const ws = a.getWeights();
    b.setWeights(ws);
    ops.dispose(ws);
    const a1 = await take(a.apply(x, {training: true}));
    expect(await take(b.apply(x, {training: true}))).to.deep.equal(a1);
    expect(await take(a.apply(x, {training: true}))).to.not.deep.equal(a1);
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('names what is wrong: rate, weightNames, a layer without a kernel', () => {
    expect(() => new DropConnect({layer: new Dense({units: 2}), rate: 1})).to.throw(ValueError, /DropConnect: rate must be a number in \[0, 1\)/);
    expect(() => new DropConnect({layer: new Dense({units: 2}), rate: 0.5, weightNames: []})).to.throw(ValueError, /weightNames must be a non-empty list/);
    expect(() => new DropConnect({layer: new Dense({units: 2, name: 'd'}), rate: 0.5, weightNames: ['gamma']}).build([null, 3])).to.throw(ValueError, /the wrapped layer "d" has no weight named "gamma"; its weights are \["kernel","bias"\]/);
    expect(() => new DropConnect({layer: new LayerNormalization({name: 'ln'}), rate: 0.5}).build([null, 3])).to.throw(ValueError, /the wrapped layer "ln" has no kernel to drop \(weights \["gamma","beta"\]\); name them with weightNames/);
  });
});
