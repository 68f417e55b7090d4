import {Adam} from './adam.js';
import type {AdamArgs} from './adam.js';

export interface AdamWArgs extends AdamArgs {
  /** Decoupled weight decay, a number >= 0 (not null). Default 0.004. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay `w ← w − w·weightDecay·lr` applied before
 * each Adam update. Keras 3 defaults: learning rate 0.001, weight decay 0.004.
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';
  constructor(args: AdamWArgs = {}) {
    super({...args, weightDecay: args.weightDecay ?? 0.004}, 'adamw');
  }
}
