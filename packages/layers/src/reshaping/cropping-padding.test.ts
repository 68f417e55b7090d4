import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Cropping1D} from './cropping1d.js';
import {Cropping2D} from './cropping2d.js';
import {Cropping3D} from './cropping3d.js';
import {ZeroPadding1D} from './zero-padding1d.js';
import {ZeroPadding2D} from './zero-padding2d.js';
import {ZeroPadding3D} from './zero-padding3d.js';

/** 0, 1, 2, ... in a tensor of `shape`. */
const iota = (shape: number[]): Tensor => ops.reshape(ops.range(0, shape.reduce((a, b) => a * b, 1)), shape);

describeBackends('Cropping and ZeroPadding', () => {
  it('pass the shared layer test (both data formats, symmetric and asymmetric amounts)', async () => {
    await runLayerTest({create: () => new Cropping1D({cropping: [1, 2]}), inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3], expectedWeights: []});
    await runLayerTest({create: () => new Cropping2D({cropping: [[1, 0], [0, 2]]}), inputShape: [2, 4, 5, 2], expectedOutputShape: [2, 3, 3, 2], expectedWeights: []});
    await runLayerTest({create: () => new Cropping2D({cropping: [1, 2], dataFormat: 'channels_first'}), inputShape: [2, 2, 4, 5], expectedOutputShape: [2, 2, 2, 1], expectedWeights: []});
    await runLayerTest({create: () => new Cropping3D({cropping: [[0, 1], 1, [2, 0]]}), inputShape: [1, 3, 4, 4, 2], expectedOutputShape: [1, 2, 2, 2, 2], expectedWeights: []});
    await runLayerTest({create: () => new Cropping3D({dataFormat: 'channels_first'}), inputShape: [1, 2, 3, 4, 3], expectedOutputShape: [1, 2, 1, 2, 1], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding1D({padding: [0, 2]}), inputShape: [2, 3, 2], expectedOutputShape: [2, 5, 2], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding1D({dataFormat: 'channels_first'}), inputShape: [2, 2, 3], expectedOutputShape: [2, 2, 5], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding2D({padding: [[1, 0], [2, 1]]}), inputShape: [2, 2, 3, 2], expectedOutputShape: [2, 3, 6, 2], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding2D({dataFormat: 'channels_first'}), inputShape: [1, 2, 2, 3], expectedOutputShape: [1, 2, 4, 5], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding3D({padding: [1, [0, 1], 0]}), inputShape: [1, 2, 2, 2, 2], expectedOutputShape: [1, 4, 3, 2, 2], expectedWeights: []});
    await runLayerTest({create: () => new ZeroPadding3D({padding: 1, dataFormat: 'channels_first'}), inputShape: [1, 2, 1, 2, 1], expectedOutputShape: [1, 2, 3, 4, 3], expectedWeights: []});
  });

  it('Cropping1D keeps the middle steps (the keras/src/layers/reshaping/cropping1d.py docstring example)', async () => {
    // x = arange(12).reshape(2, 3, 2), cropping=1 -> [[[2, 3]], [[8, 9]]]
    await expectClose(new Cropping1D({cropping: 1}).apply(iota([2, 3, 2])), [[[2, 3]], [[8, 9]]]);
    await expectClose(new Cropping1D({cropping: [0, 2]}).apply(iota([1, 3, 2])), [[[0, 1]]]);
  });

  it('Cropping2D and Cropping3D remove the given rows, columns and planes, by hand', async () => {
    // 1x3x4x1 image 0..11 (rows 0-3, 4-7, 8-11); crop top 1, bottom 0, left 1, right 2 -> rows 1-2, column 1.
    await expectClose(new Cropping2D({cropping: [[1, 0], [1, 2]]}).apply(iota([1, 3, 4, 1])), [[[[5]], [[9]]]]);
    // channels_first [1, 2, 3, 3]: channel c holds 9c..9c+8; crop 1 on every side leaves the centre 9c+4.
    await expectClose(new Cropping2D({cropping: 1, dataFormat: 'channels_first'}).apply(iota([1, 2, 3, 3])), [[[[4]], [[13]]]]);
    // [1, 2, 2, 3, 1]: index = 6d + 3h + w; keep d=1, h=0, w=1..2 -> 7, 8.
    await expectClose(new Cropping3D({cropping: [[1, 0], [0, 1], [1, 0]]}).apply(iota([1, 2, 2, 3, 1])), [[[[[7], [8]]]]]);
  });

  it('ZeroPadding layers add zeros on the given sides, by hand (keras/src/layers/reshaping/zero_padding2d.py example)', async () => {
    // x = arange(4).reshape(1, 1, 2, 2), padding=1 -> 3x4 rows of [0, 0] around [[0, 1], [2, 3]].
    const z = [0, 0];
    await expectClose(new ZeroPadding2D({padding: 1}).apply(iota([1, 1, 2, 2])), [[[z, z, z, z], [z, [0, 1], [2, 3], z], [z, z, z, z]]]);
    await expectClose(new ZeroPadding1D({padding: [2, 1]}).apply(tensor([[[1], [2]]])), [[[0], [0], [1], [2], [0]]]);
    await expectClose(new ZeroPadding1D({padding: [1, 0], dataFormat: 'channels_first'}).apply(tensor([[[1, 2], [3, 4]]])), [[[0, 1, 2], [0, 3, 4]]]);
    await expectClose(new ZeroPadding3D({padding: [[1, 0], 0, [0, 1]]}).apply(tensor([[[[[5]]]]])), [[[[[0], [0]]], [[[5], [0]]]]]);
  });

  it('configs are Keras 3 shaped (1-D amounts a flat pair; Cropping1D without data format)', () => {
    expect(new Cropping1D({cropping: 2}).getConfig()).to.include.keys('cropping').and.not.have.key('dataFormat');
    expect(new Cropping1D({cropping: 2}).getConfig()['cropping']).to.deep.equal([2, 2]);
    expect(new ZeroPadding1D().getConfig()['padding']).to.deep.equal([1, 1]);
    expect(new Cropping2D({cropping: [1, [2, 3]]}).getConfig()['cropping']).to.deep.equal([[1, 1], [2, 3]]);
    expect(new ZeroPadding3D().getConfig()['padding']).to.deep.equal([[1, 1], [1, 1], [1, 1]]);
    expect(new Cropping2D().getConfig()['cropping']).to.deep.equal([[0, 0], [0, 0]]);
  });

  it('refuse bad amounts and crops that leave nothing, naming layer and value (keras/src/layers/reshaping/cropping2d.py)', () => {
    expect(() => new Cropping1D({cropping: -1})).to.throw(ValueError, /Cropping1D: cropping must be .* received -1/);
    expect(() => new Cropping2D({cropping: [1, 2, 3] as never})).to.throw(ValueError, /Cropping2D: cropping must be .*list of 2 entries.* received \[1, ?2, ?3\]/);
    expect(() => new Cropping3D({cropping: [1, [1, 2, 3], 1] as never})).to.throw(ValueError, /Cropping3D/);
    expect(() => new ZeroPadding2D({padding: [[1, -1], 0]})).to.throw(ValueError, /ZeroPadding2D: padding must be/);
    expect(() => new ZeroPadding1D({padding: 1.5})).to.throw(ValueError, /received 1.5/);
    expect(() => new ZeroPadding3D({padding: [1, 1]} as never)).to.throw(ValueError, /list of 3 entries/);
    const crop = new Cropping2D({cropping: [[2, 1], 0]});
    expect(() => crop.computeOutputShape([null, 3, 4, 1])).to.throw(ValueError, /Cropping2D "cropping2d.*": cropping .* must leave at least one entry .* input shape \[null, ?3, ?4, ?1\]/);
    expect(crop.computeOutputShape([null, null, 4, 1])).to.deep.equal([null, null, 4, 1]);
    const x = ops.zeros([1, 4, 3]);
    expect(() => new Cropping1D({cropping: [2, 2]}).apply(x)).to.throw(ValueError, /Cropping1D/);
    x.dispose();
  });
});
