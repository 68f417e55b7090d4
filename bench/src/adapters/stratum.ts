/** The Stratum side of the benchmark, written as a user would write it. */
import * as st from 'stratum';
import {BLOCK, LEARNING_RATE, MODEL_SPEC, TEXT} from '../protocol.js';
import type {BackendChoice, ModelName} from '../protocol.js';
import type {Adapter} from './adapter.js';

/**
 * A MobileNetV2 inverted residual block (keras/src/applications/mobilenet_v2.py `_inverted_res_block`,
 * stride 1): 1×1 expansion, BatchNormalization, ReLU6, depthwise 3×3, BatchNormalization, ReLU6, 1×1
 * projection, BatchNormalization, residual Add; then global average pooling and a softmax classifier.
 */
function mobilenetBlock(): st.Model {
  const inputs = st.input({shape: [BLOCK.size, BLOCK.size, BLOCK.channels]});
  let x = st.layers.conv2d({filters: BLOCK.channels * BLOCK.expansion, kernelSize: 1, padding: 'same', useBias: false}).apply(inputs);
  x = st.layers.batchNormalization().apply(x);
  x = st.layers.reLU({maxValue: 6}).apply(x);
  x = st.layers.depthwiseConv2d({kernelSize: 3, padding: 'same', useBias: false}).apply(x);
  x = st.layers.batchNormalization().apply(x);
  x = st.layers.reLU({maxValue: 6}).apply(x);
  x = st.layers.conv2d({filters: BLOCK.channels, kernelSize: 1, padding: 'same', useBias: false}).apply(x);
  x = st.layers.batchNormalization().apply(x);
  x = st.layers.add().apply([inputs, x]);
  x = st.layers.globalAveragePooling2d().apply(x);
  const outputs = st.layers.dense({units: 10, activation: 'softmax'}).apply(x);
  return st.model({inputs, outputs});
}

function modelOf(model: ModelName): st.Model {
  switch (model) {
    case 'mlp':
      return st.sequential([
        st.layers.dense({units: 512, activation: 'relu', inputShape: [784]}),
        st.layers.dense({units: 256, activation: 'relu'}),
        st.layers.dense({units: 10, activation: 'softmax'}),
      ]);
    case 'cnn':
      return st.sequential([
        st.layers.conv2d({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
        st.layers.maxPooling2d({poolSize: 2}),
        st.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}),
        st.layers.maxPooling2d({poolSize: 2}),
        st.layers.flatten(),
        st.layers.dense({units: 128, activation: 'relu'}),
        st.layers.dense({units: 10, activation: 'softmax'}),
      ]);
    case 'mobilenet-block':
      return mobilenetBlock();
    case 'text-classifier':
      return st.sequential([
        st.layers.embedding({inputDim: TEXT.vocab, outputDim: TEXT.embedDim, inputShape: [TEXT.length]}),
        st.layers.globalAveragePooling1d(),
        st.layers.dense({units: 16, activation: 'relu'}),
        st.layers.dense({units: 1, activation: 'sigmoid'}),
      ]);
  }
}

export function createAdapter(): Adapter<st.Tensor> {
  let net: st.Model | null = null;
  const model = (): st.Model => {
    if (net === null) throw new Error('model not built');
    return net;
  };
  return {
    init: async (backend: BackendChoice) => {
      await st.setBackend(backend);
      await st.ready();
      return st.getBackend();
    },
    build: (name: ModelName) => {
      net = modelOf(name);
      net.compile({optimizer: new st.optimizers.Adam({learningRate: LEARNING_RATE}), loss: MODEL_SPEC[name].loss});
    },
    tensor: (values, shape, dtype) => st.tensor(dtype === 'int32' ? Int32Array.from(values) : values, shape, dtype),
    fit: async (x, y, batchSize, epochs) => {
      await model().fit(x, y, {batchSize, epochs, verbose: 0, shuffle: false});
    },
    predict: async (x, batchSize) => {
      const out = model().predict(x, {batchSize});
      const outs = Array.isArray(out) ? out : [out];
      for (const t of outs) await t.data();
      st.dispose(outs);
    },
    dispose: (t) => st.dispose(t),
    numTensors: () => st.memory().numTensors,
  };
}
