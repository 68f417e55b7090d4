import {expect} from 'chai';
import {SerializationError, ValueError} from '../errors.js';
import '../index.js';
import type {ConfigDict} from './index.js';
import {
  deserializeObject, fromKerasKeys, identifierKey, isSerializedObject, lookupClass, registerSerializable, registeredNames,
  resolveIdentifier, serializeObject, toCamelCase, toKerasKeys, toSnakeCase,
} from './index.js';

describe('toSnakeCase / toCamelCase', () => {
  it('converts class names the way Keras derives layer names', () => {
    const cases: [string, string][] = [
      ['MaxPooling2D', 'max_pooling2d'],
      ['Conv2D', 'conv2d'],
      ['Conv2DTranspose', 'conv2d_transpose'],
      ['GlobalAveragePooling1D', 'global_average_pooling1d'],
      ['BatchNormalization', 'batch_normalization'],
      ['Dense', 'dense'],
      ['ReLU', 're_lu'],
      ['PReLU', 'p_re_lu'],
      ['GlorotUniform', 'glorot_uniform'],
      ['SparseCategoricalCrossentropy', 'sparse_categorical_crossentropy'],
    ];
    for (const [from, to] of cases) expect(toSnakeCase(from), from).to.equal(to);
  });

  it('converts camelCase config keys', () => {
    expect(toSnakeCase('kernelInitializer')).to.equal('kernel_initializer');
    expect(toSnakeCase('batchInputShape')).to.equal('batch_input_shape');
    expect(toSnakeCase('useBias')).to.equal('use_bias');
    expect(toSnakeCase('units')).to.equal('units');
    expect(toSnakeCase('already_snake')).to.equal('already_snake');
  });

  it('toCamelCase inverts snake_case keys and leaves camelCase alone', () => {
    expect(toCamelCase('kernel_initializer')).to.equal('kernelInitializer');
    expect(toCamelCase('batch_input_shape')).to.equal('batchInputShape');
    expect(toCamelCase('max_pooling2d')).to.equal('maxPooling2d');
    expect(toCamelCase('kernelInitializer')).to.equal('kernelInitializer');
    expect(toCamelCase('units')).to.equal('units');
    for (const k of ['kernelInitializer', 'batchInputShape', 'activityRegularizer', 'useBias', 'dtype']) {
      expect(toCamelCase(toSnakeCase(k))).to.equal(k);
    }
  });

  it('identifierKey normalises both spellings to camelCase', () => {
    expect(identifierKey('glorot_uniform')).to.equal('glorotUniform');
    expect(identifierKey('glorotUniform')).to.equal('glorotUniform');
    expect(identifierKey('  he_normal ')).to.equal('heNormal');
  });
});

describe('toKerasKeys / fromKerasKeys', () => {
  it('converts nested keys, through arrays, and drops undefined', () => {
    const ts: ConfigDict = {
      name: 'dense_1',
      batchInputShape: [null, 4],
      kernelInitializer: {module: 'keras.initializers', className: 'GlorotUniform', config: {seed: null}, registeredName: null},
      layers: [{className: 'Dense', config: {useBias: true, activityRegularizer: null}}],
      skipped: undefined,
    };
    const keras = toKerasKeys(ts);
    expect(keras).to.deep.equal({
      name: 'dense_1',
      batch_input_shape: [null, 4],
      kernel_initializer: {module: 'keras.initializers', class_name: 'GlorotUniform', config: {seed: null}, registered_name: null},
      layers: [{class_name: 'Dense', config: {use_bias: true, activity_regularizer: null}}],
    });
    const {skipped: _skipped, ...rest} = ts;
    expect(fromKerasKeys(keras)).to.deep.equal(rest);
    expect(Object.keys(fromKerasKeys(keras) as ConfigDict)).to.not.include('skipped');
  });

  it('keeps the keys of data-keyed maps (shapes_dict, class_weight) but converts below them', () => {
    const ts: ConfigDict = {shapesDict: {input_a: [null, 3], myInput: [null, 2]}, classWeight: {'0': 1, '1': 5}};
    const keras = toKerasKeys(ts) as ConfigDict;
    expect(keras).to.deep.equal({shapes_dict: {input_a: [null, 3], myInput: [null, 2]}, class_weight: {'0': 1, '1': 5}});
    const back = fromKerasKeys(keras) as ConfigDict;
    expect(back).to.deep.equal({shapesDict: {input_a: [null, 3], myInput: [null, 2]}, classWeight: {'0': 1, '1': 5}});
    const nested = toKerasKeys({shapesDict: {some_input: {innerKey: 1}}}) as ConfigDict;
    expect(nested).to.deep.equal({shapes_dict: {some_input: {inner_key: 1}}});
  });

  it('leaves scalars, strings and string values alone', () => {
    expect(toKerasKeys('kernelInitializer')).to.equal('kernelInitializer');
    expect(toKerasKeys(3)).to.equal(3);
    expect(toKerasKeys(null)).to.equal(null);
    expect(toKerasKeys({activation: 'logSoftmax'})).to.deep.equal({activation: 'logSoftmax'});
  });
});

