import {expect} from 'chai';
import {SerializationError, ValueError, ops, registerSerializable} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {describeBackends} from '@stratum/core/testing';
import type {CallContext} from '../engine/call-context.js';
import {Layer} from '../engine/layer.js';
import {resetNames} from '../engine/naming.js';
import type {ShapeStructure} from '../engine/shape.js';
import {runLayerTest} from '../testing/index.js';
import {Dense} from './dense.js';
import {Wrapper} from './wrapper.js';

/** Test-only wrapper: `2 * layer(x)`. */
class Doubled extends Wrapper<Tensor, Tensor> {
  static override readonly className: string = 'Doubled';

  call(x: Tensor, ctx: CallContext): Tensor {
    return ops.mul(this.layer.call(x, ctx) as Tensor, 2);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return this.layer.computeOutputShape(inputShape);
  }
}
registerSerializable(Doubled, {category: 'layer', package: 'test'});

describeBackends('Wrapper', () => {
  beforeEach(() => resetNames());

  it('passes the shared layer test: the wrapped layer weights under the wrapper path, config round trip', async () => {
    await runLayerTest({
      create: () => new Doubled({layer: new Dense({units: 3, activation: 'tanh', name: 'inner'})}),
      inputShape: [2, 4],
      expectedOutputShape: [2, 3],
      expectedWeights: [{name: 'inner/kernel', shape: [4, 3]}, {name: 'inner/bias', shape: [3]}],
    });
  });

  it('builds the wrapped layer for its input shape and writes it as config.layer (keras/src/layers/core/wrapper.py)', () => {
    const w = new Doubled({layer: new Dense({units: 2}), name: 'twice'});
    w.build([null, 5]);
    expect(w.layer.built).to.equal(true);
    expect(w.weights.map((v) => v.path)).to.deep.equal(['twice/dense/kernel', 'twice/dense/bias']);
    const cfg = w.getConfig();
    expect(cfg['layer']).to.deep.include({module: 'keras.layers', className: 'Dense', registeredName: null});
    expect(cfg).to.include({name: 'twice', trainable: true});
    w.trainable = false;
    expect(w.layer.trainable).to.equal(false);
    expect(w.trainableWeights).to.deep.equal([]);
    expect(w.nonTrainableWeights).to.have.length(2);
    w.dispose();
  });

  it('refuses a wrapped value that is not a layer, naming it', () => {
    expect(() => new Doubled({layer: {units: 2} as never})).to.throw(ValueError, /Doubled: layer must be a layer, received \{.*units/);
    expect(() => Doubled.fromConfig({name: 'd', layer: 'dense'})).to.throw(SerializationError, /Doubled: layer must be a layer or its serialized .* received "dense"/);
    expect(() => Doubled.fromConfig({name: 'd', layer: {module: null, className: 'Nope', config: {}, registeredName: null}})).to.throw(SerializationError, /Unknown layer class "Nope"/);
  });

  it('refuses a cycle of tracked layers', () => {
    const inner = new Doubled({layer: new Dense({units: 2})});
    const outer = new Doubled({layer: inner});
    expect(() => (inner as unknown as {trackLayer(l: Layer): Layer}).trackLayer(outer)).to.throw(ValueError, /cycle/);
    outer.dispose();
  });
});
