/**
 * Bad arguments to the zoo builders: clear errors naming the builder and the value, before any layer
 * is built (keras/src/applications/imagenet_utils.py obtain_input_shape and the builders' own checks).
 */
import {expect} from 'chai';
import {ValueError, memory, setBackend} from '@stratum/core';
import {Dense, input, resetNames} from '@stratum/layers';
import type {Functional} from '../functional.js';
import type {ApplicationArgs} from './index.js';
import {leNet5, mobileNet, mobileNetV2, resNet50, resNet50V2, vgg16, vgg19} from './index.js';

const builders: [string, (a?: ApplicationArgs) => Functional | Promise<Functional>][] = [
  ['leNet5', leNet5], ['vgg16', vgg16], ['vgg19', vgg19], ['resNet50', resNet50], ['resNet50V2', resNet50V2], ['mobileNet', mobileNet], ['mobileNetV2', mobileNetV2],
];

function refuses(build: () => unknown, pattern: RegExp): void {
  const start = memory().numTensors;
  expect(build).to.throw(ValueError, pattern);
  expect(memory().numTensors, 'nothing half-built').to.equal(start);
}

describe('applications: bad input', () => {
  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(() => resetNames());

  it('every builder refuses a too small input, a wrong rank, classes 0, pooling sum and weights imagenet', () => {
    for (const [name, build] of builders) {
      const c = name === 'leNet5' ? 1 : 3;
      const min = name === 'leNet5' ? 16 : 32;
      refuses(() => build({includeTop: false, inputShape: [min - 1, 64, c]}), new RegExp(`^${name}: input height and width must be at least ${min}, received inputShape \\[${min - 1},64,${c}\\]`));
      refuses(() => build({inputShape: [224, 224]}), new RegExp(`^${name}: inputShape must be \\[height, width, channels\\].*received \\[224,224\\]`));
      refuses(() => build({inputShape: [1, 64, 64, 3]}), /inputShape must be \[height, width, channels\]/);
      refuses(() => build({classes: 0}), new RegExp(`^${name}: classes must be a positive integer, received 0`));
      refuses(() => build({classes: 2.5}), /classes must be a positive integer, received 2.5/);
      refuses(() => build({includeTop: false, pooling: 'sum' as 'avg'}), new RegExp(`^${name}: pooling must be 'avg', 'max' or null, received "sum"`));
      refuses(() => build({weights: 'imagenet'}), new RegExp(`^${name}: weights 'imagenet' would need a download, which Stratum never does`));
      // obtain_input_shape: with the classifier the size must be static.
      refuses(() => build({inputShape: [null as unknown as number, 64, c]}), new RegExp(`^${name}: with includeTop, inputShape must be static`));
    }
  });

  it('MobileNet refuses a bad alpha, depthMultiplier or dropout; MobileNetV2 a bad alpha', () => {
    refuses(() => mobileNet({alpha: 0}), /^mobileNet: alpha must be a positive number, received 0/);
    refuses(() => mobileNet({alpha: 0.01}), /^mobileNet: alpha 0.01 leaves the first convolution without filters/);
    refuses(() => mobileNet({depthMultiplier: 1.5}), /^mobileNet: depthMultiplier must be a positive integer, received 1.5/);
    refuses(() => mobileNet({dropout: 1}), /^mobileNet: dropout must be a rate in \[0, 1\), received 1/);
    refuses(() => mobileNetV2({alpha: -1}), /^mobileNetV2: alpha must be a positive number, received -1/);
    refuses(() => mobileNetV2({alpha: Number.NaN}), /^mobileNetV2: alpha must be a positive number/);
  });

  it('inputTensor must come from input(); with weights, the input needs the architecture\'s channels', () => {
    const x = input({shape: [8]});
    const y = new Dense({units: 3, name: 'not_an_input'}).apply(x);
    refuses(() => resNet50({inputTensor: y}), /^resNet50: inputTensor must come from input\(\), but it is the output of layer "not_an_input"/);
    refuses(() => resNet50({inputTensor: {shape: [1]} as never}), /^resNet50: inputTensor must be a symbolic tensor from input\(\)/);
    refuses(() => vgg16({includeTop: false, inputShape: [64, 64, 4], weights: 'file:///nowhere/model.json'}), /^vgg16: with weights, the input must have 3 channels/);
  });

  it('types: no weights gives a Functional, a weights source a Promise', () => {
    const m: Functional = leNet5({weights: null, inputShape: [16, 16, 1]});
    m.dispose();
    type WithSource = ReturnType<typeof leNet5<{weights: string}>>;
    const isPromise: WithSource extends Promise<Functional> ? true : false = true;
    type Unknown = ReturnType<typeof leNet5<ApplicationArgs>>;
    const isEither: Functional | Promise<Functional> extends Unknown ? true : false = true;
    expect([isPromise, isEither]).to.deep.equal([true, true]);
  });
});
