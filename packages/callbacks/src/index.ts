/**
 * @stratum/callbacks: the concrete callbacks. Depends on @stratum/core only (the protocol lives there).
 */
import {EarlyStopping} from './early-stopping.js';
import type {EarlyStoppingArgs} from './early-stopping.js';
import {LearningRateScheduler} from './learning-rate-scheduler.js';
import type {LearningRateSchedulerArgs, ScheduleFn} from './learning-rate-scheduler.js';
import {ProgbarLogger} from './progbar-logger.js';
import type {ProgbarLoggerArgs} from './progbar-logger.js';

export {EarlyStopping, LearningRateScheduler, ProgbarLogger};
export type {EarlyStoppingArgs, LearningRateSchedulerArgs, ScheduleFn, ProgbarLoggerArgs};
export type {MonitorMode} from './early-stopping.js';
export {Callback, History} from '@stratum/core';

/** `earlyStopping({monitor: 'val_loss', patience: 3, restoreBestWeights: true})` */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}

/** `learningRateScheduler((epoch, lr) => epoch < 10 ? lr : lr * 0.9)` */
export function learningRateScheduler(args: LearningRateSchedulerArgs | ScheduleFn): LearningRateScheduler {
  return new LearningRateScheduler(args);
}

/** The progress bar `fit` adds by default when verbose > 0. */
export function progbarLogger(args: ProgbarLoggerArgs = {}): ProgbarLogger {
  return new ProgbarLogger(args);
}
