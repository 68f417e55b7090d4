export {Callback} from './callback.js';
export type {TrainingModel, CallbackParams} from './callback.js';
export {CallbackList} from './callback-list.js';
export {History} from './history.js';
export {Logs} from './logs.js';
export type {LogValue} from './logs.js';
