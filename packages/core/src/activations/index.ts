export {getActivation, registerActivation, activationNames, KERAS2_HARD_SIGMOID} from './activations.js';
export type {Activation} from './activations.js';
export {
  linear, sigmoid, tanh, exponential, relu, relu6, leakyRelu, thresholdedRelu, elu, selu, celu, gelu, silu, swish,
  softplus, softsign, logSigmoid, hardSigmoid, hardSigmoidKeras2, hardSilu, hardSwish, hardTanh, mish,
} from './elementwise.js';
export type {ReluOptions} from './elementwise.js';
export {softmax, logSoftmax, glu, sparsemax} from './axis-wise.js';
export type {AxisOptions} from './axis-wise.js';
