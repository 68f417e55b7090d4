/** `st.applications` is the model zoo, as Keras users reach it (`keras.applications.ResNet50(weights=None)`). */
import {expect} from 'chai';
import * as st from './index.js';

describe('stratum: st.applications', () => {
  it('builds the zoo through the public namespace', async () => {
    await st.setBackend('cpu');
    const resnet = st.applications.resNet50({weights: null});
    expect(resnet).to.be.instanceOf(st.Functional);
    expect(resnet.countParams()).to.equal(25_636_712);
    resnet.dispose();
    const lenet = st.applications.leNet5();
    const y = lenet.predict(st.zeros([2, 32, 32, 1])) as st.Tensor;
    expect(y.shape).to.deep.equal([2, 10]);
    st.dispose(y);
    lenet.dispose();
    for (const name of ['leNet5', 'vgg16', 'vgg19', 'resNet50', 'resNet50V2', 'mobileNet', 'mobileNetV2'] as const) {
      expect(st.applications[name], name).to.be.a('function');
    }
  });
});
