import {expect} from 'chai';
import {ShapeError, ValueError, initializers, memory, ops, tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {PReLU} from './prelu.js';

describeBackends('PReLU', () => {
  it('passes the shared layer test: one alpha per feature, or shared over axes', async () => {
    await runLayerTest({create: () => new PReLU({alphaInitializer: new initializers.Constant({value: 0.2})}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [{name: 'alpha', shape: [3, 4]}]});
    await runLayerTest({create: () => new PReLU({sharedAxes: [1]}), inputShape: [2, 3, 4], expectedOutputShape: [2, 3, 4], expectedWeights: [{name: 'alpha', shape: [1, 4]}]});
  });

  it('computes x above zero and alpha·x below; alpha starts at zeros (a ReLU) as Keras', async () => {
    const layer = new PReLU({alphaInitializer: new initializers.Constant({value: 0.25})});
    await expectClose(layer.apply(tensor([[-4, 2]])), [[-1, 2]], 1e-6);
    const relu = new PReLU();
    await expectClose(relu.apply(tensor([[-4, 2]])), [[0, 2]], 1e-6);
    layer.dispose();
    relu.dispose();
  });

  it('learns alpha: d(sum y)/d(alpha) = x where x < 0 (by hand: -3 and 0)', async () => {
    const layer = new PReLU();
    const x = tensor([[-3, 5]]);
    layer.apply(x);
    const before = memory().numTensors;
    const {grads, value} = ops.variableGrads(() => ops.sum(layer.apply(x) as never) as never, [(layer.alpha as NonNullable<typeof layer.alpha>).value]);
    await expectClose(Object.values(grads)[0] as never, [-3, 0], 1e-6);
    ops.dispose([value, ...Object.values(grads)]);
    expect(memory().numTensors).to.equal(before);
    x.dispose();
    layer.dispose();
  });

  it('checks the input against the built shape, and refuses bad sharedAxes', () => {
    const layer = new PReLU({sharedAxes: [1]});
    layer.apply(ops.zeros([2, 3, 4]));
    expect(() => layer.apply(ops.zeros([2, 3, 5]))).to.throw(ShapeError);
    expect(() => new PReLU({sharedAxes: [0]})).to.throw(ValueError, /sharedAxes must be axes >= 1/);
    expect(() => new PReLU({sharedAxes: [3]}).apply(ops.zeros([2, 3, 4]))).to.throw(ValueError, /shared axis 3 is out of range/);
    layer.dispose();
  });
});
