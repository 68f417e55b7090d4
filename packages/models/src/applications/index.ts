/**
 * The model zoo (`st.applications`): Keras's application builders with Keras's layer names and exact
 * parameter counts. Weights are never downloaded: pass `weights: null` (random initialization) or the
 * `model.json` of weights you have.
 */
export type {ApplicationArgs, ApplicationPooling} from './common.js';
export {inceptionV3} from './inception-v3.js';
export {denseNet121} from './densenet.js';
export {xception} from './xception.js';
export {efficientNetB0} from './efficientnet.js';
