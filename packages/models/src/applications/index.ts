/**
 * The model zoo (`st.applications`): Keras's application builders with Keras's layer names and exact
 * parameter counts. Weights are never downloaded: pass `weights: null` (random initialization) or the
 * `model.json` of weights you have.
 *
 * ```ts
 * const base = st.applications.mobileNetV2({includeTop: false, inputShape: [96, 96, 3], pooling: 'avg'});
 * ```
 */
export type {ApplicationArgs, ApplicationPooling, ApplicationResult, NoWeights} from './common.js';
export {leNet5} from './lenet.js';
export type {LeNet5Args} from './lenet.js';
export {vgg16, vgg19} from './vgg.js';
export type {VGGArgs} from './vgg.js';
export {resNet50, resNet50V2} from './resnet.js';
export type {ResNetArgs} from './resnet.js';
export {mobileNet} from './mobilenet.js';
export type {MobileNetArgs} from './mobilenet.js';
export {mobileNetV2} from './mobilenet-v2.js';
export type {MobileNetV2Args} from './mobilenet-v2.js';
export {inceptionV3} from './inception-v3.js';
export {denseNet121} from './densenet.js';
export {xception} from './xception.js';
export {efficientNetB0} from './efficientnet.js';
