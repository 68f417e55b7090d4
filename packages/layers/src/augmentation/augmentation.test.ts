import {expect} from 'chai';
import {ValueError, ops, tensor} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import type {Layer} from '../engine/layer.js';
import {RandomBrightness} from './random-brightness.js';
import {RandomContrast} from './random-contrast.js';
import {RandomCrop} from './random-crop.js';
import {RandomFlip} from './random-flip.js';
import {RandomRotation} from './random-rotation.js';
import {RandomShear} from './random-shear.js';
import {RandomTranslation} from './random-translation.js';
import {RandomZoom} from './random-zoom.js';

const train = (l: Layer, x: Tensor): Tensor => l.apply(x, {training: true});
const image = (h: number, w: number, c = 1, b = 1): Tensor => ops.reshape(ops.range(0, b * h * w * c), [b, h, w, c]);
const read = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

/** Float64 bilinear sample of a single-channel h x w image at (y, x) with reflect fill (TF ImageProjectiveTransformV3). */
function sampleReflect(img: number[], h: number, w: number, y: number, x: number): number {
  const reflect = (c: number, len: number): number => {
    let v = c;
    if (v < 0) v = v < -len ? v + 2 * len : -v - 1;
    else if (v > len - 1) v = v >= len ? 2 * len - v - 1 : v;
    return Math.min(Math.max(v, 0), len - 1);
  };
  const [yy, xx] = [reflect(y, h), reflect(x, w)];
  const [y0, x0] = [Math.floor(yy), Math.floor(xx)];
  const at = (r: number, q: number): number => (r < h && q < w ? (img[r * w + q] as number) : 0);
  return (y0 + 1 - yy) * ((x0 + 1 - xx) * at(y0, x0) + (xx - x0) * at(y0, x0 + 1)) + (yy - y0) * ((x0 + 1 - xx) * at(y0 + 1, x0) + (xx - x0) * at(y0 + 1, x0 + 1));
}

