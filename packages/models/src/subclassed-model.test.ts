/**
 * Subclassed models (Keras `class MyModel(keras.Model)`): layers tracked in the constructor, `call`
 * written by the user; built on first call, trained with fit, summarised, saved and loaded once the
 * class is registered.
 */
import {expect} from 'chai';
import {RuntimeError, NotSupportedError, ops, registerSerializable, tensor2d} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {describeBackends, expectClose} from '@stratum/core/testing';
import {Dense, resetNames} from '@stratum/layers';
import type {CallContext} from '@stratum/layers';
import {Model, loadModel, loadWeights} from './index.js';
import {tempDir} from './saving/fixtures.test.helpers.js';

interface TwoTowerArgs {
  units: number;
  name?: string;
}

/** Two dense towers on the same input, summed: a model Sequential cannot express as one stack. */
class TwoTower extends Model {
  static override readonly className = 'TwoTower';
  readonly units: number;
  readonly left: Dense;
  readonly right: Dense;
  readonly head: Dense;
  constructor(args: TwoTowerArgs) {
    super({name: args.name});
    this.units = args.units;
    this.left = this.trackLayer(new Dense({units: args.units, activation: 'tanh', name: 'left', kernelInitializer: {className: 'GlorotUniform', config: {seed: 1}} as never}));
    this.right = this.trackLayer(new Dense({units: args.units, activation: 'tanh', name: 'right', kernelInitializer: {className: 'GlorotUniform', config: {seed: 2}} as never}));
    this.head = this.trackLayer(new Dense({units: 1, name: 'head', kernelInitializer: {className: 'GlorotUniform', config: {seed: 3}} as never}));
  }
  override call(x: Tensor, ctx: CallContext): Tensor {
    const both = ops.add(this.left.apply(x, {training: ctx.training}), this.right.apply(x, {training: ctx.training}));
    return this.head.apply(both) as Tensor;
  }
  override getConfig(): ConfigDict {
    return {name: this.name, units: this.units};
  }
}
registerSerializable(TwoTower, {category: 'layer', module: 'tests'});

/** Not registered: it trains, but cannot be written as JSON. */
class Unregistered extends Model {
  static override readonly className = 'Unregistered';
  readonly d = this.trackLayer(new Dense({units: 1}));
  override call(x: Tensor): Tensor {
    return this.d.apply(x) as Tensor;
  }
}

class NoCall extends Model {}

const X = tensor2d([
  [0.5, -1, 0.25],
  [1, 0.5, -0.5],
  [-0.75, 0.25, 1],
  [0, 1, -1],
]);
const Y = tensor2d([[1], [-1], [0.5], [0]]);

describeBackends('subclassed models', () => {
  beforeEach(() => resetNames());

  it('builds on the first call, with hierarchical weight paths, and trains with fit', async () => {
    const m = new TwoTower({units: 4, name: 'towers'});
    expect(m.built).to.equal(false);
    expect(m.weights).to.have.length(0);
    m.compile({optimizer: 'adam', loss: 'mse'});
    const h = await m.fit(X, Y, {epochs: 30, batchSize: 4, verbose: 0});
    expect(m.built).to.equal(true);
    expect(m.weights.map((w) => w.path)).to.deep.equal(['towers/left/kernel', 'towers/left/bias', 'towers/right/kernel', 'towers/right/bias', 'towers/head/kernel', 'towers/head/bias']);
    expect(m.countParams()).to.equal(3 * 4 + 4 + 3 * 4 + 4 + 4 + 1);
    const losses = h.history['loss'] as number[];
    expect(losses[losses.length - 1]).to.be.below((losses[0] as number) * 0.8);
    expect(m.layers.map((l) => l.name)).to.deep.equal(['left', 'right', 'head']);
    expect(m.summary(null)).to.contain('left').and.contain('Total params');
    m.dispose();
  });

  it('saves and loads (registered class), and loads weights into a fresh instance', async () => {
    const m = new TwoTower({units: 3, name: 'towers'});
    const want = (await (m.predict(X) as Tensor).array()) as number[][];
    const {dir, cleanup} = await tempDir();
    try {
      await m.save(`file://${dir}/m`);
      const loaded = await loadModel(`file://${dir}/m/model.json`);
      expect(loaded).to.be.instanceOf(TwoTower);
      await expectClose(loaded.predict(X) as Tensor, want, 1e-6);
      const fresh = new TwoTower({units: 3, name: 'towers'});
      fresh.build([null, 3]);
      await loadWeights(fresh, `file://${dir}/m/model.json`);
      await expectClose(fresh.predict(X) as Tensor, want, 1e-6);
      for (const x of [loaded, fresh]) x.dispose();
    } finally {
      await cleanup();
      m.dispose();
    }
  });

  it('says what is missing: an unregistered class cannot be saved as JSON, a model without call cannot run', async () => {
    const u = new Unregistered({name: 'u'});
    ops.dispose(u.predict(X) as Tensor);
    expect(() => u.toJSON()).to.throw(NotSupportedError, /subclassed model \(Unregistered\) whose class is not registered; register it with registerSerializable\(Unregistered/);
    expect(() => new NoCall({name: 'n'}).predict(X)).to.throw(RuntimeError, /Model "n" \(Model\) must implement call\(inputs, ctx\)/);
    u.dispose();
  });
});
