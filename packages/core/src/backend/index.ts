export {setBackend, getBackend, ready, backendWasChosen} from './backend.js';
export type {BackendName} from './backend.js';
