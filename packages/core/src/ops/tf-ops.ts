/**
 * The TensorFlow.js ops that Stratum uses as they are. Layers, models and callbacks import them from
 * `@stratum/core`'s `ops` namespace, never from tfjs, so the backend seam stays in core.
 * The hot ops with Stratum's own gradients (matMul, batchMatMul, dense, conv1d/2d/3d, transposed and
 * separable convolutions, depthwiseConv2d, 2-D and 3-D pooling, gather, einsum, the segment reductions)
 * live in ./fast.
 */
export {
  // arithmetic and math
  add, sub, mul, div, divNoNan, floorDiv, mod, pow, neg, abs, sign, square, sqrt, rsqrt, exp, expm1, log,
  log1p, reciprocal, maximum, minimum, squaredDifference, addN, clipByValue, round, floor, ceil,
  sin, cos, tan, tanh, sinh, cosh, atan, atan2, erf,
  // activations
  relu, relu6, elu, selu, leakyRelu, prelu, sigmoid, softplus, logSigmoid, softmax, logSoftmax, step,
  // reductions
  sum, mean, max, min, prod, argMax, argMin, logSumExp, all, any, norm, cumsum, moments, topk,
  // comparison and logic
  equal, notEqual, greater, greaterEqual, less, lessEqual, logicalAnd, logicalOr, logicalNot, where,
  isNaN, isFinite, isInf,
  // shape and structure
  reshape, transpose, expandDims, squeeze, concat, stack, unstack, split, slice, stridedSlice, tile,
  pad, gatherND, reverse, broadcastTo, mirrorPad, scatterND,
  // creation and random
  zeros, ones, zerosLike, onesLike, fill, scalar, tensor, range, oneHot, eye, randomNormal,
  randomUniform, truncatedNormal, randomGamma, multinomial,
  // linear algebra and nn helpers
  dot, outerProduct, batchNorm, localResponseNormalization, conv2dTranspose,
  // gradients and memory
  dropout, grad, grads, valueAndGrad, valueAndGrads, variableGrads, customGrad, tidy, keep, dispose, cast, clone,
  losses as tfLosses,
} from '@tensorflow/tfjs-core';
