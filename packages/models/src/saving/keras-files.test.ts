/**
 * Hand-written Keras 3, Keras 2 and TF.js topologies (written from FORMATS.md §1–3, not produced by
 * Keras) load into the right architecture.
 */
import {expect} from 'chai';
import {NotSupportedError, SerializationError, memory, ops, setBackend, tensor2d} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import {Functional, Sequential, fromJSON} from '../index.js';
import {AddPair} from './fixtures.test.helpers.js';

const POLICY = {module: 'keras', class_name: 'DTypePolicy', config: {name: 'float32'}, registered_name: null};
const GLOROT = {module: 'keras.initializers', class_name: 'GlorotUniform', config: {seed: null}, registered_name: null};
const ZEROS = {module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null};

function k3Dense(name: string, units: number, activation: string, inputShape: (number | null)[], extra: object = {}): object {
  return {
    module: 'keras.layers',
    class_name: 'Dense',
    config: {name, trainable: true, dtype: POLICY, units, activation, use_bias: true, kernel_initializer: GLOROT, bias_initializer: ZEROS, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null, ...extra},
    registered_name: null,
    build_config: {input_shape: inputShape},
  };
}

function k3Input(name: string, batchShape: (number | null)[]): object {
  return {module: 'keras.layers', class_name: 'InputLayer', config: {batch_shape: batchShape, dtype: 'float32', sparse: false, name}, registered_name: null};
}

function kt(layer: string, node: number, shape: (number | null)[]): object {
  return {class_name: '__keras_tensor__', config: {shape, dtype: 'float32', keras_history: [layer, node, 0]}};
}

