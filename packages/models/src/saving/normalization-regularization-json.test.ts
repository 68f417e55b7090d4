/**
 * The normalization and regularization layers (DropConnect's nested layer included) through Keras 3 JSON,
 * Keras 2 JSON and a TF.js folder, to the same predictions and Keras's parameter counts; configs as Keras
 * writes them load, and bad values fail at validation with the JSON path.
 */
import {expect} from 'chai';
import {SerializationError, ops, setBackend} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {
  AlphaDropout, GaussianNoise, GroupNormalization, LayerNormalization, SpatialDropout2D, SpatialDropout3D, resetNames,
} from '@stratum/layers';
import {fromJSON, loadModel, sequential} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights, tempDir} from './fixtures.test.helpers.js';
import {sequenceModel} from './normalization-regularization.test.helpers.js';
import {modelToConfig} from './to-json.js';

function imageModel(): Model {
  return sequential({
    layers: [
      new SpatialDropout2D({rate: 0.5, dataFormat: 'channels_first', inputShape: [2, 4, 4], name: 'sd2'}),
      new LayerNormalization({axis: [1, 2, 3], rmsScaling: true, name: 'lnr'}),
      new GroupNormalization({groups: -1, axis: 1, name: 'inorm'}),
    ],
  });
}

function volumeModel(): Model {
  return sequential({layers: [new SpatialDropout3D({rate: 0.5, inputShape: [2, 2, 2, 3], name: 'sd3'}), new LayerNormalization({name: 'ln3'})]});
}

async function samePredictions(a: Model, b: Model, shape: number[]): Promise<void> {
  const x = ops.randomUniform(shape, -1, 1, 'float32', 11);
  const [ya, yb] = [a.predict(x) as Tensor, b.predict(x) as Tensor];
  await expectClose(ya, yb, 1e-5, 1e-5);
  ops.dispose([x, ya, yb]);
}

