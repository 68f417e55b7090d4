import {expect} from 'chai';
import {ValueError} from '../errors.js';
import type {ConfigDict} from '../serialization/config.js';
import {fromKerasKeys, toKerasKeys} from '../serialization/keras-case.js';
import {deserializeObject, serializeObject} from '../serialization/registry.js';
import type {SerializedObject} from '../serialization/config.js';
import {registerCoreBuiltins} from '../register.js';
import {Adadelta, Adagrad, Adam, Adamax, AdamW, Ftrl, Lamb, Lion, Nadam, Optimizer, RMSprop, SGD, getOptimizer, schedules} from './index.js';
import {runOnly} from './problem.test.helpers.js';

registerCoreBuiltins();

/** One instance per class, with non-default settings, including the base options. */
function configured(): Optimizer[] {
  const {exponentialDecay, linearWarmup, cosineDecay} = schedules;
  return [
    new SGD({learningRate: 0.02, momentum: 0.5, nesterov: true, weightDecay: 0.01, clipnorm: 3}),
    new Adam({learningRate: exponentialDecay({initialLearningRate: 0.05, decaySteps: 2, decayRate: 0.7, staircase: true}), amsgrad: true, useEma: true, emaMomentum: 0.8, emaOverwriteFrequency: 3}),
    new AdamW({learningRate: 0.03, weightDecay: 0.1, beta1: 0.8, gradientAccumulationSteps: 2}),
    new Adagrad({learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-4, globalClipnorm: 5}),
    new Adadelta({learningRate: 0.7, rho: 0.9, epsilon: 1e-5, clipvalue: 2}),
    new RMSprop({learningRate: 0.01, rho: 0.8, momentum: 0.3, centered: true, epsilon: 1e-4, name: 'my_rmsprop'}),
    new Adamax({learningRate: 0.04, beta1: 0.7, beta2: 0.9, epsilon: 1e-6}),
    new Nadam({learningRate: linearWarmup({schedule: cosineDecay({initialLearningRate: 0.1, decaySteps: 10}), warmupSteps: 2}), beta2: 0.95}),
    new Lion({learningRate: 0.01, beta1: 0.6, beta2: 0.9, weightDecay: 0.2}),
    new Ftrl({learningRate: 0.3, learningRatePower: -0.4, initialAccumulatorValue: 0.2, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02, l2ShrinkageRegularizationStrength: 0.03, beta: 0.1}),
    new Lamb({learningRate: 0.02, beta1: 0.85, beta2: 0.98, epsilon: 1e-6, weightDecay: 0.05}),
  ];
}

describe('optimizers: serialization', () => {
  it('every class round-trips through JSON and fromConfig(getConfig()) with equal behaviour', async () => {
    for (const opt of configured()) {
      const cls = opt.constructor as typeof Optimizer;
      const env = JSON.parse(JSON.stringify(serializeObject(opt))) as SerializedObject;
      expect(env.module, cls.className).to.equal('keras.optimizers');
      const back = deserializeObject<Optimizer>('optimizer', env);
      expect(back.constructor).to.equal(opt.constructor);
      expect(back.getConfig(), cls.className).to.deep.equal(opt.getConfig());
      // and through Keras's snake_case keys
      const viaKeras = deserializeObject<Optimizer>('optimizer', fromKerasKeys(toKerasKeys(serializeObject(opt))) as SerializedObject);
      expect(viaKeras.getConfig(), cls.className).to.deep.equal(opt.getConfig());
      const [a, b] = [await runOnly(opt, 5), await runOnly(back, 5)];
      expect(b, cls.className).to.deep.equal(a);
      viaKeras.dispose();
    }
  });

  it('writes the base options only when they differ from the Keras defaults', () => {
    expect(new Lion({learningRate: 0.01}).getConfig()).to.deep.equal({
      name: 'lion', learningRate: 0.01, clipnorm: null, clipvalue: null, globalClipnorm: null, beta1: 0.9, beta2: 0.99,
    });
    expect(new AdamW().getConfig()).to.include({name: 'adamw', weightDecay: 0.004});
    expect(new SGD({useEma: true, gradientAccumulationSteps: 4}).getConfig()).to.include({useEma: true, emaMomentum: 0.99, emaOverwriteFrequency: null, gradientAccumulationSteps: 4});
  });

  it('reads a Keras 3 optimizer config (all base keys, snake_case, schedule learning rate)', () => {
    const keras = {
      module: 'keras.optimizers', class_name: 'AdamW', registered_name: null,
      config: {
        name: 'adamw', learning_rate: {module: 'keras.optimizers.schedules', class_name: 'PolynomialDecay', registered_name: null, config: {initial_learning_rate: 0.1, decay_steps: 100, end_learning_rate: 0.001, power: 2, cycle: true, name: 'PolynomialDecay'}},
        weight_decay: 0.01, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99,
        ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, beta_1: 0.85, beta_2: 0.99, epsilon: 1e-7, amsgrad: false,
      },
    };
    const opt = deserializeObject<AdamW>('optimizer', fromKerasKeys(keras) as SerializedObject);
    expect(opt).to.be.instanceOf(AdamW);
    expect([opt.weightDecay, opt.beta1, opt.beta2, opt.useEma, opt.gradientAccumulationSteps]).to.deep.equal([0.01, 0.85, 0.99, false, null]);
    expect(opt.learningRateSource).to.be.instanceOf(schedules.PolynomialDecay);
    expect(opt.learningRate).to.equal(0.1);
  });
});