class Widget {
  static readonly className = 'TestWidget';
  readonly size: number;
  constructor(config: {size?: number} = {}) {
    this.size = config.size ?? 1;
  }
  getConfig(): ConfigDict {
    return {size: this.size};
  }
}

class Gadget {
  static readonly className = 'TestGadget';
  static built = 0;
  constructor(readonly tag: string) {}
  static fromConfig(config: ConfigDict): Gadget {
    Gadget.built++;
    return new Gadget(String(config['tag']));
  }
  getConfig(): ConfigDict {
    return {tag: this.tag};
  }
}

describe('serialization registry', () => {
  before(() => {
    registerSerializable(Widget, {category: 'layer', package: 'tests'});
    registerSerializable(Gadget, {category: 'layer', package: 'tests'});
  });

  it('custom classes serialize with registered_name package>Name and come back', () => {
    const env = serializeObject(new Widget({size: 4}));
    expect(env).to.deep.equal({module: null, className: 'TestWidget', config: {size: 4}, registeredName: 'tests>TestWidget'});
    expect(isSerializedObject(env)).to.equal(true);
    const back = deserializeObject<Widget>('layer', env);
    expect(back).to.be.instanceOf(Widget);
    expect(back.size).to.equal(4);
    expect(lookupClass('layer', 'Anything', 'tests>TestWidget')).to.equal(Widget);
    expect(registeredNames('layer')).to.include('TestWidget');
    expect(registeredNames('layer').some((n) => n.includes('>'))).to.equal(false);
  });

  it('uses a static fromConfig when the class has one', () => {
    const before = Gadget.built;
    const g = deserializeObject<Gadget>('layer', serializeObject(new Gadget('x')));
    expect(g.tag).to.equal('x');
    expect(Gadget.built).to.equal(before + 1);
  });

  it('customObjects win over the registry', () => {
    class Other {
      static readonly className = 'TestWidget';
      getConfig(): ConfigDict {
        return {};
      }
    }
    expect(lookupClass('layer', 'TestWidget', null, {TestWidget: Other as never})).to.equal(Other);
    const o = deserializeObject('layer', {module: null, className: 'Unregistered', config: {}, registeredName: null}, {Unregistered: Other as never});
    expect(o).to.be.instanceOf(Other);
  });

  it('unknown classes fail with SerializationError listing the registered names', () => {
    expect(() => lookupClass('initializer', 'GlorotUniformm')).to.throw(SerializationError, /Unknown initializer class "GlorotUniformm"; registered: .*GlorotUniform.*Zeros.*customObjects/);
    expect(() => deserializeObject('layer', {module: null, className: 'Nope', config: {}, registeredName: 'pkg>Nope'})).to.throw(SerializationError, /"pkg>Nope"/);
  });

  it('rejects classes without a className', () => {
    class NoName {
      static readonly className = '';
      getConfig(): ConfigDict {
        return {};
      }
    }
    expect(() => registerSerializable(NoName, {category: 'layer'})).to.throw(ValueError, /needs a static className, received ""/);
  });

  it('resolveIdentifier: strings in any spelling, envelopes, instances; unknown names list valid ones', () => {
    expect(resolveIdentifier<Widget>('layer', 'test_widget')).to.be.instanceOf(Widget);
    expect(resolveIdentifier<Widget>('layer', 'testWidget')).to.be.instanceOf(Widget);
    expect(resolveIdentifier<Widget>('layer', 'TestWidget')).to.be.instanceOf(Widget);
    const w = new Widget();
    expect(resolveIdentifier('layer', w)).to.equal(w);
    expect(resolveIdentifier<Widget>('layer', {module: null, className: 'TestWidget', config: {size: 9}, registeredName: null}).size).to.equal(9);
    expect(() => resolveIdentifier('layer', 'test_widgett')).to.throw(ValueError, /Unknown layer "test_widgett"; expected one of .*test_widget.*\(snake_case or camelCase\)/);
  });

  it('isSerializedObject recognises envelopes only', () => {
    expect(isSerializedObject({className: 'X', config: {}})).to.equal(true);
    expect(isSerializedObject({className: 'X'})).to.equal(false);
    expect(isSerializedObject({className: 3, config: {}})).to.equal(false);
    expect(isSerializedObject([])).to.equal(false);
    expect(isSerializedObject(null)).to.equal(false);
    expect(isSerializedObject('glorot_uniform')).to.equal(false);
  });

  it('built-ins serialize with their Keras module and a null registered name', () => {
    const env = resolveIdentifier<{getConfig(): ConfigDict}>('initializer', 'zeros');
    expect(serializeObject(env)).to.deep.equal({module: 'keras.initializers', className: 'Zeros', config: {}, registeredName: null});
  });
});