const KERAS3_CNN = {
  module: 'keras',
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    trainable: true,
    dtype: POLICY,
    layers: [
      k3Input('input_layer', [null, 28, 28, 1]),
      {
        module: 'keras.layers',
        class_name: 'Conv2D',
        config: {name: 'conv2d', trainable: true, dtype: POLICY, filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true, kernel_initializer: GLOROT, bias_initializer: ZEROS, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null},
        registered_name: null,
        build_config: {input_shape: [null, 28, 28, 1]},
      },
      {module: 'keras.layers', class_name: 'MaxPooling2D', config: {name: 'max_pooling2d', trainable: true, dtype: POLICY, pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last'}, registered_name: null},
      {module: 'keras.layers', class_name: 'Flatten', config: {name: 'flatten', trainable: true, dtype: POLICY, data_format: 'channels_last'}, registered_name: null},
      // Keras-only keys with no effect here (LoRA, quantization) are ignored.
      k3Dense('dense', 10, 'softmax', [null, 1352], {lora_rank: null, quantization_config: null}),
    ],
    build_input_shape: [null, 28, 28, 1],
  },
  registered_name: null,
  build_config: {input_shape: [null, 28, 28, 1]},
  compile_config: {optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'], loss_weights: null},
};

/** Functional with a nested Sequential (referenced as node 0) and a nested Functional (node 1). */
const KERAS3_NESTED = {
  module: 'keras.src.models.functional',
  class_name: 'Functional',
  config: {
    name: 'outer',
    trainable: true,
    layers: [
      {...k3Input('input_layer', [null, 4]), name: 'input_layer', inbound_nodes: []},
      {...k3Dense('dense', 8, 'relu', [null, 4]), name: 'dense', inbound_nodes: [{args: [kt('input_layer', 0, [null, 4])], kwargs: {}}]},
      {
        module: 'keras',
        class_name: 'Sequential',
        config: {name: 'seq', trainable: true, dtype: POLICY, layers: [k3Input('seq_input', [null, 8]), k3Dense('seq_dense', 3, 'linear', [null, 8])], build_input_shape: [null, 8]},
        registered_name: null,
        build_config: {input_shape: [null, 8]},
        name: 'seq',
        inbound_nodes: [{args: [kt('dense', 0, [null, 8])], kwargs: {}}],
      },
      {
        module: 'keras.src.models.functional',
        class_name: 'Functional',
        config: {
          name: 'inner',
          trainable: true,
          layers: [
            {...k3Input('inner_in', [null, 8]), name: 'inner_in', inbound_nodes: []},
            {...k3Dense('inner_dense', 2, 'sigmoid', [null, 8]), name: 'inner_dense', inbound_nodes: [{args: [kt('inner_in', 0, [null, 8])], kwargs: {}}]},
          ],
          input_layers: ['inner_in', 0, 0],
          output_layers: ['inner_dense', 0, 0],
        },
        registered_name: 'Functional',
        name: 'inner',
        inbound_nodes: [{args: [kt('dense', 0, [null, 8])], kwargs: {training: false}}],
      },
    ],
    input_layers: ['input_layer', 0, 0],
    output_layers: [['seq', 0, 0], ['inner', 1, 0]],
  },
  registered_name: 'Functional',
};

function k2Dense(name: string, units: number, activation: string, extra: object = {}): object {
  return {
    class_name: 'Dense',
    config: {name, trainable: true, dtype: 'float32', units, activation, use_bias: true, kernel_initializer: {class_name: 'GlorotUniform', config: {seed: null}}, bias_initializer: {class_name: 'Zeros', config: {}}, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null, ...extra},
  };
}

const KERAS2_SEQUENTIAL = {
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    layers: [
      {class_name: 'InputLayer', config: {batch_input_shape: [null, 10], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input'}},
      k2Dense('dense', 16, 'relu'),
      k2Dense('dense_1', 1, 'sigmoid'),
    ],
  },
  keras_version: '2.11.0',
  backend: 'tensorflow',
};

/** Keras 2.2.4: class "Model", list-form nodes, a shared layer, a nested Sequential referenced from node 1. */
const KERAS2_MODEL = {
  class_name: 'Model',
  config: {
    name: 'model_1',
    layers: [
      {name: 'input_1', class_name: 'InputLayer', config: {batch_input_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_1'}, inbound_nodes: []},
      {name: 'input_2', class_name: 'InputLayer', config: {batch_input_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_2'}, inbound_nodes: []},
      {...k2Dense('shared', 3, 'tanh'), name: 'shared', inbound_nodes: [[['input_1', 0, 0, {}]], [['input_2', 0, 0, {}]]]},
      {
        name: 'sequential_1',
        class_name: 'Sequential',
        config: {name: 'sequential_1', layers: [k2Dense('dense_s', 2, 'linear', {batch_input_shape: [null, 3]})]},
        inbound_nodes: [[['shared', 1, 0, {}]]],
      },
    ],
    input_layers: [['input_1', 0, 0], ['input_2', 0, 0]],
    output_layers: [['shared', 0, 0], ['sequential_1', 1, 0]],
  },
  keras_version: '2.2.4',
  backend: 'tensorflow',
};

describe('saving: hand-written Keras 3 JSON', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('Sequential CNN (InputLayer batch_shape, DTypePolicy, module-tagged initializers): 13,610 params', async () => {
    const m = fromJSON(JSON.stringify(KERAS3_CNN));
    expect(m).to.be.instanceOf(Sequential);
    expect(m.layers.map((l) => l.name)).to.deep.equal(['conv2d', 'max_pooling2d', 'flatten', 'dense']);
    expect(m.countParams()).to.equal(80 + 13530);
    const y = m.predict(ops.zeros([2, 28, 28, 1])) as Tensor;
    expect(y.shape).to.deep.equal([2, 10]);
    await expectClose(ops.sum(y, 1), [1, 1]);
    m.dispose();
  });

  it('Functional with a nested Sequential (node 0) and a nested Functional (node 1): 85 params, 2 outputs', () => {
    const m = fromJSON(KERAS3_NESTED) as Functional;
    expect(m.countParams()).to.equal(40 + 27 + 18);
    expect(m.outputNames).to.deep.equal(['seq', 'inner']);
    const ys = m.predict(ops.ones([3, 4])) as Tensor[];
    expect(ys.map((t) => t.shape)).to.deep.equal([[3, 3], [3, 2]]);
    ops.dispose(ys);
    m.dispose();
  });

  it('Keras 3.0–3.3 plain-string dtype and dict input_layers', () => {
    const doc = {
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      config: {
        name: 'dict_in',
        layers: [
          {...k3Input('a', [null, 2]), name: 'a', inbound_nodes: []},
          {...k3Input('b', [null, 2]), name: 'b', inbound_nodes: []},
          {module: null, class_name: 'AddPair', config: {name: 'sum', dtype: 'float32', trainable: true}, registered_name: 'test>AddPair', name: 'sum', inbound_nodes: [{args: [[kt('a', 0, [null, 2]), kt('b', 0, [null, 2])]], kwargs: {}}]},
        ],
        input_layers: {a: ['a', 0, 0], b: ['b', 0, 0]},
        output_layers: ['sum', 0, 0],
      },
      registered_name: 'Functional',
    };
    const m = fromJSON(doc) as Functional;
    expect(m.inputNames).to.deep.equal(['a', 'b']);
    expect(m.getLayer('sum')).to.be.instanceOf(AddPair);
    m.dispose();
  });
});

describe('saving: hand-written Keras 2 JSON', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('tf.keras Sequential with an InputLayer (batch_input_shape, string dtype): 193 params', () => {
    const m = fromJSON(JSON.stringify(KERAS2_SEQUENTIAL));
    expect(m.countParams()).to.equal(176 + 17);
    expect((m as Sequential).inputShape).to.deep.equal([null, 10]);
    m.dispose();
  });

  it('Keras 2.0: a bare list of layers, batch_input_shape on the first one', () => {
    const doc = {
      class_name: 'Sequential',
      config: [
        {class_name: 'Dense', config: {name: 'dense_1', trainable: true, batch_input_shape: [null, 3], dtype: 'float32', units: 2, activation: 'linear', use_bias: true, kernel_initializer: {class_name: 'VarianceScaling', config: {scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null}}, bias_initializer: {class_name: 'Zeros', config: {}}, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null}},
      ],
      keras_version: '2.0.8',
      backend: 'tensorflow',
    };
    const m = fromJSON(doc);
    expect(m.countParams()).to.equal(8);
    expect(m.layers[0]?.name).to.equal('dense_1');
    m.dispose();
  });

  it('Keras 2.2.4 "Model": list-form nodes, shared layer, nested Sequential referenced from node 1: 23 params', async () => {
    const m = fromJSON(KERAS2_MODEL) as Functional;
    expect(m.countParams()).to.equal(15 + 8);
    expect(m.getLayer('shared').inboundNodes.length).to.equal(2);
    const a = tensor2d([[1, 2, 3, 4]]);
    const b = tensor2d([[4, 3, 2, 1]]);
    const [y1, y2] = m.predict([a, b]) as Tensor[];
    expect(y1?.shape).to.deep.equal([1, 3]);
    expect(y2?.shape).to.deep.equal([1, 2]);
    // The nested Sequential consumes the shared layer's second call (on input_2).
    const shared = m.getLayer('shared');
    const seq = m.getLayer('sequential_1');
    const expected = seq.apply(shared.apply(b) as Tensor) as Tensor;
    await expectClose(y2 as Tensor, expected);
    ops.dispose([a, b, y1 as Tensor, y2 as Tensor, expected]);
    m.dispose();
  });

  it('layers listed but not connected to the outputs are freed, not kept', () => {
    const doc = JSON.parse(JSON.stringify(KERAS2_MODEL)) as {config: {layers: object[]}};
    doc.config.layers.push({...k2Dense('orphan', 7, 'relu'), name: 'orphan', inbound_nodes: [[['input_1', 0, 0, {}]]]});
    const before = memory().numTensors;
    const m = fromJSON(doc);
    expect(m.layers.map((l) => l.name)).to.not.include('orphan');
    expect(memory().numTensors - before).to.equal(m.weights.length);
    m.dispose();
  });

  it('tf.keras 2.13–2.15: module, registered_name and build_config inside a Keras 2 top level', () => {
    const doc = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          {module: 'keras.layers', class_name: 'InputLayer', config: {batch_input_shape: [null, 6], dtype: 'float32', sparse: false, ragged: false, name: 'input_1'}, registered_name: null},
          {module: 'keras.layers', ...k2Dense('dense', 4, 'relu'), registered_name: null, build_config: {input_shape: [null, 6]}},
        ],
      },
      keras_version: '2.13.1',
      backend: 'tensorflow',
    };
    const m = fromJSON(doc);
    expect(m.countParams()).to.equal(28);
    m.dispose();
  });

  it('hard_sigmoid follows the file: Keras 2 clip(0.2x + 0.5, 0, 1)', async () => {
    const doc = {class_name: 'Sequential', config: {name: 's', layers: [k2Dense('d', 1, 'hard_sigmoid', {batch_input_shape: [null, 1]})]}, keras_version: '2.15.0', backend: 'tensorflow'};
    const m = fromJSON(doc);
    const [k, b] = [tensor2d([[1]]), ops.zeros([1])];
    m.setWeights([k, b]);
    const x = tensor2d([[1], [-1], [4]]);
    const y = m.predict(x) as Tensor;
    await expectClose(y, [[0.7], [0.3], [1]]);
    ops.dispose([k, b, x, y]);
    m.dispose();
  });
});

describe('saving: TF.js topologies and camelCase values', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it("the converter's model_config wrapper with camelCase values (batchInputShape, channelsLast, glorotUniform, fanAvg)", () => {
    const doc = {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            {class_name: 'InputLayer', config: {batchInputShape: [null, 6, 6, 3], dtype: 'float32', sparse: false, name: 'input_1'}},
            {class_name: 'Conv2D', config: {name: 'conv2d', trainable: true, dtype: 'float32', filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channelsLast', dilation_rate: [1, 1], activation: 'relu', use_bias: true, kernel_initializer: 'glorotUniform', bias_initializer: 'zeros', kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null}},
            {class_name: 'Flatten', config: {name: 'flatten', trainable: true, dtype: 'float32', data_format: 'channelsLast'}},
            k2Dense('dense', 2, 'softmax', {kernel_initializer: {class_name: 'VarianceScaling', config: {scale: 1, mode: 'fanAvg', distribution: 'normal', seed: null}}}),
          ],
        },
      },
    };
    const m = fromJSON(doc);
    expect(m.countParams()).to.equal(3 * 3 * 3 * 2 + 2 + 32 * 2 + 2);
    const json = JSON.parse(m.toJSON()) as {config: {layers: {config: Record<string, unknown>}[]}};
    expect(json.config.layers[1]?.config['data_format']).to.equal('channels_last');
    expect(json.config.layers[3]?.config['kernel_initializer']).to.deep.include({class_name: 'VarianceScaling', config: {scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: null}});
    m.dispose();
  });

  it('a whole model.json (tfjs-layers form) gives its topology', () => {
    const doc = {format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', convertedBy: null, modelTopology: {...KERAS2_SEQUENTIAL, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js'}, weightsManifest: []};
    const m = fromJSON(doc);
    expect(m.countParams()).to.equal(193);
    m.dispose();
  });
});

