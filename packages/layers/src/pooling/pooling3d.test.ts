import {expect} from 'chai';
import {ShapeError, ValueError, ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {runLayerTest} from '../testing/index.js';
import {AveragePooling3D} from './average-pooling3d.js';
import {MaxPooling3D} from './max-pooling3d.js';

/** x[b, d, h, w, c] = 100d + 10h + w + 1000c: every value says where it is. */
function positions(shape: [number, number, number, number, number]): Tensor {
  const [n, d, h, w, ch] = shape;
  const v: number[] = [];
  for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) for (let j = 0; j < h; j++) for (let k = 0; k < w; k++) for (let c = 0; c < ch; c++) v.push(100 * i + 10 * j + k + 1000 * c);
  return ops.tensor(v, shape);
}

describeBackends('MaxPooling3D and AveragePooling3D', () => {
  it('pass the shared layer test (valid and same, strides, both data formats)', async () => {
    // Max pooling: inputs spread over [-50, 50] so that no two values of a window lie within the numeric
    // gradient's step (0.01) of each other, where the maximum would switch inside the difference.
    const inputRange: [number, number] = [-50, 50];
    await runLayerTest({create: () => new MaxPooling3D(), inputShape: [2, 4, 4, 4, 2], expectedOutputShape: [2, 2, 2, 2, 2], expectedWeights: [], inputRange});
    await runLayerTest({create: () => new MaxPooling3D({poolSize: [3, 2, 2], strides: [2, 1, 2], padding: 'same'}), inputShape: [1, 5, 3, 4, 2], expectedOutputShape: [1, 3, 3, 2, 2], expectedWeights: [], inputRange});
    await runLayerTest({create: () => new MaxPooling3D({poolSize: 2, dataFormat: 'channels_first'}), inputShape: [1, 2, 4, 2, 4], expectedOutputShape: [1, 2, 2, 1, 2], expectedWeights: [], inputRange});
    await runLayerTest({create: () => new AveragePooling3D(), inputShape: [2, 4, 4, 4, 2], expectedOutputShape: [2, 2, 2, 2, 2], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling3D({poolSize: 3, strides: 2, padding: 'same'}), inputShape: [1, 5, 4, 3, 1], expectedOutputShape: [1, 3, 2, 2, 1], expectedWeights: []});
    await runLayerTest({create: () => new AveragePooling3D({poolSize: [1, 2, 2], dataFormat: 'channels_first'}), inputShape: [1, 3, 2, 4, 4], expectedOutputShape: [1, 3, 2, 2, 2], expectedWeights: []});
  });

  it('take the maximum and the mean of each window, by hand', async () => {
    // Each 2x2x2 window's maximum is its corner with the largest d, h, w; its mean is the centre (+0.5 on each axis).
    const x = positions([1, 2, 4, 2, 2]);
    await expectClose(new MaxPooling3D({poolSize: 2}).apply(x), [[[[[111, 1111]], [[131, 1131]]]]]);
    await expectClose(new AveragePooling3D({poolSize: 2}).apply(x), [[[[[55.5, 1055.5]], [[75.5, 1075.5]]]]]);
    // channels_first: the same values with channels on axis 1.
    const xf = ops.transpose(x, [0, 4, 1, 2, 3]);
    await expectClose(new MaxPooling3D({poolSize: 2, dataFormat: 'channels_first'}).apply(xf), [[[[[111]], [[131]]]], [[[[1111]], [[1131]]]]]);
    // 'same' with window 2, stride 2 on depth 3: the last depth window holds depth 2 alone.
    const y = positions([1, 3, 2, 2, 1]);
    await expectClose(new AveragePooling3D({poolSize: 2, padding: 'same'}).apply(y), [[[[[55.5]]], [[[205.5]]]]]);
    await expectClose(new MaxPooling3D({poolSize: 2, padding: 'same'}).apply(ops.neg(y)), [[[[[0]]], [[[-200]]]]]);
    ops.dispose([x, xf, y]);
  });

  it('refuse bad windows, naming layer and value (keras/src/layers/pooling/base_pooling.py)', () => {
    expect(() => new MaxPooling3D({poolSize: [2, 2]} as never)).to.throw(ValueError, /MaxPooling3D: poolSize must be a positive integer or a list of 3 of them, received \[2, ?2\]/);
    expect(() => new AveragePooling3D({strides: 0})).to.throw(ValueError, /AveragePooling3D: strides .* received 0/);
    expect(() => new MaxPooling3D({padding: 'causal' as never})).to.throw(ValueError, /padding must be one of 'valid', 'same', received "?causal/);
    expect(() => new MaxPooling3D({dataFormat: 'nchw' as never})).to.throw(ValueError, /dataFormat/);
    const pool = new MaxPooling3D({poolSize: 3, name: 'p3'});
    expect(() => pool.computeOutputShape([null, 4, 2, 4, 1])).to.throw(ShapeError, /MaxPooling3D "p3": the window does not fit .*\[null, 1, 0, 1, 1\]/);
    expect(pool.computeOutputShape([null, null, 3, 7, 1])).to.deep.equal([null, null, 1, 2, 1]);
  });
});
