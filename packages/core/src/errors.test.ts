import {expect} from 'chai';
import {NotSupportedError, RuntimeError, SerializationError, ShapeError, ValueError, describe as describeValue} from './errors.js';

describe('errors', () => {
  it('each class has its name, message and place in the hierarchy', () => {
    const cases: [Error, string][] = [
      [new ValueError('v'), 'ValueError'],
      [new ShapeError('s'), 'ShapeError'],
      [new SerializationError('x'), 'SerializationError'],
      [new NotSupportedError('n'), 'NotSupportedError'],
      [new RuntimeError('r'), 'RuntimeError'],
    ];
    for (const [e, name] of cases) {
      expect(e).to.be.instanceOf(Error);
      expect(e.name).to.equal(name);
      expect(String(e)).to.match(new RegExp(`^${name}: `));
    }
    expect(new ShapeError('s')).to.be.instanceOf(ValueError);
    expect(new SerializationError('x')).to.not.be.instanceOf(ValueError);
    expect(new RuntimeError('x')).to.not.be.instanceOf(ValueError);
    expect(() => {
      throw new ShapeError('bad shape');
    }).to.throw(ValueError, 'bad shape');
  });

  it('describe renders values short and unambiguously', () => {
    expect(describeValue('relu')).to.equal('"relu"');
    expect(describeValue(-3)).to.equal('-3');
    expect(describeValue(undefined)).to.equal('undefined');
    expect(describeValue(null)).to.equal('null');
    expect(describeValue(NaN)).to.equal('NaN');
    expect(describeValue(-Infinity)).to.equal('-Infinity');
    expect(describeValue(0.1)).to.equal('0.1');
    expect(describeValue([1, 2])).to.equal('[1,2]');
    expect(describeValue({a: 1})).to.equal('{"a":1}');
    expect(describeValue(function myFn() {})).to.equal('function myFn');
    expect(describeValue(() => 0)).to.match(/^function /);
    // anything tensor-like (a `shape` array) is described by its shape, without touching its data
    expect(describeValue({shape: [2, 3], dtype: 'float32'})).to.equal('a tensor of shape [2, 3]');
    // long strings are cut to 80 characters and their length given, even inside objects
    expect(describeValue('x'.repeat(300))).to.equal(`"${'x'.repeat(80)}"… (300 chars)`);
    expect(describeValue('x'.repeat(100_000_000)).length).to.be.below(120);
    expect(describeValue({className: 'y'.repeat(1000)})).to.equal(`{"className":"${'y'.repeat(80)}"… (1000 chars)}`);
    // deep nesting is capped, never a RangeError
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = i % 2 === 0 ? [deep] : {a: deep};
    expect(describeValue(deep)).to.equal('{"a":[{"a":[{…}]}]}');
    const long = describeValue(Array.from({length: 200}, (_, i) => i));
    expect(long.length).to.equal(120);
    expect(long.endsWith('...')).to.equal(true);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).to.equal('[object Object]');
    expect(describeValue(10n)).to.equal('10');
    // a class instance with its own toString (a layer) is described by it, never as [object Object]
    class Thing {
      readonly self = this;
      toString(): string {
        return 'Thing(name=t)';
      }
    }
    expect(describeValue(new Thing())).to.equal('Thing(name=t)');
    expect(describeValue(new Error('boom'))).to.equal('Error: boom');
  });
});
