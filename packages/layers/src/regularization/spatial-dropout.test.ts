import {expect} from 'chai';
import {ShapeError, ValueError, ops} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {SpatialDropout1D} from './spatial-dropout1d.js';
import {SpatialDropout2D} from './spatial-dropout2d.js';
import {SpatialDropout3D} from './spatial-dropout3d.js';
import type {SpatialDropout} from './spatial-dropout.js';
import {take} from './stats.test.helpers.js';
import {unravel} from '../normalization/reference.test.helpers.js';

/**
 * Runs `layer` in training on ones of `shape` and checks that each (sample, channel) feature map is
 * either all 0 or all 1/(1 − rate); returns the fraction of maps dropped.
 */
async function droppedMapFraction(layer: SpatialDropout, shape: number[], channelAxis: number): Promise<number> {
  const x = ops.ones(shape);
  const v = await take(layer.apply(x, {training: true}));
  x.dispose();
  const maps = new Map<string, Set<number>>();
  v.forEach((value, i) => {
    const idx = unravel(i, shape);
    const key = `${idx[0]},${idx[channelAxis]}`;
    maps.set(key, (maps.get(key) ?? new Set()).add(value));
  });
  let dropped = 0;
  for (const values of maps.values()) {
    expect(values.size, 'one value per feature map').to.equal(1);
    const [only] = [...values] as [number];
    if (only === 0) dropped++;
    else expect(only).to.be.closeTo(1 / (1 - layer.rate), 1e-6);
  }
  return dropped / maps.size;
}

describeBackends('SpatialDropout1D/2D/3D', () => {
  it('pass the shared layer test (identity at inference) in both data formats', async () => {
    await runLayerTest({create: () => new SpatialDropout1D({rate: 0.5}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [], crossBackendTraining: false});
    await runLayerTest({create: () => new SpatialDropout2D({rate: 0.5, seed: 1}), inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 3, 3, 2], expectedWeights: [], crossBackendTraining: false});
    await runLayerTest({create: () => new SpatialDropout2D({rate: 0.5, dataFormat: 'channels_first'}), inputShape: [2, 2, 3, 3], expectedOutputShape: [2, 2, 3, 3], expectedWeights: [], crossBackendTraining: false});
    await runLayerTest({create: () => new SpatialDropout3D({rate: 0.2, dataFormat: 'channels_first'}), inputShape: [1, 2, 2, 2, 3], expectedOutputShape: [1, 2, 2, 2, 3], expectedWeights: [], crossBackendTraining: false});
  });

  it('drop whole feature maps, about rate of them, scaling the rest by 1/(1 - rate)', async () => {
    expect(await droppedMapFraction(new SpatialDropout1D({rate: 0.3, seed: 1}), [40, 6, 25], 2)).to.be.closeTo(0.3, 0.05);
    expect(await droppedMapFraction(new SpatialDropout2D({rate: 0.5, seed: 2}), [40, 3, 4, 20], 3)).to.be.closeTo(0.5, 0.05);
    expect(await droppedMapFraction(new SpatialDropout2D({rate: 0.5, seed: 3, dataFormat: 'channels_first'}), [40, 20, 3, 4], 1)).to.be.closeTo(0.5, 0.05);
    expect(await droppedMapFraction(new SpatialDropout3D({rate: 0.4, seed: 4}), [30, 2, 2, 3, 20], 4)).to.be.closeTo(0.4, 0.06);
    expect(await droppedMapFraction(new SpatialDropout3D({rate: 0.4, seed: 5, dataFormat: 'channels_first'}), [30, 20, 2, 2, 3], 1)).to.be.closeTo(0.4, 0.06);
  });

  it('are the identity at inference, and a seed reproduces the masks', async () => {
    const x = ops.randomUniform([4, 3, 3, 5], -1, 1, 'float32', 1);
    expect(new SpatialDropout2D({rate: 0.5}).apply(x)).to.equal(x);
    const [a, b] = [new SpatialDropout2D({rate: 0.5, seed: 9}), new SpatialDropout2D({rate: 0.5, seed: 9})];
    expect(await take(a.apply(x, {training: true}))).to.deep.equal(await take(b.apply(x, {training: true})));
    x.dispose();
  });

  it("write Keras 3's config keys (keras/src/layers/regularization/spatial_dropout.py takes only rate, seed, name, dtype, data_format)", () => {
    expect(Object.keys(new SpatialDropout1D({rate: 0.1, name: 's1'}).getConfig()).sort()).to.deep.equal(['dtype', 'name', 'rate', 'seed']);
    expect(new SpatialDropout2D({rate: 0.1, dataFormat: 'channels_first', name: 's2'}).getConfig()).to.deep.equal({name: 's2', dtype: 'float32', rate: 0.1, seed: null, dataFormat: 'channels_first'});
  });

  it('check the input rank and their arguments', () => {
    expect(() => new SpatialDropout2D({rate: 0.5}).apply(ops.ones([2, 3, 4]))).to.throw(ShapeError, /expected rank 4/);
    expect(() => new SpatialDropout1D({rate: 0.5, dataFormat: 'channels_first'})).to.throw(ValueError, /SpatialDropout1D: the channels are always last/);
    expect(() => new SpatialDropout3D({rate: 2})).to.throw(ValueError, /SpatialDropout3D: rate must be a number in \[0, 1\], received 2/);
    expect(() => new SpatialDropout2D({rate: 0.5, dataFormat: 'nhwc' as never})).to.throw(ValueError, /dataFormat must be/);
  });
});
