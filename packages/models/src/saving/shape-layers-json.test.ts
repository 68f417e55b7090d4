/**
 * The reshaping, 3-D pooling, Dot, Identity and TimeDistributed layers through Keras 3 JSON, Keras 2 JSON
 * and a TF.js folder, with Keras's parameter count; a Keras 2 file with TimeDistributed(Dense) as tf.keras
 * writes it loads and predicts what the wrapped Dense computes by hand.
 */
import {expect} from 'chai';
import {ops, setBackend, tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {
  AveragePooling3D, Concatenate, Cropping1D, Cropping2D, Cropping3D, Dense, Dot, Embedding, Flatten, GlobalAveragePooling1D, Identity,
  MaxPooling3D, TimeDistributed, ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, input, resetNames,
} from '@stratum/layers';
import {fromJSON, loadModel, model, sequential} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights, expectSamePredictions, randomTensor, tempDir} from './fixtures.test.helpers.js';
import {modelToConfig} from './to-json.js';

function shapeModel(): Model {
  const seq = input({shape: [6, 4], name: 'seq'});
  const vol = input({shape: [4, 4, 4, 2], name: 'vol'});
  const img = input({shape: [5, 5, 1], name: 'img'});
  const s1 = new ZeroPadding1D({padding: [1, 0], name: 'pad1'}).apply(seq); // [7, 4]
  const s2 = new Cropping1D({cropping: [0, 1], name: 'crop1'}).apply(s1); // [6, 4]
  const steps = new TimeDistributed({layer: new Dense({units: 3, activation: 'tanh', name: 'step_dense'}), name: 'td'}).apply(s2); // [6, 3]
  const same = new Identity({name: 'ident'}).apply(steps);
  const gram = new Flatten({name: 'flat_dot'}).apply(new Dot({axes: [1, 1], normalize: true, name: 'dot'}).apply([same, steps])); // [3, 3] -> 9
  const v1 = new ZeroPadding3D({padding: 1, name: 'pad3'}).apply(vol); // [6, 6, 6, 2]
  const v2 = new MaxPooling3D({poolSize: 2, name: 'max3'}).apply(v1); // [3, 3, 3, 2]
  const v3 = new Cropping3D({cropping: [[1, 0], 0, [0, 1]], name: 'crop3'}).apply(v2); // [2, 3, 2, 2]
  const v4 = new AveragePooling3D({poolSize: 2, padding: 'same', dataFormat: 'channels_last', name: 'avg3'}).apply(v3); // [1, 2, 1, 2]
  const i1 = new ZeroPadding2D({padding: [[1, 0], [0, 1]], name: 'pad2'}).apply(img); // [6, 6, 1]
  const i2 = new Cropping2D({cropping: 1, name: 'crop2'}).apply(i1); // [4, 4, 1]
  const joined = new Concatenate({name: 'cat'}).apply([gram, new Flatten({name: 'flat_vol'}).apply(v4), new Flatten({name: 'flat_img'}).apply(i2)]); // 9 + 4 + 16
  return model({inputs: [seq, vol, img], outputs: new Dense({units: 2, name: 'out'}).apply(joined), name: 'shapes'});
}

const inputs = (): ReturnType<typeof randomTensor>[] => [randomTensor([3, 6, 4], 1), randomTensor([3, 4, 4, 4, 2], 2), randomTensor([3, 5, 5, 1], 3)];

