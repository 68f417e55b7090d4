export {describeBackends, testBackends, expectNoLeaks} from './backends.js';
export {expectClose, numericGradient} from './numeric.js';
export type {NumArray} from './numeric.js';