describe('saving: normalization and regularization layers', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Keras 3 and Keras 2 JSON round trips keep every layer and argument; params as Keras counts them', async () => {
    const m = sequenceModel();
    // proj 8·8 + 8 = 72; ln gamma+beta over [6, 8]: 96; gn 8 + 8 = 16; rms 8; head 8·3 + 3 = 27.
    expect(m.countParams()).to.equal(72 + 96 + 16 + 8 + 27);
    expect(m.weights.map((w) => w.path)).to.include.members(['dc/head/kernel', 'dc/head/bias', 'rms/scale', 'ln/gamma', 'gn/beta']);
    const doc = JSON.parse(m.toJSON()) as {config: {layers: {class_name: string; config: Record<string, unknown>}[]}};
    const configs = Object.fromEntries(doc.config.layers.map((l) => [l.class_name, l.config]));
    expect(configs['LayerNormalization']).to.deep.include({axis: [-1, 1], epsilon: 1e-3, center: true, scale: true, rms_scaling: false, beta_regularizer: null});
    expect(configs['GroupNormalization']).to.include({groups: 4, axis: -1});
    expect(configs['RMSNormalization']).to.include({axis: -1, epsilon: 1e-6});
    expect(Object.keys(configs['SpatialDropout1D'] as object).sort()).to.deep.equal(['dtype', 'name', 'rate', 'seed']);
    expect(configs['Dropout']).to.deep.include({rate: 0.2, seed: 3, noise_shape: [null, 1, null]});
    expect(configs['AlphaDropout']).to.deep.include({rate: 0.1, seed: 6, noise_shape: [null, 1, null]});
    expect(configs['GaussianNoise']).to.include({stddev: 0.1, seed: 2});
    expect(configs['DropConnect']).to.deep.include({rate: 0.3, seed: 4, weight_names: null});
    expect((configs['DropConnect'] as {layer: {class_name: string}}).layer.class_name).to.equal('Dense');
    for (const flavor of ['keras3', 'keras2'] as const) {
      const copy = fromJSON(modelToConfig(m, flavor));
      expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
      expect(copy.countParams()).to.equal(m.countParams());
      copyWeights(m, copy);
      await samePredictions(m, copy, [3, 6, 8]);
      copy.dispose();
    }
    m.dispose();
  });

  it('channels-first spatial dropout, rmsScaling and instance normalization round trip through a TF.js folder', async () => {
    const {dir, cleanup} = await tempDir();
    const m = imageModel();
    // lnr gamma over [2, 4, 4] = 32 (no beta with rmsScaling); inorm gamma + beta per channel: 2 + 2.
    expect(m.countParams()).to.equal(36);
    await m.save(`file://${dir}/m`);
    const loaded = await loadModel(`file://${dir}/m/model.json`);
    expect((loaded.layers[0] as SpatialDropout2D).dataFormat).to.equal('channels_first');
    expect((loaded.layers[1] as LayerNormalization).rmsScaling).to.equal(true);
    await samePredictions(m, loaded, [2, 2, 4, 4]);
    const v = volumeModel();
    await v.save(`file://${dir}/v`);
    const loadedV = await loadModel(`file://${dir}/v/model.json`);
    expect(loadedV.countParams()).to.equal(6);
    await samePredictions(v, loadedV, [2, 2, 2, 2, 3]);
    for (const x of [m, loaded, v, loadedV]) x.dispose();
    await cleanup();
  });

  it('loads configs as Keras writes them: Keras 3 built axes and exact SpatialDropout keys, Keras 2 noise_shape and trainable', () => {
    const keras3 = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          {class_name: 'InputLayer', config: {batch_shape: [null, 5, 4], dtype: 'float32', name: 'in'}},
          {module: 'keras.layers', class_name: 'LayerNormalization', config: {name: 'ln', trainable: true, dtype: 'float32', axis: [2], epsilon: 0.001, center: true, scale: true, rms_scaling: false, beta_initializer: {module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null}, gamma_initializer: {module: 'keras.initializers', class_name: 'Ones', config: {}, registered_name: null}, beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null}, registered_name: null},
          {module: 'keras.layers', class_name: 'SpatialDropout1D', config: {rate: 0.5, seed: null, name: 'sd', dtype: 'float32'}, registered_name: null},
          {module: 'keras.layers', class_name: 'GroupNormalization', config: {name: 'gn', groups: 2, axis: -1, epsilon: 0.001, center: true, scale: false}, registered_name: null},
          {module: 'keras.layers', class_name: 'UnitNormalization', config: {name: 'un', axis: [1, 2]}, registered_name: null},
        ],
      },
      keras_version: '3.8.0',
    };
    const m3 = fromJSON(keras3);
    expect(m3.countParams()).to.equal(4 + 4 + 4);
    m3.dispose();
    const keras2 = {
      class_name: 'Sequential',
      config: {
        name: 's2',
        layers: [
          {class_name: 'SpatialDropout2D', config: {name: 'sd', trainable: true, batch_input_shape: [null, 3, 3, 2], rate: 0.3, noise_shape: null, seed: null, data_format: 'channels_last'}},
          {class_name: 'GaussianNoise', config: {name: 'gn', trainable: true, stddev: 1.5}},
          {class_name: 'AlphaDropout', config: {name: 'ad', trainable: true, rate: 0.1, noise_shape: null, seed: 7}},
        ],
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    };
    const m2 = fromJSON(keras2);
    expect((m2.layers[1] as GaussianNoise).stddev).to.equal(1.5);
    expect((m2.layers[2] as AlphaDropout).seed).to.equal(7);
    m2.dispose();
  });

  it('refuses bad arguments at validation, naming the JSON path', () => {
    const bad = (layer: object): object => ({class_name: 'Sequential', config: {name: 's', layers: [{class_name: 'InputLayer', config: {batch_shape: [null, 4], name: 'in'}}, layer]}, keras_version: '3.8.0'});
    expect(() => fromJSON(bad({class_name: 'Dropout', config: {name: 'd', rate: 1.5}}))).to.throw(SerializationError, /layers\/1\/config\/rate/);
    expect(() => fromJSON(bad({class_name: 'GroupNormalization', config: {name: 'g', groups: 0}}))).to.throw(SerializationError, /layers\/1\/config\/groups/);
    expect(() => fromJSON(bad({class_name: 'LayerNormalization', config: {name: 'l', epsilon: -1}}))).to.throw(SerializationError, /layers\/1\/config\/epsilon/);
    expect(() => fromJSON(bad({class_name: 'DropConnect', config: {name: 'dc', rate: 0.5}}))).to.throw(SerializationError, /layers\/1\/config: must have required property 'layer'/);
  });
});
