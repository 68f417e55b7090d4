/**
 * Saving and loading (DESIGN §5): Keras 3 JSON is the native topology format (`model.toJSON()`,
 * `fromJSON`), Keras 2 JSON and TF.js `model.json` are read too, and `model.save` / `loadModel` use the
 * TF.js layers format (model.json + weight shards).
 */
export {modelToJSON, modelToConfig, STRATUM_VERSION} from './to-json.js';
export type {JsonFlavor} from './to-json.js';
export {fromJSON} from './from-json.js';
export type {FromJSONOptions} from './from-json.js';
export {saveModel, modelArtifacts} from './save.js';
export type {SaveOptions} from './save.js';
export {loadModel, loadWeights} from './load.js';
export type {LoadOptions, ModelSource} from './load.js';
export type {IOHandler, ModelArtifacts, SaveResult} from './io.js';
export type {WeightSpec, WeightsManifestGroup} from './weights.js';
