/**
 * Learning-rate schedules: functions of the optimizer step, serializable like every Keras object.
 */
import type {ConfigDict, Serializable} from '../../serialization/config.js';

export abstract class LearningRateSchedule implements Serializable {
  static readonly className: string = 'LearningRateSchedule';
  /** The learning rate at optimizer step `step` (0 for the first update). */
  abstract call(step: number): number;
  abstract getConfig(): ConfigDict;
}
