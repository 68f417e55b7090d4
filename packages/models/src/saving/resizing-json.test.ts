/**
 * Keras 3 JSON with Resizing layers in every interpolation (keras/src/backend/tensorflow/image.py
 * RESIZE_INTERPOLATIONS) and antialias loads, round-trips and predicts the same; a bad interpolation in
 * a file is refused.
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {resetNames} from '@stratum/layers';
import {fromJSON} from '../index.js';
import {modelToConfig} from './to-json.js';

const layer = (cls: string, config: Record<string, unknown>): Record<string, unknown> => ({module: 'keras.layers', class_name: cls, config, registered_name: null});

const resizing = (name: string, height: number, width: number, interpolation: string, antialias: boolean): Record<string, unknown> => layer('Resizing', {
  name, trainable: true, dtype: 'float32', height, width, interpolation, crop_to_aspect_ratio: false, pad_to_aspect_ratio: false,
  fill_mode: 'constant', fill_value: 0.0, antialias, data_format: 'channels_last',
});

function sequential(layers: Record<string, unknown>[]): string {
  return JSON.stringify({
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: {name: 'seq', trainable: true, layers: [layer('InputLayer', {batch_shape: [null, 9, 9, 2], dtype: 'float32', sparse: false, name: 'input_layer'}), ...layers]},
  });
}

describe('saving: Resizing with every Keras interpolation and antialias', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('loads a Keras 3 Sequential in snake_case, keeps the configs through Keras 3 and 2 JSON, and predicts the same', async () => {
    const m = fromJSON(sequential([
      resizing('cubic', 7, 8, 'bicubic', false), resizing('lanczos', 5, 6, 'lanczos5', true), resizing('lanczos3', 6, 5, 'lanczos3', false),
      resizing('area', 3, 4, 'area', false), resizing('aa', 2, 2, 'bilinear', true), resizing('near', 4, 3, 'nearest', false),
    ]));
    expect(m.layers.map((l) => l.getConfig()['interpolation'])).to.deep.equal(['bicubic', 'lanczos5', 'lanczos3', 'area', 'bilinear', 'nearest']);
    expect(m.layers.map((l) => l.getConfig()['antialias'])).to.deep.equal([false, true, false, false, true, false]);
    // Every resampling's weights sum to 1: a constant image stays constant.
    const flat = ops.fill([1, 9, 9, 2], 0.75);
    const y = m.predict(flat) as Tensor;
    expect(y.shape).to.deep.equal([1, 4, 3, 2]);
    await expectClose(y, Array(24).fill(0.75), 1e-5);
    const x = ops.randomUniform([2, 9, 9, 2], 0, 1, 'float32', 5);
    for (const flavor of ['keras3', 'keras2'] as const) {
      const copy = fromJSON(modelToConfig(m, flavor));
      expect(copy.layers.map((l) => l.getConfig())).to.deep.equal(m.layers.map((l) => l.getConfig()));
      const [ya, yb] = [m.predict(x) as Tensor, copy.predict(x) as Tensor];
      await expectClose(ya, Array.from(await yb.data()), 1e-6);
      ops.dispose([ya, yb]);
      copy.dispose();
    }
    ops.dispose([flat, y, x]);
    m.dispose();
  });

  it('refuses an interpolation Keras does not accept, naming the path', () => {
    expect(() => fromJSON(sequential([resizing('r', 4, 4, 'gaussian', false)]))).to.throw(/layers\/1\/config\/interpolation: must be one of .*received "gaussian"/);
    expect(() => fromJSON(sequential([resizing('r', 4, 4, 'bicubic', 'yes' as unknown as boolean)]))).to.throw(/layers\/1\/config\/antialias/);
  });
});
