export * from './tf-ops.js';
export {matMul, dense, conv1d, conv2d, depthwiseConv2d, maxPool, avgPool, gather} from './fast/index.js';
export type {FusedActivation, Padding, Conv1DOptions, Conv2DOptions, Pool2DOptions} from './fast/types.js';
export {variableGradients} from './variable-gradients.js';
export type {VariableGradients} from './variable-gradients.js';
export {stopGradient} from './stop-gradient.js';
export {resize, affineTransform} from './fast/index.js';
export type {ResizeOptions} from './fast/resize.js';
export type {AffineTransformOptions, FillMode} from './fast/affine-transform.js';
