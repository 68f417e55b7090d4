import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {Resizing} from './resizing.js';
import type {ResizingInterpolation} from './resizing.js';

describeBackends('Resizing: every interpolation Keras accepts, antialias, integer images', () => {
  it('passes the shared layer test with each interpolation, with and without antialias', async () => {
    const cases: [ResizingInterpolation, boolean][] = [
      ['bicubic', false], ['bicubic', true], ['area', false], ['lanczos3', false], ['lanczos3', true], ['lanczos5', true], ['bilinear', true],
    ];
    for (const [interpolation, antialias] of cases) {
      // Down along height (5 -> 3), up along width (4 -> 6).
      await runLayerTest({create: () => new Resizing({height: 3, width: 6, interpolation, antialias}), inputShape: [2, 5, 4, 2], expectedOutputShape: [2, 3, 6, 2], expectedWeights: []});
    }
    await runLayerTest({
      create: () => new Resizing({height: 2, width: 3, interpolation: 'area', dataFormat: 'channels_first', cropToAspectRatio: true}), inputShape: [1, 2, 4, 7],
      expectedOutputShape: [1, 2, 2, 3], expectedWeights: [],
    });
  });

  it('values by hand: bicubic (Keys a = -0.5) overshoots, area averages, antialias widens bilinear', async () => {
    // Bicubic [0, 1] -> 4 samples -0.25, 0.25, 0.75, 1.25; Keys' kernel at 0.25, 0.75, 1.25 is 111/128,
    // 29/128, -9/128; pixels outside the image are dropped and the rest renormalised (TF's
    // resize_bicubic with half-pixel centres): -9/102, 29/140, 111/140, 111/102.
    const two = tensor([[[[0], [1]]]]);
    await expectClose(new Resizing({height: 1, width: 4, interpolation: 'bicubic'}).apply(two), [[[[-9 / 102], [29 / 140], [111 / 140], [111 / 102]]]], 1e-6);
    // Area 4 -> 2 averages pairs, in either data format.
    const row = tensor([[[[0], [7], [14], [21]]]]);
    await expectClose(new Resizing({height: 1, width: 2, interpolation: 'area'}).apply(row), [[[[3.5], [17.5]]]], 1e-6);
    const rowFirst = tensor([[[[0, 7, 14, 21]]]]);
    await expectClose(new Resizing({height: 1, width: 2, interpolation: 'area', dataFormat: 'channels_first'}).apply(rowFirst), [[[[3.5, 17.5]]]], 1e-6);
    // Antialiased bilinear 4 -> 2: the hat widened to radius 2 around 1.0 and 3.0 weighs pixels 3:3:1
    // (and 1:3:3): 35/7 = 5 and 112/7 = 16; plain bilinear takes the midpoints 3.5 and 17.5.
    await expectClose(new Resizing({height: 1, width: 2, antialias: true}).apply(row), [[[[5], [16]]]], 1e-5);
    await expectClose(new Resizing({height: 1, width: 2}).apply(row), [[[[3.5], [17.5]]]], 1e-6);
    // tf.image.resize ignores antialias for nearest and area (python/ops/image_ops_impl.py resize_images_v2).
    await expectClose(new Resizing({height: 1, width: 2, interpolation: 'nearest', antialias: true}).apply(row), [[[[7], [21]]]], 0);
    await expectClose(new Resizing({height: 1, width: 2, interpolation: 'area', antialias: true}).apply(row), [[[[3.5], [17.5]]]], 1e-6);
    // Lanczos, any radius, at the same size is the identity.
    await expectClose(new Resizing({height: 1, width: 4, interpolation: 'lanczos5', antialias: true}).apply(row), [[[[0], [7], [14], [21]]]], 1e-6);
    ops.dispose([two, row, rowFirst]);
  });

  it('integer images come back in int32: rounded half to even, clipped into int32; nearest stays exact', async () => {
    // keras/src/layers/preprocessing/image_preprocessing/resizing.py: round, then _saturate_cast.
    const pairs = tensor([[[[0], [1], [1], [2], [2], [3]]]], [1, 1, 6, 1], 'int32');
    // Bilinear 6 -> 3 samples the midpoints of each pair: 0.5, 1.5, 2.5 -> 0, 2, 2 (half to even).
    const mid = new Resizing({height: 1, width: 3}).apply(pairs);
    expect(mid.dtype).to.equal('int32');
    expect(Array.from(await mid.data())).to.deep.equal([0, 2, 2]);
    // Bicubic overshoot of [0, 10] -> 4 is -10·9/102 = -0.88 and 10·111/102 = 10.88: rounded to -1 and 11.
    const ramp = tensor([[[[0], [10]]]], [1, 1, 2, 1], 'int32');
    expect(Array.from(await new Resizing({height: 1, width: 4, interpolation: 'bicubic'}).apply(ramp).data())).to.deep.equal([-1, 2, 8, 11]);
    // The int32 maximum is 2^31 in float32: the saturating cast clips it to 2^31 - 128, the largest
    // float32 below 2^31, rather than wrapping around.
    const top = tensor([[[[2147483647], [2147483647]]]], [1, 1, 2, 1], 'int32');
    expect(Array.from(await new Resizing({height: 1, width: 1, interpolation: 'area'}).apply(top).data())).to.deep.equal([2147483520]);
    // Nearest keeps the dtype and the exact values, even those a float32 cannot hold.
    const big = tensor([[[[16777217], [-16777217]]]], [1, 1, 2, 1], 'int32');
    const near = new Resizing({height: 1, width: 4, interpolation: 'nearest'}).apply(big);
    expect(near.dtype).to.equal('int32');
    expect(Array.from(await near.data())).to.deep.equal([16777217, 16777217, -16777217, -16777217]);
    ops.dispose([pairs, mid, ramp, top, big, near]);
  });

  it('keeps the interpolation and antialias in its config and refuses an unknown interpolation', () => {
    const layer = new Resizing({height: 3, width: 4, interpolation: 'lanczos5', antialias: true});
    expect(layer.getConfig()).to.include({interpolation: 'lanczos5', antialias: true, height: 3, width: 4});
    expect(() => new Resizing({height: 2, width: 2, interpolation: 'gaussian' as 'area'}))
      .to.throw(ValueError, /Resizing: interpolation must be one of 'bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area', received "gaussian"/);
    expect(() => new Resizing({height: 2, width: 2, antialias: 'yes' as unknown as boolean})).to.throw(ValueError, /antialias must be a boolean, received "yes"/);
  });
});