describe('saving: reshaping, 3-D pooling, Dot, Identity and TimeDistributed layers', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Keras 3 and Keras 2 JSON round trips keep the graph and predictions; params as Keras counts them', async () => {
    const m = shapeModel();
    // td: 4·3 + 3 = 15; out: 29·2 + 2 = 60.
    expect(m.countParams()).to.equal(75);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['td/step_dense/kernel', 'td/step_dense/bias', 'out/kernel', 'out/bias']);
    const doc = JSON.parse(m.toJSON()) as {config: {layers: {class_name: string; config: Record<string, unknown>}[]}};
    const configs = Object.fromEntries(doc.config.layers.map((l) => [l.config['name'], l.config]));
    expect(configs['crop3']).to.include({data_format: 'channels_last'}).and.deep.include({cropping: [[1, 0], [0, 0], [0, 1]]});
    expect(configs['crop1']).to.deep.include({cropping: [0, 1]}).and.not.have.key('data_format');
    expect(configs['avg3']).to.deep.include({pool_size: [2, 2, 2], strides: [2, 2, 2], padding: 'same'});
    expect(configs['dot']).to.deep.include({axes: [1, 1], normalize: true});
    expect((configs['td'] as {layer: {class_name: string; config: Record<string, unknown>}}).layer).to.deep.include({class_name: 'Dense'});
    for (const flavor of ['keras3', 'keras2'] as const) {
      const copy = fromJSON(modelToConfig(m, flavor));
      expect(copy.layers.map((l) => l.name)).to.deep.equal(m.layers.map((l) => l.name));
      copyWeights(m, copy);
      const xs = inputs();
      await expectSamePredictions(m, copy, xs);
      ops.dispose(xs);
      copy.dispose();
    }
    m.dispose();
  });

  it('saves to a TF.js folder and loads back to the same predictions', async () => {
    const {dir, cleanup} = await tempDir();
    const m = shapeModel();
    await m.save(`file://${dir}/m`);
    const loaded = await loadModel(`file://${dir}/m/model.json`);
    const xs = inputs();
    await expectSamePredictions(m, loaded, xs);
    ops.dispose(xs);
    for (const x of [m, loaded]) x.dispose();
    await cleanup();
  });

  it('loads a Keras 2 Sequential with TimeDistributed(Dense) as tf.keras writes it, and predicts by hand', async () => {
    const denseConfig = {
      name: 'dense', trainable: true, dtype: 'float32', units: 2, activation: 'relu', use_bias: true,
      kernel_initializer: {class_name: 'GlorotUniform', config: {seed: null}}, bias_initializer: {class_name: 'Zeros', config: {}},
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    };
    const keras2 = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          {class_name: 'InputLayer', config: {batch_input_shape: [null, 3, 2], dtype: 'float32', sparse: false, ragged: false, name: 'time_distributed_input'}},
          {class_name: 'TimeDistributed', config: {name: 'time_distributed', trainable: true, dtype: 'float32', layer: {class_name: 'Dense', config: denseConfig}}},
          {class_name: 'ZeroPadding1D', config: {name: 'zero_padding1d', trainable: true, dtype: 'float32', padding: [1, 0]}},
          {class_name: 'Cropping1D', config: {name: 'cropping1d', trainable: true, dtype: 'float32', cropping: [0, 2]}},
        ],
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    };
    const m = fromJSON(JSON.stringify(keras2));
    expect(m.countParams()).to.equal(6);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['time_distributed/dense/kernel', 'time_distributed/dense/bias']);
    // kernel [[1, -1], [2, 1]], bias [0, 1]: [a, b] -> relu([a + 2b, -a + b + 1]).
    m.setWeights([tensor([[1, -1], [2, 1]]), tensor([0, 1])]);
    const x = tensor([[[1, 1], [2, -3], [0, 1]]]);
    // Steps -> [3, 1], [0, 0], [2, 2]; pad one zero step in front, crop the last two: [0, 0], [3, 1].
    const y = m.predict(x);
    await expectClose(y as ReturnType<typeof tensor>, [[[0, 0], [3, 1]]]);
    ops.dispose([x, y as ReturnType<typeof tensor>]);
    m.dispose();
  });

  it('Identity passes an Embedding mask on, so the pooling after it leaves padded steps out', async () => {
    const m = sequential({layers: [new Embedding({inputDim: 4, outputDim: 2, maskZero: true, inputShape: [4]}), new Identity(), new GlobalAveragePooling1D()]});
    m.setWeights([tensor([[9, 9], [1, 2], [3, 6], [5, 0]])]);
    const x = tensor([[1, 2, 0, 0], [3, 0, 0, 0]], [2, 4], 'int32');
    // Row 1: mean of emb[1], emb[2] = [2, 4]; row 2: emb[3] alone = [5, 0] (the zeros, embedded as [9, 9], are masked).
    const y = m.predict(x);
    await expectClose(y as ReturnType<typeof tensor>, [[2, 4], [5, 0]]);
    const copy = fromJSON(m.toJSON());
    copyWeights(m, copy);
    await expectSamePredictions(m, copy, x);
    ops.dispose([x, y as ReturnType<typeof tensor>]);
    m.dispose();
    copy.dispose();
  });
});
