/** The tfjs-layers side of the benchmark: the reference, as its documentation shows it. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {BLOCK, LEARNING_RATE, MODEL_SPEC, TEXT} from '../protocol.js';
import type {BackendChoice, ModelName} from '../protocol.js';
import type {Adapter} from './adapter.js';

/** The same MobileNetV2 inverted residual block as the Stratum adapter's, with `tf.model`. */
function mobilenetBlock(): tf.LayersModel {
  const inputs = tf.input({shape: [BLOCK.size, BLOCK.size, BLOCK.channels]});
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor => layer.apply(x) as tf.SymbolicTensor;
  let x = apply(tf.layers.conv2d({filters: BLOCK.channels * BLOCK.expansion, kernelSize: 1, padding: 'same', useBias: false}), inputs);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.reLU({maxValue: 6}), x);
  x = apply(tf.layers.depthwiseConv2d({kernelSize: 3, padding: 'same', useBias: false}), x);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.reLU({maxValue: 6}), x);
  x = apply(tf.layers.conv2d({filters: BLOCK.channels, kernelSize: 1, padding: 'same', useBias: false}), x);
  x = apply(tf.layers.batchNormalization(), x);
  x = apply(tf.layers.add(), [inputs, x]);
  x = apply(tf.layers.globalAveragePooling2d({}), x);
  const outputs = apply(tf.layers.dense({units: 10, activation: 'softmax'}), x);
  return tf.model({inputs, outputs});
}

function modelOf(model: ModelName): tf.LayersModel {
  switch (model) {
    case 'mlp':
      return tf.sequential({layers: [
        tf.layers.dense({units: 512, activation: 'relu', inputShape: [784]}),
        tf.layers.dense({units: 256, activation: 'relu'}),
        tf.layers.dense({units: 10, activation: 'softmax'}),
      ]});
    case 'cnn':
      return tf.sequential({layers: [
        tf.layers.conv2d({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
        tf.layers.maxPooling2d({poolSize: 2}),
        tf.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}),
        tf.layers.maxPooling2d({poolSize: 2}),
        tf.layers.flatten(),
        tf.layers.dense({units: 128, activation: 'relu'}),
        tf.layers.dense({units: 10, activation: 'softmax'}),
      ]});
    case 'mobilenet-block':
      return mobilenetBlock();
    case 'text-classifier':
      return tf.sequential({layers: [
        tf.layers.embedding({inputDim: TEXT.vocab, outputDim: TEXT.embedDim, inputLength: TEXT.length}),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({units: 16, activation: 'relu'}),
        tf.layers.dense({units: 1, activation: 'sigmoid'}),
      ]});
  }
}

export function createAdapter(): Adapter<tf.Tensor> {
  let net: tf.LayersModel | null = null;
  const model = (): tf.LayersModel => {
    if (net === null) throw new Error('model not built');
    return net;
  };
  return {
    init: async (backend: BackendChoice) => {
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
      await tf.ready();
      return tf.getBackend();
    },
    build: (name: ModelName) => {
      net = modelOf(name);
      net.compile({optimizer: tf.train.adam(LEARNING_RATE), loss: MODEL_SPEC[name].loss});
    },
    tensor: (values, shape, dtype) => tf.tensor(dtype === 'int32' ? Int32Array.from(values) : values, shape, dtype),
    fit: async (x, y, batchSize, epochs) => {
      await model().fit(x, y, {batchSize, epochs, verbose: 0, shuffle: false});
    },
    predict: async (x, batchSize) => {
      const out = model().predict(x, {batchSize});
      const outs = Array.isArray(out) ? out : [out];
      for (const t of outs) await t.data();
      tf.dispose(outs);
    },
    dispose: (t) => tf.dispose(t),
    numTensors: () => tf.memory().numTensors,
  };
}
