import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {UpSampling1D} from './up-sampling1d.js';
import {UpSampling2D} from './up-sampling2d.js';
import {UpSampling3D} from './up-sampling3d.js';

/** Float64 half-pixel bilinear upsampling of one channel-last image batch (TF2 `tf.image.resize`), written out directly. */
function bilinearRef(x: number[], [b, h, w, c]: number[], [fh, fw]: [number, number]): number[] {
  const [oh, ow] = [h * fh, w * fw];
  const out: number[] = [];
  const coord = (o: number, f: number, len: number): [number, number, number] => {
    const src = (o + 0.5) / f - 0.5;
    const lo = Math.floor(src);
    return [Math.max(lo, 0), Math.min(lo + 1, len - 1), src - lo];
  };
  for (let n = 0; n < (b as number); n++) for (let r = 0; r < oh; r++) for (let q = 0; q < ow; q++) for (let k = 0; k < (c as number); k++) {
    const [y0, y1, fy] = coord(r, fh, h as number);
    const [x0, x1, fx] = coord(q, fw, w as number);
    const at = (yy: number, xx: number): number => x[((n * (h as number) + yy) * (w as number) + xx) * (c as number) + k] as number;
    out.push((1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1)));
  }
  return out;
}

describeBackends('UpSampling1D/2D/3D', () => {
  it('pass the shared layer test (both data formats, nearest and bilinear)', async () => {
    await runLayerTest({create: () => new UpSampling1D({size: 3}), inputShape: [2, 4, 3], expectedOutputShape: [2, 12, 3], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling2D({size: [2, 3]}), inputShape: [2, 3, 2, 2], expectedOutputShape: [2, 6, 6, 2], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling2D({size: 2, interpolation: 'bilinear'}), inputShape: [2, 3, 4, 2], expectedOutputShape: [2, 6, 8, 2], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling2D({size: [3, 2], interpolation: 'bilinear', dataFormat: 'channels_first'}), inputShape: [1, 2, 3, 2], expectedOutputShape: [1, 2, 9, 4], expectedWeights: []});
    // keras/src/layers/reshaping/up_sampling2d.py resizes with any ops.image.resize interpolation.
    await runLayerTest({create: () => new UpSampling2D({size: [2, 3], interpolation: 'bicubic'}), inputShape: [1, 3, 2, 2], expectedOutputShape: [1, 6, 6, 2], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling2D({size: 2, interpolation: 'lanczos3', dataFormat: 'channels_first'}), inputShape: [1, 2, 3, 2], expectedOutputShape: [1, 2, 6, 4], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling3D({size: [1, 2, 3]}), inputShape: [1, 2, 2, 2, 2], expectedOutputShape: [1, 2, 4, 6, 2], expectedWeights: []});
    await runLayerTest({create: () => new UpSampling3D({size: 2, dataFormat: 'channels_first'}), inputShape: [1, 2, 1, 2, 2], expectedOutputShape: [1, 2, 2, 4, 4], expectedWeights: []});
  });

  it('UpSampling1D repeats each step (the example of keras/src/layers/reshaping/up_sampling1d.py)', async () => {
    const x = tensor([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]);
    await expectClose(new UpSampling1D({size: 2}).apply(x), [[[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]], [[6, 7, 8], [6, 7, 8], [9, 10, 11], [9, 10, 11]]], 0);
    x.dispose();
  });

  it('UpSampling2D nearest repeats rows and columns; channels_first moves the channel axis only', async () => {
    const x = tensor([[[[1], [2]], [[3], [4]]]]); // [1, 2, 2, 1]
    await expectClose(new UpSampling2D({size: [1, 2]}).apply(x), [[[[1], [1], [2], [2]], [[3], [3], [4], [4]]]], 0);
    const xf = ops.transpose(x, [0, 3, 1, 2]);
    await expectClose(new UpSampling2D({size: [2, 1], dataFormat: 'channels_first'}).apply(xf), [[[[1, 2], [1, 2], [3, 4], [3, 4]]]], 0);
    ops.dispose([x, xf]);
  });

  it('UpSampling2D bicubic (Keys a = -0.5, TF resize_bicubic) and area by hand', async () => {
    // [0, 1] doubled samples -0.25, 0.25, 0.75, 1.25; Keys at 0.25, 0.75, 1.25 is 111/128, 29/128, -9/128,
    // pixels outside the image dropped and the rest renormalised.
    const x = tensor([[[[0], [1]]]]);
    await expectClose(new UpSampling2D({size: [1, 2], interpolation: 'bicubic'}).apply(x), [[[[-9 / 102], [29 / 140], [111 / 140], [111 / 102]]]], 1e-6);
    // Area by an integer factor: each output pixel lies inside one input pixel, so it repeats them.
    await expectClose(new UpSampling2D({size: [2, 2], interpolation: 'area'}).apply(x), [[[[0], [0], [1], [1]], [[0], [0], [1], [1]]]], 1e-6);
    x.dispose();
  });

  it('UpSampling2D bilinear matches a float64 half-pixel reference (keras/src/layers/reshaping/up_sampling2d.py uses ops.image.resize)', async () => {
    const shape = [2, 3, 4, 2];
    const values = Array.from({length: 48}, (_, i) => Math.sin(i * 0.7) * 3);
    const x = tensor(values, shape);
    const y = new UpSampling2D({size: [3, 2], interpolation: 'bilinear'}).apply(x);
    expect(y.shape).to.deep.equal([2, 9, 8, 2]);
    await expectClose(y, bilinearRef(values, shape, [3, 2]), 1e-5, 1e-5);
    ops.dispose([x, y]);
  });

  it('UpSampling3D repeats each spatial axis by its own factor', async () => {
    const x = tensor([1, 2, 3, 4], [1, 1, 2, 2, 1]);
    const y = new UpSampling3D({size: [2, 1, 2]}).apply(x);
    const plane = [[[1], [1], [2], [2]], [[3], [3], [4], [4]]];
    await expectClose(y, [[plane, plane]], 0);
    ops.dispose([x, y]);
  });

  it('refuse bad sizes and interpolations', () => {
    expect(() => new UpSampling1D({size: 0})).to.throw(ValueError, /size must be a positive integer.*received 0/);
    expect(() => new UpSampling2D({size: [2, 0]})).to.throw(ValueError, /received \[2, ?0\]/);
    expect(() => new UpSampling2D({interpolation: 'gaussian' as 'nearest'})).to.throw(ValueError, /one of 'nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area', received "gaussian"/);
    expect(() => new UpSampling3D({size: [2, 2] as unknown as number})).to.throw(ValueError, /three of them, received \[2, ?2\]/);
  });
});
