export {getActivation, registerActivation, activationNames} from './activations.js';
export type {Activation} from './activations.js';
