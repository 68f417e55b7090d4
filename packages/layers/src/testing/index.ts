export {runLayerTest} from './layer-test.js';
export type {LayerTestSpec} from './layer-test.js';
