export {flatten, isRecord, mapStructure, packSequenceAs} from './nested.js';
export type {Nested} from './nested.js';
