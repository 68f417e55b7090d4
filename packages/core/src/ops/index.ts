export * from './tf-ops.js';
export {matMul, dense, conv1d, conv2d, depthwiseConv2d, maxPool, avgPool, gather} from './fast/index.js';
export {conv3d, convTranspose1d, convTranspose2d, convTranspose3d, separableConv2d} from './fast/index.js';
export type {FusedActivation, Padding, Conv1DOptions, Conv2DOptions, Pool2DOptions} from './fast/types.js';
export type {Conv3DOptions, ConvTransposeOptions, SeparableConv2DOptions} from './fast/types.js';
export {variableGradients} from './variable-gradients.js';
export type {VariableGradients} from './variable-gradients.js';