describeBackends('augmentation layers', () => {
  it('pass the shared layer test (inference: the identity; RandomCrop: centre crop)', async () => {
    const common = {inputShape: [2, 5, 6, 2], expectedOutputShape: [2, 5, 6, 2], expectedWeights: [], crossBackendTraining: false};
    await runLayerTest({...common, create: () => new RandomFlip({seed: 1})});
    await runLayerTest({...common, create: () => new RandomRotation({factor: 0.2, seed: 1, fillMode: 'constant', fillValue: 0.5})});
    await runLayerTest({...common, create: () => new RandomTranslation({heightFactor: 0.2, widthFactor: [-0.1, 0.3], seed: 2})});
    await runLayerTest({...common, create: () => new RandomZoom({heightFactor: [-0.3, 0.2], widthFactor: 0.1, interpolation: 'nearest'})});
    await runLayerTest({...common, create: () => new RandomShear({xFactor: 0.3, yFactor: [0.1, 0.2], fillMode: 'wrap', seed: 4})});
    await runLayerTest({...common, create: () => new RandomContrast({factor: [0.2, 0.5], valueRange: [-1, 1], seed: 5})});
    await runLayerTest({...common, create: () => new RandomBrightness({factor: 0.1, valueRange: [-1, 1], seed: 6, dataFormat: 'channels_first'})});
    await runLayerTest({create: () => new RandomCrop({height: 3, width: 4, seed: 7}), inputShape: [2, 5, 6, 2], expectedOutputShape: [2, 3, 4, 2], expectedWeights: [], crossBackendTraining: false});
  });

  it('are the identity in inference and seeded in training (same seed, same output; the next call draws anew)', async () => {
    const x = ops.randomUniform([4, 6, 6, 3], 0, 1, 'float32', 3);
    const makers: (() => Layer)[] = [
      () => new RandomFlip({seed: 9}), () => new RandomRotation({factor: 0.3, seed: 9}), () => new RandomTranslation({heightFactor: 0.3, widthFactor: 0.3, seed: 9}),
      () => new RandomZoom({heightFactor: 0.4, seed: 9}), () => new RandomShear({xFactor: 0.5, seed: 9}), () => new RandomContrast({factor: 0.5, valueRange: [0, 1], seed: 9}),
      () => new RandomBrightness({factor: 0.3, valueRange: [0, 1], seed: 9}),
    ];
    const xv = await read(x);
    for (const make of makers) {
      const [a, b] = [make(), make()];
      expect(await read(a.apply(x))).to.deep.equal(xv);
      const [ya, yb] = [train(a, x), train(b, x)];
      const va = await read(ya);
      expect(va, a.name).to.deep.equal(await read(yb));
      expect(va, a.name).to.not.deep.equal(xv);
      const again = train(a, x);
      expect(await read(again), a.name).to.not.deep.equal(va);
      ops.dispose([ya, yb, again]);
    }
    x.dispose();
  });

  it('RandomFlip flips each image exactly, horizontally, vertically or both at once as Keras does (random_flip.py)', async () => {
    const x = image(3, 4, 2, 8);
    for (const mode of ['horizontal', 'vertical', 'horizontal_and_vertical'] as const) {
      const y = train(new RandomFlip({mode, seed: 3}), x);
      const axes = mode === 'horizontal' ? [2] : mode === 'vertical' ? [1] : [1, 2];
      const flipped = ops.reverse(x, axes);
      const [yv, xv, fv] = [await read(y), await read(x), await read(flipped)];
      const n = 24;
      let flips = 0;
      for (let i = 0; i < 8; i++) {
        const part = (v: number[]): number[] => v.slice(i * n, (i + 1) * n);
        const isFlipped = JSON.stringify(part(yv)) === JSON.stringify(part(fv));
        expect(isFlipped || JSON.stringify(part(yv)) === JSON.stringify(part(xv)), `${mode} image ${i}`).to.equal(true);
        flips += isFlipped ? 1 : 0;
      }
      expect(flips, mode).to.be.within(1, 7);
      ops.dispose([y, flipped]);
    }
    x.dispose();
  });

  it('RandomRotation by a fixed quarter turn matches a float64 rotation about the centre (random_rotation.py)', async () => {
    const [h, w] = [4, 5];
    const x = ops.reshape(ops.sin(ops.range(0, h * w)), [1, h, w, 1]);
    const y = train(new RandomRotation({factor: [0.1, 0.1]}), x); // 36 degrees, counter-clockwise
    const img = await read(x);
    const [a, cx, cy] = [0.2 * Math.PI, (w - 1) / 2, (h - 1) / 2];
    const want: number[] = [];
    for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) {
      // Keras's matrix maps output (q, r) to input (cos·q − sin·r + a2, sin·q + cos·r + b2) about the centre.
      const xi = Math.cos(a) * (q - cx) - Math.sin(a) * (r - cy) + cx;
      const yi = Math.sin(a) * (q - cx) + Math.cos(a) * (r - cy) + cy;
      want.push(sampleReflect(img, h, w, yi, xi));
    }
    await expectClose(y, want, 1e-4, 1e-4);
    ops.dispose([x, y]);
  });

  it('RandomTranslation and RandomZoom with fixed factors move and scale exactly (random_translation.py, random_zoom.py)', async () => {
    const x = image(4, 4);
    // Shift down one row (0.25 x 4) and left one column (-0.25 x 4); constant fill 0.
    const t = train(new RandomTranslation({heightFactor: [0.25, 0.25], widthFactor: [-0.25, -0.25], fillMode: 'constant'}), x);
    await expectClose(t, [[[0, 0, 0, 0], [1, 2, 3, 0], [5, 6, 7, 0], [9, 10, 11, 0]].map((r) => r.map((v) => [v]))], 1e-5);
    // Zoom factor 1 + (-0.5): output (q, r) reads input (0.5 q + 0.75, 0.5 r + 0.75) of the 4 x 4 ramp 4 r + q.
    const z = train(new RandomZoom({heightFactor: [-0.5, -0.5]}), x);
    const want = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((q) => [4 * (0.5 * r + 0.75) + (0.5 * q + 0.75)]));
    await expectClose(z, [want], 1e-5);
    ops.dispose([x, t, z]);
  });

  it('RandomShear, RandomContrast and RandomBrightness draw within their ranges; fixed draws are exact', async () => {
    const x = ops.randomUniform([16, 5, 5, 1], 0, 1, 'float32', 8);
    const xv = await read(x);
    // Brightness: one offset per image, in [-0.3, 0.3] x (1 - 0) before clipping; a fixed factor gives exactly 0.1.
    const bright = await read(train(new RandomBrightness({factor: 0.3, valueRange: [-5, 5], seed: 2}), x));
    const deltas = Array.from({length: 16}, (_, i) => (bright[i * 25] as number) - (xv[i * 25] as number));
    deltas.forEach((d, i) => {
      expect(Math.abs(d)).to.be.at.most(3.0001);
      for (let k = 0; k < 25; k++) expect((bright[i * 25 + k] as number) - (xv[i * 25 + k] as number)).to.be.closeTo(d, 1e-5);
    });
    expect(Math.max(...deltas) - Math.min(...deltas)).to.be.above(0.5);
    await expectClose(train(new RandomBrightness({factor: [0.1, 0.1], valueRange: [0, 1]}), x), xv.map((v) => Math.min(v + 0.1, 1)), 1e-6);
    // Contrast: a pair [-0.5, 0.5] draws from [1.5, 1.5] (random_contrast.py: [1 - lower, 1 + upper]).
    const contrast = await read(train(new RandomContrast({factor: [-0.5, 0.5], valueRange: [-9, 9]}), x));
    for (let i = 0; i < 16; i++) {
      const img = xv.slice(i * 25, (i + 1) * 25);
      const m = img.reduce((a, b) => a + b, 0) / 25;
      img.forEach((v, k) => expect(contrast[i * 25 + k]).to.be.closeTo((v - m) * 1.5 + m, 1e-5));
    }
    // One number f gives factors in [1, 1 + f] (Keras 3 clips the lower bound to 0).
    expect(new RandomContrast({factor: 0.4}).factor).to.deep.equal([0, 0.4]);
    // Shear: [1, sx, 0, sy, 1, 0] with |sx| in [0.2, 0.2] and a random sign: the first row is unchanged, the rest shift by ±0.2 per row.
    const ramp = ops.tile(ops.reshape(ops.range(0, 5), [1, 1, 5, 1]), [8, 5, 1, 1]);
    const sheared = await read(train(new RandomShear({xFactor: [0.2, 0.2], fillMode: 'nearest', seed: 1}), ramp));
    const signs = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const s = (sheared[i * 25 + 2 * 5 + 1] as number) - 1; // row 2, column 1: 1 + 2 sx
      expect(Math.abs(s)).to.be.closeTo(0.4, 1e-5);
      signs.add(Math.sign(s));
      expect(sheared.slice(i * 25, i * 25 + 5)).to.deep.equal([0, 1, 2, 3, 4]);
    }
    expect(signs.size).to.equal(2);
    ops.dispose([x, ramp]);
  });

  it('RandomCrop: a random window in training (one offset per batch), a centre crop otherwise (random_crop.py)', async () => {
    const x = image(6, 8, 1, 2);
    const xv = await read(x);
    const layer = new RandomCrop({height: 3, width: 4, seed: 5});
    const starts = new Set<string>();
    for (let k = 0; k < 6; k++) {
      const y = await read(train(layer, x));
      const [top, left] = [Math.floor((y[0] as number) / 8), (y[0] as number) % 8];
      expect(top).to.be.within(0, 3);
      expect(left).to.be.within(0, 4);
      starts.add(`${top},${left}`);
      for (let b = 0; b < 2; b++) for (let r = 0; r < 3; r++) for (let q = 0; q < 4; q++) {
        expect(y[b * 12 + r * 4 + q]).to.equal(xv[b * 48 + (top + r) * 8 + left + q]);
      }
    }
    expect(starts.size).to.be.above(1);
    // Inference: smart_resize's centre window, 6 x 8 to the aspect of 3 x 4 is the whole image, resized.
    const inferred = layer.apply(x);
    expect(inferred.shape).to.deep.equal([2, 3, 4, 1]);
    // Same-sized input passes unchanged.
    const same = tensor([[[[1], [2]], [[3], [4]]]]);
    await expectClose(new RandomCrop({height: 2, width: 2}).apply(same, {training: true}), [[[[1], [2]], [[3], [4]]]], 0);
    ops.dispose([x, inferred, same]);
  });

  it('refuse bad factors, modes and ranges, naming the layer and the value', () => {
    expect(() => new RandomRotation({factor: 1.5})).to.throw(ValueError, /RandomRotation: factor must be a number or a pair of numbers in \[-1, 1\], received 1.5/);
    expect(() => new RandomZoom({heightFactor: -1})).to.throw(ValueError, /RandomZoom: heightFactor .* in \(-1, 1\], received -1/);
    expect(() => new RandomTranslation({heightFactor: 0.1, widthFactor: [0.1, 2]})).to.throw(ValueError, /widthFactor .*received \[0.1, ?2\]/);
    expect(() => new RandomShear({xFactor: -0.2})).to.throw(ValueError, /RandomShear: xFactor .* in \[0, 1\], received -0.2/);
    expect(() => new RandomFlip({mode: 'diagonal' as 'vertical'})).to.throw(ValueError, /RandomFlip: mode must be one of .*received "diagonal"/);
    expect(() => new RandomRotation({factor: 0.1, fillMode: 'mirror' as 'wrap'})).to.throw(ValueError, /fillMode must be one of .*received "mirror"/);
    expect(() => new RandomBrightness({factor: 0.1, valueRange: [1] as unknown as [number, number]})).to.throw(ValueError, /valueRange must be a list of two numbers, received \[1\]/);
    expect(() => new RandomCrop({height: 0, width: 2})).to.throw(ValueError, /RandomCrop: height must be a positive integer, received 0/);
    expect(() => new RandomFlip({seed: 1.5})).to.throw(ValueError, /seed must be an integer or null, received 1.5/);
  });
});
