import {expect} from 'chai';
import {SerializationError, ValueError, lookupClass, ops, tensor2d} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import type {Layer, LayerIO} from '../engine/layer.js';
import {runLayerTest} from '../testing/index.js';
import {Lambda} from './lambda.js';
import type {LambdaOptions} from './lambda.js';
import {registerLambdaFunction} from './lambda-registry.js';

const scaleShift = (x: LayerIO, o: LambdaOptions): LayerIO => ops.add(ops.mul(x as Tensor, o['scale'] as number), 1);
const firstHalf = (x: LayerIO): LayerIO => ops.slice(x as Tensor, [0, 0], [-1, ((x as Tensor).shape[1] as number) / 2]);
const keepPositive = (x: LayerIO): Tensor => ops.greater(ops.sum(x as Tensor, -1), 0);
registerLambdaFunction('scale_shift', scaleShift);
registerLambdaFunction('first_half', firstHalf);
registerLambdaFunction('keep_positive', keepPositive);

describeBackends('Lambda', () => {
  it('passes the shared layer test with a registered function and its arguments', async () => {
    await runLayerTest({create: () => new Lambda({function: scaleShift, arguments: {scale: 2}}) as unknown as Layer, inputShape: [2, 3], expectedOutputShape: [2, 3], expectedWeights: []});
    await runLayerTest({create: () => new Lambda({function: 'first_half', outputShape: [2]}) as unknown as Layer, inputShape: [2, 4], expectedOutputShape: [2, 2], expectedWeights: []});
  });

  it('computes with its arguments, gives a mask from its mask function, and saves names, not code', async () => {
    const layer = new Lambda({function: scaleShift, arguments: {scale: 3}, mask: 'keep_positive', name: 'ss'});
    const x = tensor2d([[1, -2], [0.5, 0.5]]);
    await expectClose(layer.apply(x) as Tensor, [[4, -5], [2.5, 2.5]]);
    expect(Array.from(await (layer.computeMask(x, null as never) as unknown as Tensor).data())).to.deep.equal([0, 1]);
    const config = layer.getConfig();
    expect(config['function']).to.deep.equal({module: 'builtins', className: 'function', config: 'scale_shift', registeredName: 'function'});
    // A Keras 3 file names a registered function the same way (keras/src/saving/serialization_lib.py).
    const Cls = lookupClass('layer', 'Lambda');
    const copy = new (Cls as unknown as new (c: ConfigDict) => Lambda)(JSON.parse(JSON.stringify(config)) as ConfigDict);
    await expectClose(copy.apply(x) as Tensor, [[4, -5], [2.5, 2.5]]);
  });

  it('refuses unknown names and unregistered functions at save time, naming what to do', () => {
    expect(() => new Lambda({function: 'nope'})).to.throw(SerializationError, /no function registered as "nope".*registerLambdaFunction \(registered: .*scale_shift/);
    expect(() => new Lambda({function: 42 as never})).to.throw(ValueError, /function must be a function or the name of one registered/);
    const anon = new Lambda({function: (x: LayerIO) => x, name: 'anon'});
    expect(() => anon.getConfig()).to.throw(SerializationError, /Lambda "anon": its function is not registered, so it cannot be saved/);
    expect(() => new Lambda({function: scaleShift, outputShape: [0]})).to.throw(ValueError, /outputShape must be positive integers/);
  });
});