describe('optimizers: lookup by name', () => {
  it('resolves every Keras name in any case and returns Keras default names', () => {
    const cases: [string, typeof Optimizer, string][] = [
      ['sgd', SGD, 'SGD'], ['adam', Adam, 'adam'], ['adamw', AdamW, 'adamw'], ['AdamW', AdamW, 'adamw'], ['adagrad', Adagrad, 'adagrad'],
      ['adadelta', Adadelta, 'adadelta'], ['rmsprop', RMSprop, 'rmsprop'], ['RMSprop', RMSprop, 'rmsprop'], ['rms_prop', RMSprop, 'rmsprop'],
      ['adamax', Adamax, 'adamax'], ['nadam', Nadam, 'nadam'], ['Lion', Lion, 'lion'], ['ftrl', Ftrl, 'ftrl'], ['lamb', Lamb, 'lamb'],
    ];
    for (const [id, cls, name] of cases) {
      const opt = getOptimizer(id);
      expect(opt, id).to.be.instanceOf(cls);
      expect(opt.name, id).to.equal(name);
    }
    expect(() => getOptimizer('adamq')).to.throw(ValueError, /Unknown optimizer "adamq"; expected one of .*lamb/);
  });
});

describe('optimizers: invalid hyper-parameters fail at construction', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['negative learning rate', () => new RMSprop({learningRate: -0.01}), /RMSprop: learningRate must be a finite number >= 0, received -0.01/],
    ['learning rate of the wrong kind', () => new Adam({learningRate: 'fast' as never}), /Adam: learningRate must be a number, a LearningRateSchedule or a function of the step, received "fast"/],
    ['momentum 1', () => new RMSprop({momentum: 1}), /RMSprop: momentum must be in \[0, 1\), received 1/],
    ['rho 1', () => new Adadelta({rho: 1}), /Adadelta: rho must be in \[0, 1\), received 1/],
    ['negative initial accumulator', () => new Adagrad({initialAccumulatorValue: -1}), /Adagrad: initialAccumulatorValue must be a finite number >= 0, received -1/],
    ['epsilon 0', () => new Lamb({epsilon: 0}), /Lamb: epsilon must be positive, received 0/],
    ['AdamW beta2 1', () => new AdamW({beta2: 1}), /AdamW: beta2 must be in \[0, 1\), received 1/],
    ['negative weight decay', () => new AdamW({weightDecay: -0.1}), /AdamW: weightDecay must be a finite number >= 0, received -0.1/],
    ['Adamax beta1 1.5', () => new Adamax({beta1: 1.5}), /Adamax: beta1 must be in \[0, 1\), received 1.5/],
    ['Nadam beta2 -1', () => new Nadam({beta2: -1}), /Nadam: beta2 must be in \[0, 1\), received -1/],
    ['Lion beta1 0', () => new Lion({beta1: 0}), /Lion: beta1 must be in \(0, 1\].*received 0/],
    ['Ftrl positive power', () => new Ftrl({learningRatePower: 0.5}), /Ftrl: learningRatePower must be a finite number <= 0, received 0.5/],
    ['Ftrl negative L1', () => new Ftrl({l1RegularizationStrength: -1}), /Ftrl: l1RegularizationStrength must be a finite number >= 0, received -1/],
    ['Ftrl learning rate 0', () => new Ftrl({learningRate: 0}), /Ftrl: learningRate \(the update divides by it\) must be positive, received 0/],
    ['accumulation of 1 step', () => new SGD({gradientAccumulationSteps: 1}), /SGD: gradientAccumulationSteps must be an integer >= 2, received 1/],
    ['fractional accumulation', () => new Adam({gradientAccumulationSteps: 2.5}), /Adam: gradientAccumulationSteps must be an integer >= 2, received 2.5/],
    ['EMA momentum above 1', () => new Adam({useEma: true, emaMomentum: 1.5}), /Adam: emaMomentum must be in \[0, 1\], received 1.5/],
    ['EMA overwrite frequency 0', () => new Adam({useEma: true, emaOverwriteFrequency: 0}), /Adam: emaOverwriteFrequency must be an integer >= 1, received 0/],
    ['two clipping options', () => new Lamb({clipnorm: 1, globalClipnorm: 1}), /Lamb: set at most one of clipnorm, clipvalue and globalClipnorm, received clipnorm=1, clipvalue=null, globalClipnorm=1/],
    ['nesterov not a boolean', () => new SGD({nesterov: 'yes' as never}), /SGD: nesterov must be true or false, received "yes"/],
  ];
  for (const [title, make, re] of bad) {
    it(title, () => {
      expect(make).to.throw(ValueError, re);
    });
  }

  it('accepts the boundary values', () => {
    expect(() => new SGD({momentum: 0, learningRate: 0})).not.to.throw();
    expect(() => new Adam({useEma: true, emaMomentum: 1})).not.to.throw();
    expect(() => new Lion({beta1: 1})).not.to.throw();
    expect(() => new Ftrl({learningRatePower: 0})).not.to.throw();
  });

  it('a schedule envelope that names no registered schedule fails clearly', () => {
    const env: ConfigDict = {module: null, className: 'NoSuchDecay', config: {}, registeredName: null};
    expect(() => new Adam({learningRate: env as SerializedObject})).to.throw(/Unknown schedule class "NoSuchDecay"/);
  });
});