describe('saving: fromJSON refuses bad or unsupported files', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  function withLayer(layer: object, at = 2): object {
    const doc = JSON.parse(JSON.stringify(KERAS2_SEQUENTIAL)) as {config: {layers: object[]}};
    doc.config.layers.splice(at, 0, layer);
    return doc;
  }

  it('schema errors carry the JSON path, before anything is built', () => {
    const before = memory().numTensors;
    const bad = withLayer(k2Dense('dense_x', 'ten' as unknown as number, 'relu'));
    expect(() => fromJSON(bad)).to.throw(SerializationError, /fromJSON: invalid Keras model JSON at \/config\/layers\/2\/config\/units: must be integer \(received "ten"\)/);
    expect(memory().numTensors).to.equal(before);
  });

  it('unknown layer classes name the class and list the registered ones; nothing is left behind', () => {
    const before = memory().numTensors;
    const err = (() => {
      try {
        fromJSON(withLayer({class_name: 'FancyLayer', config: {name: 'fancy'}}));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(err).to.be.instanceOf(SerializationError);
    expect(err?.message).to.match(/Unknown layer class "FancyLayer"/);
    expect(err?.message).to.match(/registered: .*Dense/);
    expect(err?.message).to.include('/config/layers/2');
    // the Dense layer built before the failure was disposed
    expect(memory().numTensors).to.equal(before);
  });

  it('customObjects supply classes the registry does not know', () => {
    const doc = JSON.parse(JSON.stringify(KERAS3_NESTED)) as {config: {layers: {class_name: string}[]}};
    const dense = doc.config.layers[1] as {class_name: string};
    dense.class_name = 'MyDense';
    expect(() => fromJSON(doc)).to.throw(SerializationError, /Unknown layer class "MyDense"/);
    const m = fromJSON(doc, {customObjects: {MyDense: Dense}});
    expect((m as Functional).getLayer('dense')).to.be.instanceOf(Dense);
    expect(m.countParams()).to.equal(85);
    m.dispose();
  });

  it('refuses code: __lambda__ and Lambda layers, never evaluating it', () => {
    const lambda = {module: 'keras.layers', class_name: 'Lambda', config: {name: 'lambda', function: {class_name: '__lambda__', config: {code: 'ZXZpbA==', defaults: null, closure: null}}}, registered_name: null};
    expect(() => fromJSON(withLayer(lambda))).to.throw(SerializationError, /\/config\/layers\/2 contains Python code.*never evaluates code/);
    const inConfig = withLayer(k2Dense('d2', 1, 'relu', {kernel_constraint: {class_name: '__lambda__', config: {code: 'x'}}}));
    expect(() => fromJSON(inConfig)).to.throw(SerializationError, /kernel_constraint contains Python code/);
  });

  it('a Keras 2 activity_regularizer loads; quantized dtype policies are refused as not supported', () => {
    const reg = withLayer(k2Dense('d2', 1, 'relu', {activity_regularizer: {class_name: 'L2', config: {l2: 0.01}}}));
    const loaded = fromJSON(reg);
    expect(loaded.getLayer('d2').activityRegularizer?.getConfig()).to.deep.equal({l2: 0.01});
    loaded.dispose();
    const q = withLayer(k2Dense('d2', 1, 'relu', {dtype: {module: 'keras', class_name: 'QuantizedDTypePolicy', config: {name: 'int8_from_float32'}, registered_name: null}}));
    expect(() => fromJSON(q)).to.throw(NotSupportedError, /quantized/);
  });

  it('corrupt JSON text, wrong top-level classes and dangling node references', () => {
    expect(() => fromJSON('{"class_name": "Sequential", "config": {')).to.throw(SerializationError, /fromJSON: not valid JSON/);
    expect(() => fromJSON({class_name: 'Dense', config: {units: 3}})).to.throw(SerializationError, /fromJSON: \/ is a "Dense", a layer; expected a model \(Sequential, Functional or a registered Model subclass\)/);
    expect(() => fromJSON({class_name: 'NoSuchModel', config: {}})).to.throw(SerializationError, /Unknown layer class "NoSuchModel"/);
    const dangling = JSON.parse(JSON.stringify(KERAS2_MODEL)) as {config: {output_layers: unknown[]}};
    dangling.config.output_layers = [['shared', 5, 0]];
    expect(() => fromJSON(dangling)).to.throw(SerializationError, /refers to node 5 of layer "shared", which has 2 node\(s\)/);
    const missing = JSON.parse(JSON.stringify(KERAS2_MODEL)) as {config: {output_layers: unknown[]}};
    missing.config.output_layers = [['nope', 0, 0]];
    expect(() => fromJSON(missing)).to.throw(SerializationError, /refers to layer "nope", which is not among the model's layers/);
  });

  it('layer constructor errors name the layer and its JSON path', () => {
    const bad = withLayer({class_name: 'Reshape', config: {name: 'rs', target_shape: [-1, -1]}});
    expect(() => fromJSON(bad)).to.throw(SerializationError, /cannot build layer "rs" \(Reshape\) at \/config\/layers\/2.*targetShape/);
  });
});
