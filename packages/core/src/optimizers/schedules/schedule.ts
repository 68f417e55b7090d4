/**
 * Learning-rate schedules: functions of the optimizer step, serializable like every Keras object.
 */
import type {ConfigDict, Serializable} from '../../serialization/config.js';

/**
 * A learning rate that depends on the optimizer step (the number of updates applied so far). Pass one as
 * an optimizer's `learningRate`; subclasses implement {@link call} and `getConfig`, and register with
 * `registerSerializable(Cls, {category: 'schedule', package: '...'})` to be saved and loaded.
 */
export abstract class LearningRateSchedule implements Serializable {
  static readonly className: string = 'LearningRateSchedule';
  /** The learning rate at optimizer step `step` (0 for the first update). */
  abstract call(step: number): number;
  abstract getConfig(): ConfigDict;
}
