/**
 * The activation layers through Keras JSON: Keras 3 snake_case configs both ways, and Keras 2 files
 * (LeakyReLU's `alpha`, keras/src/layers/activations/leaky_relu.py reads it as negative_slope).
 */
import {expect} from 'chai';
import {ops, setBackend} from '@stratum/core';
import {expectClose} from '@stratum/core/testing';
import {Dense, ELU, LeakyReLU, Maxout, PReLU, ReLU, Softmax, ThresholdedReLU, resetNames} from '@stratum/layers';
import {fromJSON, sequential} from '../index.js';
import type {Model} from '../index.js';
import {copyWeights} from './fixtures.test.helpers.js';

describe('saving: activation layers in Keras JSON', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('write Keras 3 configs and load back to the same predictions and parameter count', async () => {
    const m = sequential({
      layers: [new Dense({units: 6, inputShape: [4]}), new PReLU(), new ReLU({maxValue: 2, threshold: 0.1}), new LeakyReLU({negativeSlope: 0.2}), new ELU({alpha: 0.7}), new Maxout({numUnits: 3}), new ThresholdedReLU({theta: 0.5}), new Softmax()],
    });
    const doc = JSON.parse(m.toJSON()) as {config: {layers: {class_name: string; config: Record<string, unknown>}[]}};
    const configs = Object.fromEntries(doc.config.layers.map((l) => [l.class_name, l.config]));
    expect(configs['ReLU']).to.include({max_value: 2, negative_slope: 0, threshold: 0.1});
    expect(configs['LeakyReLU']).to.include({negative_slope: 0.2});
    expect(configs['PReLU']).to.include({shared_axes: null});
    expect(configs['Maxout']).to.include({num_units: 3, axis: -1});
    const loaded: Model = fromJSON(m.toJSON());
    // Dense 4·6 + 6 and one PReLU alpha per feature: 36, as Keras counts.
    expect(loaded.countParams()).to.equal(36);
    copyWeights(m, loaded);
    const x = ops.randomUniform([5, 4], -2, 2, 'float32', 7);
    const [a, b] = [loaded.predict(x), m.predict(x)] as ReturnType<typeof ops.zeros>[];
    await expectClose(a as never, (await (b as ReturnType<typeof ops.zeros>).array()) as never, 1e-6);
    ops.dispose([x, a as never, b as never]);
    m.dispose();
    loaded.dispose();
  });

  it("loads a Keras 2 LeakyReLU's alpha as its negative slope", () => {
    const keras2 = {
      class_name: 'Sequential',
      config: {name: 's', layers: [{class_name: 'Dense', config: {name: 'd', units: 3, batch_input_shape: [null, 2]}}, {class_name: 'LeakyReLU', config: {name: 'lr', alpha: 0.1}}]},
      keras_version: '2.15.0',
      backend: 'tensorflow',
    };
    const m = fromJSON(JSON.stringify(keras2));
    expect((m.layers[1] as LeakyReLU).negativeSlope).to.equal(0.1);
    m.dispose();
  });
});
