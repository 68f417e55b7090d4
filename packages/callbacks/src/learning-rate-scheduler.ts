/**
 * Sets the optimizer's learning rate at the start of every epoch from `schedule(epoch, lr)`
 * (Keras `LearningRateScheduler`); adds `learning_rate` to the epoch logs.
 */
import {Callback, RuntimeError, ValueError, describe} from '@stratum/core';
import type {Logs} from '@stratum/core';

export type ScheduleFn = (epoch: number, lr: number) => number | Promise<number>;

export interface LearningRateSchedulerArgs {
  schedule: ScheduleFn;
  /** 1 prints each change. Default 0. */
  verbose?: number;
}

export class LearningRateScheduler extends Callback {
  readonly schedule: ScheduleFn;
  readonly verbose: number;
  constructor(args: LearningRateSchedulerArgs | ScheduleFn) {
    super();
    const a = typeof args === 'function' ? {schedule: args} : args;
    if (typeof a.schedule !== 'function') throw new ValueError(`LearningRateScheduler: schedule must be a function (epoch, lr) => lr, received ${describe(a.schedule)}`);
    this.schedule = a.schedule;
    this.verbose = a.verbose ?? 0;
  }

  private get optimizer() {
    const opt = this.model?.optimizer ?? null;
    if (opt === null) throw new RuntimeError('LearningRateScheduler: the model has no optimizer; compile it first');
    return opt;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    const opt = this.optimizer;
    const lr = await this.schedule(epoch, opt.learningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ValueError(`LearningRateScheduler: the schedule must return a finite number >= 0, returned ${describe(lr)} at epoch ${epoch}`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs): void {
    logs.set('learning_rate', this.optimizer.learningRate);
  }
}
