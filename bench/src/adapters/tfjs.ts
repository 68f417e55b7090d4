/** The tfjs-layers side of the benchmark: the reference, as its documentation shows it. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {LEARNING_RATE} from '../protocol.js';
import type {BackendChoice, ModelName} from '../protocol.js';
import type {Adapter} from './adapter.js';

function layersOf(model: ModelName): tf.layers.Layer[] {
  if (model === 'mlp') {
    return [
      tf.layers.dense({units: 512, activation: 'relu', inputShape: [784]}),
      tf.layers.dense({units: 256, activation: 'relu'}),
      tf.layers.dense({units: 10, activation: 'softmax'}),
    ];
  }
  return [
    tf.layers.conv2d({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
    tf.layers.maxPooling2d({poolSize: 2}),
    tf.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}),
    tf.layers.maxPooling2d({poolSize: 2}),
    tf.layers.flatten(),
    tf.layers.dense({units: 128, activation: 'relu'}),
    tf.layers.dense({units: 10, activation: 'softmax'}),
  ];
}

export function createAdapter(): Adapter<tf.Tensor> {
  let net: tf.Sequential | null = null;
  const model = (): tf.Sequential => {
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
      net = tf.sequential({layers: layersOf(name)});
      net.compile({optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy'});
    },
    tensor: (values: Float32Array, shape: number[]) => tf.tensor(values, shape, 'float32'),
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
