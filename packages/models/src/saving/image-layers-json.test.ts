/**
 * An image model built from the preprocessing, augmentation and upsampling layers goes through Keras 3
 * and Keras 2 JSON to the same predictions, and a hand-written Keras 3 file with these layers loads
 * (configs as keras/src/layers/preprocessing/** and reshaping/up_sampling*.py write them).
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {
  CenterCrop, Conv2D, GlobalAveragePooling2D, Normalization, RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomRotation, RandomShear,
  RandomTranslation, RandomZoom, Rescaling, Resizing, UpSampling2D, input, resetNames,
} from '@stratum/layers';
import {fromJSON, model} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights} from './fixtures.test.helpers.js';
import {modelToConfig} from './to-json.js';

async function imageModel(): Promise<Model> {
  const x = input({shape: [10, 12, 3], name: 'img'});
  const norm = new Normalization({name: 'norm'});
  await norm.adapt(ops.randomUniform([4, 10, 12, 3], 0, 255, 'float32', 1));
  let h = new Rescaling({scale: 1 / 255, name: 'scale'}).apply(x);
  for (const aug of [
    new RandomFlip({mode: 'horizontal', seed: 1}), new RandomRotation({factor: 0.1, seed: 2}), new RandomTranslation({heightFactor: 0.1, widthFactor: 0.1, seed: 3}),
    new RandomZoom({heightFactor: 0.1, fillMode: 'constant'}), new RandomShear({xFactor: 0.1, seed: 4}), new RandomContrast({factor: 0.2, valueRange: [0, 1], seed: 5}),
    new RandomBrightness({factor: 0.1, valueRange: [0, 1], seed: 6}), new RandomCrop({height: 8, width: 8, seed: 7}),
  ]) h = aug.apply(h);
  h = new Resizing({height: 6, width: 6, name: 'resize'}).apply(h);
  h = new CenterCrop({height: 4, width: 4, name: 'crop'}).apply(h);
  h = new UpSampling2D({size: 2, interpolation: 'bilinear', name: 'up'}).apply(h);
  h = norm.apply(new Conv2D({filters: 3, kernelSize: 3, name: 'conv'}).apply(h));
  return model({inputs: x, outputs: new GlobalAveragePooling2D({name: 'gap'}).apply(h), name: 'augmented'});
}

describe('saving: image preprocessing, augmentation and upsampling layers', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Keras 3 and Keras 2 JSON round trips keep configs, weights (Normalization mean/variance/count) and predictions', async () => {
    const m = await imageModel();
    // conv: 3·3·3·3 + 3 = 84 trainable; norm: 3 + 3 + 1 non-trainable.
    expect(m.countParams()).to.equal(91);
    const x = ops.randomUniform([2, 10, 12, 3], 0, 255, 'float32', 9);
    for (const flavor of ['keras3', 'keras2'] as const) {
      const json = modelToConfig(m, flavor);
      const copy = fromJSON(json);
      expect(copy.layers.map((l) => l.getConfig())).to.deep.equal(m.layers.map((l) => l.getConfig()));
      copyWeights(m, copy);
      const [ya, yb] = [m.predict(x) as Tensor, copy.predict(x) as Tensor];
      await expectClose(ya, Array.from(await yb.data()), 1e-5);
      ops.dispose([ya, yb]);
      copy.dispose();
    }
    x.dispose();
    m.dispose();
  });

  it('loads a hand-written Keras 3 Sequential with these layers in snake_case', async () => {
    const layer = (cls: string, config: Record<string, unknown>): Record<string, unknown> => ({module: 'keras.layers', class_name: cls, config, registered_name: null});
    const json = {
      module: 'keras', class_name: 'Sequential', registered_name: null,
      config: {
        name: 'seq', trainable: true,
        layers: [
          layer('InputLayer', {batch_shape: [null, 8, 8, 1], dtype: 'float32', sparse: false, name: 'input_layer'}),
          layer('Rescaling', {name: 'rescaling', trainable: true, dtype: 'float32', scale: 0.5, offset: 1.0}),
          layer('RandomFlip', {name: 'random_flip', trainable: true, dtype: 'float32', seed: 3, mode: 'horizontal', data_format: 'channels_last'}),
          layer('RandomRotation', {name: 'random_rotation', trainable: true, dtype: 'float32', factor: [-0.2, 0.3], data_format: 'channels_last', fill_mode: 'reflect', fill_value: 0.0, interpolation: 'bilinear', seed: null}),
          layer('RandomShear', {name: 'random_shear', trainable: true, dtype: 'float32', x_factor: [-0.3, 0.3], y_factor: [0.0, 0.0], fill_mode: 'reflect', interpolation: 'bilinear', seed: null, fill_value: 0.0, data_format: 'channels_last'}),
          layer('UpSampling2D', {name: 'up_sampling2d', trainable: true, dtype: 'float32', size: [2, 2], data_format: 'channels_last', interpolation: 'nearest'}),
          layer('CenterCrop', {name: 'center_crop', trainable: true, dtype: 'float32', height: 4, width: 4, data_format: 'channels_last'}),
          layer('Normalization', {name: 'normalization', trainable: true, dtype: 'float32', axis: [-1], invert: false, mean: 1.0, variance: 4.0}),
        ],
      },
    };
    const m = fromJSON(JSON.stringify(json));
    expect(m.layers.map((l) => l.constructor.name)).to.deep.equal(['Rescaling', 'RandomFlip', 'RandomRotation', 'RandomShear', 'UpSampling2D', 'CenterCrop', 'Normalization']);
    const x = ops.ones([1, 8, 8, 1]);
    // Inference: 1 * 0.5 + 1 = 1.5 everywhere, then (1.5 - 1) / 2.
    const y = m.predict(x) as Tensor;
    expect(y.shape).to.deep.equal([1, 4, 4, 1]);
    await expectClose(y, Array(16).fill(0.25), 1e-6);
    ops.dispose([x, y]);
    m.dispose();
  });

  it('refuses a file with a bad augmentation config, naming the path', () => {
    const bad = {
      module: 'keras', class_name: 'Sequential', config: {name: 's', layers: [
        {module: 'keras.layers', class_name: 'InputLayer', config: {batch_shape: [null, 4, 4, 1], name: 'in'}},
        {module: 'keras.layers', class_name: 'RandomRotation', config: {name: 'r', factor: 0.1, fill_mode: 'mirror'}},
      ]},
    };
    expect(() => fromJSON(JSON.stringify(bad))).to.throw(/fill_mode|mirror/);
  });
});
