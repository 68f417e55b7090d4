/**
 * The public API as Keras users write feature extraction: `st.model({inputs: base.inputs, outputs:
 * base.getLayer('flat').output})`, for a Sequential base and for a functional one (issue 14).
 */
import {expect} from 'chai';
import * as st from './index.js';

describe('stratum: feature extraction through the public API', () => {
  it('compiles and runs for Sequential and functional bases, with the shapes Keras gives', async () => {
    const seq = st.sequential([
      st.layers.conv2d({filters: 2, kernelSize: 3, inputShape: [5, 5, 1], name: 'conv'}),
      st.layers.flatten({name: 'flat'}),
      st.layers.dense({units: 3, name: 'head'}),
    ]);
    const x = st.input({shape: [4]});
    const fun = st.model({inputs: x, outputs: st.layers.dense({units: 2, name: 'head'}).apply(st.layers.dense({units: 6, name: 'flat'}).apply(x))});
    for (const [base, width, batch] of [[seq, 18, st.zeros([2, 5, 5, 1])], [fun, 6, st.zeros([2, 4])]] as const) {
      const features = st.model({inputs: base.inputs, outputs: base.getLayer('flat').output});
      expect(features.outputShape).to.deep.equal([null, width]);
      const y = features.predict(batch) as st.Tensor;
      expect(y.shape).to.deep.equal([2, width]);
      st.dispose([y, batch]);
      base.dispose();
    }
  });
});

describe('stratum exports plotModel and summary options', () => {
  it('st.plotModel draws a model built with st', () => {
    const x = st.input({shape: [3], name: 'x'});
    const m = st.model({inputs: x, outputs: st.layers.dense({units: 2, name: 'd'}).apply(x)});
    expect(st.plotModel(m, {format: 'dot', showLayerNames: true})).to.contain('<b>d</b> (Dense)');
    expect(m.summary({printFn: null, lineLength: 60})).to.contain('│ d (Dense)');
    m.dispose();
  });
});
