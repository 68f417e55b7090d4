/**
 * Hot ops whose forward and backward passes Stratum owns (PERFORMANCE.md): per call, the formulation
 * that is fast on the active backend (backend-choice.ts), each checked against float64 references,
 * numeric gradients and tfjs autodiff on cpu (the *.test.ts files beside these).
 */
export {matMul} from './matmul.js';
export {dense} from './dense.js';
export {conv2d} from './conv2d.js';
export {conv1d} from './conv1d.js';
export {conv3d, convTranspose3d} from './conv3d.js';
export {convTranspose1d, convTranspose2d} from './conv-transpose.js';
export {separableConv2d} from './separable.js';
export {depthwiseConv2d} from './depthwise-conv2d.js';
export {maxPool, avgPool} from './pooling.js';
export {gather} from './gather.js';
export {resize} from './resize.js';
export {affineTransform} from './affine-transform.js';
export {maxPool3d, avgPool3d} from './pooling3d.js';
export {batchMatMul} from './batch-matmul.js';
export {einsum} from './einsum.js';
export {unsortedSegmentSum, segmentSum, segmentMean, segmentMax} from './segment.js';
export {batchNormalize, channelMoments} from './batch-norm.js';
export {meanOver} from './mean-over.js';