describe('serialization registry: hostile names and wrong kinds (issue 13)', () => {
  it('Object.prototype member names are unknown classes, with or without customObjects', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      expect(() => lookupClass('layer', name), name).to.throw(SerializationError, /Unknown layer class/);
      expect(() => lookupClass('initializer', name, null, {}), name).to.throw(SerializationError, /Unknown initializer class/);
      expect(() => deserializeObject('constraint', {module: null, className: name, config: {}, registeredName: null}), name).to.throw(SerializationError, /Unknown constraint class/);
    }
  });

  it('an object of another kind, or no object at all, is a ValueError rather than a TypeError later', () => {
    const glorot = resolveIdentifier('initializer', 'glorot_uniform');
    expect(() => resolveIdentifier('constraint', glorot)).to.throw(ValueError, /"GlorotUniform" is an initializer, not a constraint/);
    const cls = glorot.constructor as never;
    expect(() => resolveIdentifier('constraint', {module: null, className: 'G', config: {}, registeredName: null}, {G: cls})).to.throw(ValueError, /is an initializer, not a constraint/);
    for (const bad of [5, true, [1, 2], {className: 'MaxNorm', config: 3}, {foo: 1}]) {
      expect(() => resolveIdentifier('constraint', bad as never), JSON.stringify(bad)).to.throw(ValueError, /Invalid constraint .*expected a constraint name/);
    }
    expect(() => lookupClass('layer', 'X', null, {X: 3 as never})).to.throw(ValueError, /customObjects\["X"\] must be a class/);
  });

  it('a __proto__ key in a file stays a key and does not replace the prototype', () => {
    // shapes_dict keeps its keys, so `__proto__` arrives as a key
    const parsed = JSON.parse('{"shapes_dict": {"__proto__": {"polluted": 1}, "a_b": 2}}') as ConfigDict;
    const out = (fromKerasKeys(parsed) as Record<string, Record<string, unknown>>)['shapesDict'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(Object.keys(out)).to.deep.equal(['__proto__', 'a_b']);
    expect((out as {polluted?: unknown}).polluted).to.equal(undefined);
  });
});
