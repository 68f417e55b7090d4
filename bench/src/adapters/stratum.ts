/** The Stratum side of the benchmark, written as a user would write it. */
import * as st from 'stratum';
import {LEARNING_RATE} from '../protocol.js';
import type {BackendChoice, ModelName} from '../protocol.js';
import type {Adapter} from './adapter.js';

function sequentialOf(model: ModelName): st.Sequential {
  if (model === 'mlp') {
    return st.sequential([
      st.layers.dense({units: 512, activation: 'relu', inputShape: [784]}),
      st.layers.dense({units: 256, activation: 'relu'}),
      st.layers.dense({units: 10, activation: 'softmax'}),
    ]);
  }
  return st.sequential([
    st.layers.conv2d({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
    st.layers.maxPooling2d({poolSize: 2}),
    st.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}),
    st.layers.maxPooling2d({poolSize: 2}),
    st.layers.flatten(),
    st.layers.dense({units: 128, activation: 'relu'}),
    st.layers.dense({units: 10, activation: 'softmax'}),
  ]);
}

export function createAdapter(): Adapter<st.Tensor> {
  let net: st.Sequential | null = null;
  const model = (): st.Sequential => {
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
      net = sequentialOf(name);
      net.compile({optimizer: new st.optimizers.Adam({learningRate: LEARNING_RATE}), loss: 'categoricalCrossentropy'});
    },
    tensor: (values: Float32Array, shape: number[]) => st.tensor(values, shape, 'float32'),
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
